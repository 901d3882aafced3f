import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  TYPE,
  isPluralElement,
  isSelectElement,
  isTagElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import admin from '../../cms/src/admin/translations/da/admin.json';
import contentManager from '../../cms/src/admin/translations/da/content-manager.json';
import upload from '../../cms/src/admin/translations/da/upload.json';

const require = createRequire(path.join(import.meta.dirname, '../../cms/package.json'));
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const strapiMessages = async (file: string): Promise<Record<string, string>> => {
  if (!fs.existsSync(file)) return {};
  return ((await import(pathToFileURL(file).href)) as { default: Record<string, string> }).default;
};

/**
 * Strapi's admin screens an editor never meets stay as Strapi ships them: its guided tour (turned
 * off in cms/src/admin/app.tsx), trial, upsell and survey banners, paid-plan pages, SSO, audit logs,
 * logo customisation and the developer's API, admin and transfer tokens.
 */
const NOT_FOR_EDITORS = [
  /^tours\.(?!profile\.)/,
  /^app\.components\.(GuidedTour|FreeTrial|NpsSurvey|UpsellBanner)/,
  /^Settings\.(page\.Purchase|page\.purchase|permissions\.auditLogs|application\.|sso\.|apiTokens\.|adminTokens\.|transferTokens\.|tokens\.)/,
  /^notification\.ee\./,
];

/** The arguments ({count}) and rich-text tags (<b>) of an ICU message, which a translation must keep. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (isTagElement(element)) {
        names.add(`<${element.value}>`);
        walk(element.children);
      } else if ('value' in element && element.type !== TYPE.literal) {
        names.add(String(element.value));
      }
      if (isPluralElement(element) || isSelectElement(element))
        for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

const PLUGINS = [
  {
    name: 'content manager',
    ours: contentManager,
    dir: () => path.join(packageDir('@strapi/content-manager'), 'dist', 'admin'),
  },
  {
    name: 'media library',
    ours: upload,
    dir: () => path.join(packageDir('@strapi/upload'), 'dist', 'admin'),
  },
  {
    name: 'admin',
    ours: admin,
    dir: () => path.join(packageDir('@strapi/admin'), 'dist', 'admin', 'admin', 'src'),
  },
];

describe.each(PLUGINS)('the Danish admin: $name', ({ ours, dir }) => {
  const translations = () => path.join(dir(), 'translations');

  it('translates every message Strapi has in English and not in Danish, except screens editors never meet', async () => {
    const english = await strapiMessages(path.join(translations(), 'en.json.mjs'));
    const danish = { ...(await strapiMessages(path.join(translations(), 'da.json.mjs'))), ...ours };
    const missing = Object.keys(english).filter(
      (key) => !(key in danish) && !NOT_FOR_EDITORS.some((pattern) => pattern.test(key)),
    );
    expect(missing).toEqual([]);
  });

  it('keeps every placeholder and tag of the English message', async () => {
    const english = await strapiMessages(path.join(translations(), 'en.json.mjs'));
    const changed = Object.entries(ours as Record<string, string>).filter(
      ([key, message]) =>
        key in english && placeholders(message).join() !== placeholders(english[key]!).join(),
    );
    expect(changed.map(([key]) => key)).toEqual([]);
  });

  it('has no key that Strapi does not use', async () => {
    const english = await strapiMessages(path.join(translations(), 'en.json.mjs'));
    const danish = await strapiMessages(path.join(translations(), 'da.json.mjs'));
    // A few keys are used in Strapi's code without an English entry (it falls back to the text in the code).
    const unknown = Object.keys(ours).filter((key) => !(key in english) && !(key in danish));
    const code = fs
      .readdirSync(dir(), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.mjs'));
    const source = code
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    expect(
      unknown.filter(
        (key) =>
          !source.includes(`'${key}'`) &&
          !source.includes(`"${key}"`) &&
          !source.includes(`\`${key}\``),
      ),
    ).toEqual([]);
  });
});
