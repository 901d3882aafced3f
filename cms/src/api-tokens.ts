import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS, INQUIRY_UID, SUBSCRIBER_UID } from '@blog/shared';
import { cmsSettings } from './cms-settings';

/** An API token the CMS keeps for the site server, with exactly these permissions. */
interface TokenSpec {
  name: string;
  description: string;
  permissions: string[];
  /** Where the plain key is written for the site server (relative to cms/, or absolute). */
  file: string;
}

/**
 * The site's read token: the five content types and the sync state, nothing else (no users, no
 * admin, no inquiries).
 */
const SITE_TOKEN = (): TokenSpec => ({
  name: 'Site builder (read-only)',
  description:
    'Used by the Astro site to read published content at build time. Created by the CMS on first start.',
  permissions: [
    ...Object.values(CONTENT_UIDS).flatMap((uid) =>
      uid === CONTENT_UIDS.site ? [`${uid}.find`] : [`${uid}.find`, `${uid}.findOne`],
    ),
    'api::site-sync.site-sync.find',
  ],
  file: cmsSettings().siteTokenFile,
});

/**
 * The site's forms token: it may hand in contact-form messages and newsletter sign-ups, and use a
 * confirm or unsubscribe link; it reads nothing.
 */
const INQUIRY_TOKEN = (): TokenSpec => ({
  name: 'Site forms (inquiries, newsletter sign-ups)',
  description:
    'Used by the site server to hand in what readers send with its forms. Created by the CMS on first start.',
  permissions: [
    `${INQUIRY_UID}.create`,
    `${SUBSCRIBER_UID}.signUp`,
    `${SUBSCRIBER_UID}.confirm`,
    `${SUBSCRIBER_UID}.unsubscribe`,
  ],
  file: cmsSettings().inquiryTokenFile,
});
/** That token's name before it took newsletter sign-ups too: revoked when found. */
const OLD_INQUIRY_TOKEN_NAME = 'Contact form (create inquiries only)';

/**
 * The import's token (`npm run import`): it may hand records and files to the import's routes,
 * which write only what an import brings, and do nothing else.
 */
const IMPORT_TOKEN = (): TokenSpec => ({
  name: 'Import (posts, pages, authors, tags, media)',
  description:
    'Used by `npm run import` to bring content from another system. Created by the CMS on first start.',
  permissions: [
    'api::content-import.content-import.entries',
    'api::content-import.content-import.media',
  ],
  file: cmsSettings().importTokenFile,
});

/** Makes sure the site server's tokens exist, with exactly their permissions, and their files match. */
export async function ensureApiTokens(strapi: Core.Strapi): Promise<void> {
  const tokens = strapi.service('admin::api-token-content-api') as unknown as TokenService;
  const old = await tokens.getByName(OLD_INQUIRY_TOKEN_NAME);
  if (old) {
    await tokens.revoke(old.id);
    strapi.log.info(
      `[api-tokens] Revoked "${OLD_INQUIRY_TOKEN_NAME}": the site forms token replaces it`,
    );
  }
  for (const spec of [SITE_TOKEN(), INQUIRY_TOKEN(), IMPORT_TOKEN()])
    await ensureApiToken(strapi, spec);
}

interface TokenService {
  getByName(name: string): Promise<{ id: number; type: string; permissions: string[] } | null>;
  hash(accessKey: string): string;
  create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
  regenerate(id: number): Promise<{ accessKey: string }>;
  update(id: number, attributes: Record<string, unknown>): Promise<unknown>;
  revoke(id: number): Promise<unknown>;
}

/**
 * Makes sure a token exists with exactly the spec's permissions. Strapi stores only a hash of a
 * token, so the plain key is written to a local file (mode 600) when it is created; if the file is
 * lost or no longer matches, the token is regenerated. The key itself is never logged.
 */
async function ensureApiToken(strapi: Core.Strapi, spec: TokenSpec): Promise<void> {
  const tokens = strapi.service('admin::api-token-content-api') as unknown as TokenService;
  const file = path.resolve(strapi.dirs.app.root, spec.file);
  const existing = await tokens.getByName(spec.name);
  if (
    existing &&
    (existing.type !== 'custom' || !sameActions(existing.permissions, spec.permissions))
  ) {
    // Made by an older version of the CMS, or widened in the admin: back to exactly these.
    await tokens.update(existing.id, { type: 'custom', permissions: spec.permissions });
    strapi.log.info(
      `[api-tokens] Reset the permissions of "${spec.name}" to: ${spec.permissions.join(', ')}`,
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
        name: spec.name,
        description: spec.description,
        type: 'custom',
        permissions: spec.permissions,
        lifespan: null,
      });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ token: accessKey, name: spec.name }, null, 2)}\n`, {
    mode: 0o600,
  });
  strapi.log.info(
    `[api-tokens] ${existing ? 'Regenerated' : 'Created'} the token "${spec.name}" in ${file}`,
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
