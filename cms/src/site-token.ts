import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS } from '@blog/shared';
import { cmsSettings } from './settings';

export const SITE_TOKEN_NAME = 'Site builder (read-only)';

/**
 * The permissions the site needs: read the five content types and the sync state, nothing else (no
 * users, no admin).
 */
const READ_ACTIONS = [
  ...Object.values(CONTENT_UIDS).flatMap((uid) =>
    uid === CONTENT_UIDS.site ? [`${uid}.find`] : [`${uid}.find`, `${uid}.findOne`],
  ),
  'api::site-sync.site-sync.find',
];

/** Where the token is kept for the site builder: SITE_TOKEN_FILE, else cms/.tmp/site-token.json (git-ignored). */
export function siteTokenFile(strapi: Core.Strapi): string {
  return path.resolve(strapi.dirs.app.root, cmsSettings().siteTokenFile);
}

interface TokenService {
  getByName(name: string): Promise<{ id: number; type: string; permissions: string[] } | null>;
  hash(accessKey: string): string;
  create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
  regenerate(id: number): Promise<{ accessKey: string }>;
  update(id: number, attributes: Record<string, unknown>): Promise<unknown>;
}

/**
 * Makes sure the site builder has a working read-only API token. Strapi stores only a hash of a
 * token, so the plain key is written to a local file (mode 600) when it is created; if the file is
 * lost or no longer matches, the token is regenerated. The key itself is never logged.
 */
export async function ensureSiteToken(strapi: Core.Strapi): Promise<void> {
  const tokens = strapi.service('admin::api-token-content-api') as unknown as TokenService;
  const file = siteTokenFile(strapi);
  const existing = await tokens.getByName(SITE_TOKEN_NAME);
  if (
    existing &&
    (existing.type !== 'custom' || !sameActions(existing.permissions, READ_ACTIONS))
  ) {
    // Made by an older version of the CMS, or widened in the admin: back to exactly these reads.
    await tokens.update(existing.id, { type: 'custom', permissions: READ_ACTIONS });
    strapi.log.info(
      `[site-token] Updated the site token's permissions to: ${READ_ACTIONS.join(', ')}`,
    );
  }
  // The service leaves the hash out of what it returns; it is needed to check the saved key.
  const stored =
    existing &&
    (await strapi.db
      .query('admin::api-token')
      .findOne({ where: { id: existing.id }, select: ['accessKey'] }));
  const saved = readSavedToken(file);
  if (stored && saved && tokens.hash(saved) === stored.accessKey) return;

  const { accessKey } = existing
    ? await tokens.regenerate(existing.id)
    : await tokens.create({
        name: SITE_TOKEN_NAME,
        description:
          'Used by the Astro site to read published content at build time. Created by the CMS on first start.',
        type: 'custom',
        permissions: READ_ACTIONS,
        lifespan: null,
      });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify({ token: accessKey, name: SITE_TOKEN_NAME }, null, 2)}\n`,
    { mode: 0o600 },
  );
  strapi.log.info(
    `[site-token] ${existing ? 'Regenerated' : 'Created'} the site's read-only API token in ${file}`,
  );
}

function sameActions(have: string[], want: string[]): boolean {
  return have.length === want.length && want.every((action) => have.includes(action));
}

function readSavedToken(file: string): string | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { token?: unknown };
    return typeof parsed.token === 'string' ? parsed.token : null;
  } catch {
    return null;
  }
}
