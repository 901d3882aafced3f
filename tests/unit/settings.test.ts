import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defineSettings, readSettings, SettingError, settingKinds as k } from '@blog/shared';
import { CMS_SETTINGS, cmsSettings } from '../../cms/src/cms-settings';
import { ensureEnv } from '@blog/cms/local';
import { SITE_SETTINGS, siteSettings } from '../../web/src/site-settings';
import { cmsDir, repoRoot } from '../helpers/paths';

const specs = defineSettings({
  port: { env: 'A_PORT', kind: k.port, default: '4321', meaning: 'where it listens' },
  url: { env: 'A_URL', kind: k.url, meaning: 'an address' },
  secret: { env: 'A_SECRET', kind: k.text, required: true, meaning: 'a secret' },
  flag: { env: 'A_FLAG', kind: k.flag, default: 'false', meaning: 'a switch' },
  list: { env: 'A_LIST', kind: k.list, default: 'x', meaning: 'some keys' },
  level: { env: 'A_LEVEL', kind: k.oneOf('info', 'debug'), default: 'info', meaning: 'a level' },
  heap: { env: 'A_HEAP', kind: k.wholeNumber, default: '640', meaning: 'a size' },
  ratio: { env: 'A_RATIO', kind: k.positiveNumber, default: '32', meaning: 'a share' },
});
const read = (env: Record<string, string>) => readSettings(specs, { A_SECRET: 's', ...env });
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as SettingError;
  }
  throw new Error('expected a SettingError');
};

describe('settings from the environment', () => {
  it('uses the defaults when a variable is unset or blank, and leaves optional ones undefined', () => {
    expect(read({ A_PORT: '  ' })).toEqual({
      port: 4321,
      url: undefined,
      secret: 's',
      flag: false,
      list: ['x'],
      level: 'info',
      heap: 640,
      ratio: 32,
    });
  });

  it('parses what is set', () => {
    const values = read({
      A_PORT: '8080',
      A_URL: 'https://cms.example.test/',
      A_FLAG: '1',
      A_LIST: 'a, b,,c',
      A_LEVEL: 'debug',
      A_HEAP: '0',
      A_RATIO: '0.5',
    });
    expect(values).toMatchObject({ port: 8080, url: 'https://cms.example.test', flag: true });
    expect(values).toMatchObject({ list: ['a', 'b', 'c'], level: 'debug', heap: 0, ratio: 0.5 });
  });

  it.each([
    ['A_PORT', '70000', 'a port number (1–65535)'],
    ['A_PORT', 'http', 'a port number (1–65535)'],
    ['A_URL', 'cms.example.test', 'an http(s) address'],
    ['A_URL', 'ftp://cms.example.test', 'an http(s) address'],
    ['A_FLAG', 'yes', 'true or false (or 1 or 0)'],
    ['A_LEVEL', 'verbose', 'one of info, debug'],
    ['A_HEAP', '1.5', 'a whole number, 0 or more'],
    ['A_HEAP', '-1', 'a whole number, 0 or more'],
    ['A_RATIO', '0', 'a positive number'],
    ['A_RATIO', 'lots', 'a positive number'],
  ])('names %s and its value "%s" when it is not %s', (name, raw, expected) => {
    const error = errorOf(() => read({ [name]: raw }));
    expect(error).toBeInstanceOf(SettingError);
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(
      new RegExp(`^${name} must be ${expected.replace(/[()]/g, '\\$&')}, not "${raw}" \\(`),
    );
  });

  it('names a required variable that is missing', () => {
    const error = errorOf(() => readSettings(specs, {}));
    expect(error.message).toBe('A_SECRET is not set (a secret).');
  });

  it('reads the site settings and the CMS settings, each with their defaults', () => {
    expect(siteSettings({})).toMatchObject({
      port: 4321,
      siteUrl: 'http://localhost:4321',
      buildHeapMb: 640,
    });
    expect(() => siteSettings({ SITE_BUILD_HEAP_MB: 'lots' })).toThrow(
      /^SITE_BUILD_HEAP_MB must be/,
    );
    expect(() => cmsSettings({})).toThrow(/^APP_KEYS is not set/);
  });

  it('names the production setting that is wrong: a public or media address, a proxy, an ACL', () => {
    const secrets: Record<string, string> = { APP_KEYS: 'a,b' };
    for (const name of [
      'API_TOKEN_SALT',
      'ADMIN_JWT_SECRET',
      'TRANSFER_TOKEN_SALT',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
    ])
      secrets[name] = 'x';
    const cms = (env: Record<string, string>) => () => cmsSettings({ ...secrets, ...env });
    expect(cms({ PUBLIC_URL: 'cms.example.dk' })).toThrow(
      /^PUBLIC_URL must be an http\(s\) address, not "cms.example.dk"/,
    );
    expect(cms({ S3_PUBLIC_URL: 'bucket/media' })).toThrow(/^S3_PUBLIC_URL must be/);
    expect(cms({ S3_ENDPOINT: 'ftp://storage' })).toThrow(/^S3_ENDPOINT must be/);
    expect(cms({ S3_ACL: 'private' })).toThrow(/^S3_ACL must be one of public-read, none/);
    expect(cms({ TRUSTED_PROXIES: 'caddy' })).toThrow(/^TRUSTED_PROXIES must be loopback, none/);
    expect(cms({ SMTP_PORT: '0' })).toThrow(/^SMTP_PORT must be a port number/);
    expect(() => siteSettings({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(
      /^TRUSTED_PROXIES must be/,
    );
    expect(() => siteSettings({ CMS_MEDIA_URL: 'media' })).toThrow(/^CMS_MEDIA_URL must be/);
  });
});

describe('the settings and their documentation', () => {
  const names = (specsOf: Record<string, { env: string }>) =>
    Object.values(specsOf)
      .map((spec) => spec.env)
      .sort();

  it("docs/operations.md's configuration table lists exactly the site's settings", () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'operations.md'), 'utf8');
    const at = doc.indexOf('## Configuration');
    expect(at, 'a Configuration section').toBeGreaterThanOrEqual(0);
    const next = doc.indexOf('\n## ', at + 1);
    const section = doc.slice(at, next < 0 ? undefined : next);
    const documented = [...section.matchAll(/^\| (`[^|]+`) \|/gm)]
      .flatMap(([, cell]) => [...cell!.matchAll(/`([A-Z_]+)(=[^`]*)?`/g)].map(([, name]) => name!))
      .sort();
    expect(documented).toEqual(names(SITE_SETTINGS));
  });

  it('cms/.env.example documents exactly the CMS settings', () => {
    const example = fs.readFileSync(path.join(cmsDir, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)]
      .map(([, name]) => name!)
      .sort();
    expect(documented).toEqual(names(CMS_SETTINGS));
  });

  it('the .env that npm install writes holds valid CMS settings', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'blog-env-')), '.env');
    ensureEnv(file);
    const settings = cmsSettings(parseEnv(fs.readFileSync(file, 'utf8')));
    expect(settings.appKeys).toHaveLength(4);
    expect(settings.port).toBe(1337);
  });
});
