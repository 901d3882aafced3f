/**
 * What an import (`npm run import -- wordpress FILE.xml`) hands the CMS, and what the CMS answers:
 * records keyed by the old system's ids, so a second run updates what the first brought in instead
 * of making it twice, and leaves alone what the editor has changed since.
 *
 * - `POST /api/content-import/entries` `{ records, dryRun }` → `{ data: ImportOutcome[] }`
 * - `POST /api/content-import/media` (multipart: `file`, `key`, `alternativeText`, `caption`,
 *   `dryRun`) → `{ data: MediaOutcome }`
 *
 * Both need the import's own API token (cms/.tmp/import-token.json), which can do nothing else.
 */
export const CONTENT_IMPORT_PATH = 'content-import';
export const IMPORT_RECORD_UID = 'api::import-record.import-record';

export const IMPORTED_TYPES = ['author', 'tag', 'post', 'page'] as const;
export type ImportedType = (typeof IMPORTED_TYPES)[number];

export interface ImportRecord {
  type: ImportedType;
  /** The item's key in the old system, stable across runs: "wordpress:post:12". */
  key: string;
  /** published: on the site (a future date schedules it); draft: kept for the editor. */
  state: 'published' | 'draft';
  /** The entry's own fields, as the CMS's document service takes them (no relations, no media). */
  fields: Record<string, unknown>;
  /** Relations and media, by the keys their records were imported under. */
  links?: { author?: string | null; tags?: string[]; cover?: string | null };
  /** The old system's addresses of the entry (normalised paths); the site redirects them. */
  oldAddresses: string[];
}

/**
 * - created / updated: written (in a dry run: would be);
 * - matched: the CMS already had it (a tag or author of the same name, a post or page with the
 *   same slug and title, like the seeded first post): kept as it is, its old addresses added;
 * - unchanged: the same as the last run brought in;
 * - edited: changed in the CMS since it was imported: left as the editor made it;
 * - deleted: deleted in the CMS since it was imported: not brought back;
 * - failed: refused, with the reason.
 */
export type ImportAction =
  'created' | 'updated' | 'matched' | 'unchanged' | 'edited' | 'deleted' | 'failed';

export interface ImportOutcome {
  key: string;
  action: ImportAction;
  /** The entry's slug in the CMS (after it was made unique), when there is an entry. */
  slug?: string;
  /** Why it failed, or what was left out (a relation to something not imported). */
  message?: string;
}

export interface MediaOutcome {
  key: string;
  action: 'created' | 'unchanged' | 'failed';
  /**
   * The file as the media library describes it (id, name, url, width, height, mime, hash, …): a
   * rich-text image holds all of it, as when the editor picks the file in the admin.
   */
  file?: MediaFile;
  message?: string;
}

export interface MediaFile extends Record<string, unknown> {
  id: number;
  url: string;
  width: number | null;
  height: number | null;
}

/** The most records one request takes: enough to keep requests few, small enough to answer fast. */
export const IMPORT_BATCH_SIZE = 25;
