// Writes cms/.env with fresh secrets on first run, and adds any variable a newer version needs
// to an existing one, except what the environment already sets. Secrets never leave this machine;
// .env is git-ignored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cmsDir } from './cms-paths.mjs';

const secret = () => crypto.randomBytes(32).toString('base64url');

/** Every variable .env gets, with the value a new installation starts from. */
const DEFAULTS = {
  HOST: () => '0.0.0.0',
  PORT: () => '1337',
  APP_KEYS: () => [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret,
  ADMIN_JWT_SECRET: secret,
  TRANSFER_TOKEN_SALT: secret,
  JWT_SECRET: secret,
  ENCRYPTION_KEY: secret,
  SITE_SERVER_URL: () => 'http://localhost:4321',
  SITE_WEBHOOK_SECRET: secret,
  PREVIEW_SECRET: secret,
  SUBSCRIBER_SECRET: secret,
  STRAPI_TELEMETRY_DISABLED: () => 'true',
};

export function ensureEnv(file = path.join(cmsDir, '.env')) {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const present = new Set(
    existing
      .split('\n')
      .map((line) => line.split('=')[0].trim())
      .filter(Boolean),
  );
  // A variable the environment sets (a production service's own secrets) is not written here:
  // Strapi would take the environment's anyway, and a second, unused secret would only mislead.
  const missing = Object.entries(DEFAULTS).filter(
    ([key]) => !present.has(key) && process.env[key] === undefined,
  );
  if (missing.length === 0) return { file, added: [] };
  const lines = missing.map(([key, make]) => `${key}=${make()}`);
  const header = existing
    ? existing.endsWith('\n')
      ? ''
      : '\n'
    : '# Generated on first run; see .env.example for what each variable does.\n';
  fs.writeFileSync(file, `${existing}${header}${lines.join('\n')}\n`, { mode: 0o600 });
  return { file, added: missing.map(([key]) => key) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { file, added } = ensureEnv();
  if (added.length)
    console.log(
      `[cms] Wrote ${added.length} variable(s) to ${path.relative(process.cwd(), file) || file}: ${added.join(', ')}`,
    );
}
