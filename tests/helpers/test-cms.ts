import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { compiledCms } from './compile-cms';

// @strapi/strapi's ESM entry does not load under vitest; its CommonJS one does.
const require = createRequire(import.meta.url);

export interface TestCms {
  /** The Strapi instance, for the document service (strapi.documents), typed from the schemas. */
  strapi: Core.Strapi;
  url: string;
  /** The site's read-only token, as the CMS wrote it to its token file. */
  token: string;
  /** The site forms' token (inquiries, newsletter sign-ups), from its token file. */
  inquiryToken: string;
  /** The import's token (`npm run import`), from its token file. */
  importToken: string;
  /** Where the CMS writes inquiry mails as .eml files when no SMTP server is set. */
  mailDir: string;
  dir: string;
  /** Closes the HTTP server only: the CMS is then unreachable, as when it is stopped. */
  closeServer(): Promise<void>;
  /** Listens again on the same port after closeServer(). */
  reopenServer(): Promise<void>;
  destroy(): Promise<void>;
}

/** What a query must have found: the test fails here, naming it, when it is missing. */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found none`);
  return value;
}

/**
 * Registers the first administrator through the admin's API (as its first screen does) and returns
 * the session token for the admin's own API (content manager, settings).
 */
export async function registerFirstAdmin(
  url: string,
  admin = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' },
): Promise<string> {
  const response = await fetch(`${url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (!response.ok)
    throw new Error(
      `Registering the first administrator: ${response.status} ${await response.text()}`,
    );
  return ((await response.json()) as { data: { token: string } }).data.token;
}

/** A random secret, as an operator makes one. */
export const randomSecret = () => crypto.randomBytes(24).toString('base64');

/** Fresh values for the secrets the CMS cannot start without. */
export function cmsSecrets(): Record<string, string> {
  return {
    APP_KEYS: `${randomSecret()},${randomSecret()}`,
    API_TOKEN_SALT: randomSecret(),
    ADMIN_JWT_SECRET: randomSecret(),
    TRANSFER_TOKEN_SALT: randomSecret(),
    JWT_SECRET: randomSecret(),
    ENCRYPTION_KEY: randomSecret(),
  };
}

/** Set by tests/run.mjs for the PostgreSQL pass (TEST_DATABASE_URL names the server). */
export const usesPostgres = () => process.env.CMS_TEST_DATABASE === 'postgres';

/** A fresh PostgreSQL database for a test CMS's directory (the same one again for a restart). */
async function postgresDatabaseFor(dir: string): Promise<string> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server)
    throw new Error(
      'CMS_TEST_DATABASE=postgres needs TEST_DATABASE_URL (postgres://user:password@host:port/postgres)',
    );
  const nameFile = path.join(dir, 'postgres-database');
  if (!fs.existsSync(nameFile)) {
    const name = `blog_test_${crypto.randomBytes(6).toString('hex')}`;
    const { Client } = require('pg');
    const client = new Client({ connectionString: server });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    fs.writeFileSync(nameFile, name);
  }
  const url = new URL(server);
  url.pathname = `/${fs.readFileSync(nameFile, 'utf8').trim()}`;
  return url.href;
}

/** Folders made for test CMSs in this process: removed when it exits (a restart reuses one). */
const madeDirs: string[] = [];
process.on('exit', () => {
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function madeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-cms-'));
  madeDirs.push(dir);
  return dir;
}

/**
 * Boots the real CMS in this process on a SQLite file in a temporary directory (or `dir`, to
 * restart on the same database), with fresh secrets, and serves it on a free loopback port.
 */
export async function startTestCms(
  options: { dir?: string; serveAdminPanel?: boolean } = {},
): Promise<TestCms> {
  const dir = options.dir ?? madeDir();
  const secretsFile = path.join(dir, 'secrets.json');
  if (!fs.existsSync(secretsFile)) fs.writeFileSync(secretsFile, JSON.stringify(cmsSecrets()));
  if (usesPostgres()) process.env.DATABASE_URL = await postgresDatabaseFor(dir);
  Object.assign(process.env, JSON.parse(fs.readFileSync(secretsFile, 'utf8')), {
    DATABASE_FILENAME: path.join(dir, 'data.db'),
    SITE_TOKEN_FILE: path.join(dir, 'site-token.json'),
    INQUIRY_TOKEN_FILE: path.join(dir, 'inquiry-token.json'),
    IMPORT_TOKEN_FILE: path.join(dir, 'import-token.json'),
    MAIL_DIR: path.join(dir, 'mail'),
    HOST: '127.0.0.1',
    STRAPI_TELEMETRY_DISABLED: 'true',
  });

  const { createStrapi } = require('@strapi/strapi');
  const appContext = await compiledCms(); // compiled once per run (compile-cms.ts)
  const strapi = await createStrapi({
    ...appContext,
    autoReload: false,
    serveAdminPanel: options.serveAdminPanel ?? false,
  }).load();
  strapi.server.mount();
  const httpServer = strapi.server.httpServer;
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const tokenIn = (file: string) =>
    (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { token: string }).token;

  return {
    strapi,
    url: `http://127.0.0.1:${port}`,
    token: tokenIn('site-token.json'),
    inquiryToken: tokenIn('inquiry-token.json'),
    importToken: tokenIn('import-token.json'),
    mailDir: path.join(dir, 'mail'),
    dir,
    closeServer: () =>
      new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.closeAllConnections?.();
        httpServer.close(() => resolve());
      }),
    reopenServer: () =>
      new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve)),
    async destroy() {
      // strapi.destroy() removes every process listener, including vitest's own; put them back.
      const saved = process
        .eventNames()
        .map((name) => [name, process.listeners(name as never)] as const);
      await strapi.destroy();
      for (const [name, listeners] of saved) {
        for (const listener of listeners) {
          if (!process.listeners(name as never).includes(listener as never))
            process.on(name as never, listener as never);
        }
      }
    },
  };
}
