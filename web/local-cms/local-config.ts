import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { cmsDir } from '@blog/cms/local';

/**
 * A setting the site side shares with the CMS (webhook and preview secrets, the token file): the
 * process environment first, else the local CMS's cms/.env, which `npm install` writes.
 */
export function sharedSetting(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  const envFile = path.join(cmsDir, '.env');
  if (!fs.existsSync(envFile)) return undefined;
  return parseEnv(fs.readFileSync(envFile, 'utf8'))[name] || undefined;
}

export function requireSharedSetting(name: string): string {
  const value = sharedSetting(name);
  if (!value)
    throw new Error(
      `${name} is not set (in the environment or cms/.env); run npm install to create cms/.env.`,
    );
  return value;
}
