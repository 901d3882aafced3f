import { createHash } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import {
  CONTENT_UIDS,
  IMPORT_RECORD_UID,
  IMPORTED_TYPES,
  isOldAddress,
  slugify,
  type ImportOutcome,
  type ImportRecord,
  type MediaFile,
  type MediaOutcome,
} from '@blog/shared';

interface DocumentActions {
  create(params: { data: Record<string, unknown> }): Promise<{ documentId: string }>;
  update(params: {
    documentId: string;
    data: Record<string, unknown>;
  }): Promise<{ documentId: string } | null>;
  publish(params: { documentId: string }): Promise<unknown>;
  unpublish(params: { documentId: string }): Promise<unknown>;
}

/** One row of the import's bookkeeping (api::import-record): what a key became. */
interface Ledger {
  id: number;
  key: string;
  target: string;
  /** The entry's documentId (entries), or null (files). */
  entryId: string | null;
  fileId: number | null;
  sourceHash: string | null;
  writtenHash: string | null;
}

/** An uploaded file as the import gets it from the request (koa-body / formidable). */
export interface UploadedFile {
  filepath: string;
  originalFilename: string | null;
  mimetype: string | null;
  size: number;
}

export interface MediaRequest {
  key: string;
  alternativeText: string | null;
  caption: string | null;
  dryRun: boolean;
}

interface Attribute {
  type: string;
  target?: string;
  relation?: string;
  component?: string;
  mappedBy?: string;
}

/** Fields of an entry that are the CMS's bookkeeping, not its content: never part of a fingerprint. */
const BOOKKEEPING = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'locale',
  'localizations',
  'createdBy',
  'updatedBy',
  'previousSlugs',
  'oldAddresses',
]);

/**
 * Writes import records through the document service, one at a time, and keeps for each key the
 * entry it became with two fingerprints: of the record as read (`sourceHash`: an unchanged record
 * needs no write) and of the entry as written (`writtenHash`: if the entry no longer matches it,
 * the editor has changed it, and the import leaves it alone).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ledger = () => strapi.db.query(IMPORT_RECORD_UID as UID.Schema);

  async function find(key: string): Promise<Ledger | null> {
    return (await ledger().findOne({ where: { key } })) as Ledger | null;
  }

  async function remember(key: string, entry: Omit<Ledger, 'id' | 'key'>, known: Ledger | null) {
    if (known) await ledger().update({ where: { id: known.id }, data: entry });
    else await ledger().create({ data: { key, ...entry } });
  }

  function attributesOf(uid: UID.ContentType): Record<string, Attribute> {
    return strapi.getModel(uid).attributes as unknown as Record<string, Attribute>;
  }

  /**
   * What to populate to see everything an editor changes on the entry itself: relations, media,
   * components. Not the other side of a relation (an author's posts): a new post by the author is
   * no edit of the author.
   */
  function populateFor(uid: UID.ContentType): Record<string, unknown> {
    const populate: Record<string, unknown> = {};
    for (const [name, attribute] of Object.entries(attributesOf(uid))) {
      if (BOOKKEEPING.has(name) || attribute.mappedBy) continue;
      if (attribute.type === 'relation' || attribute.type === 'media') populate[name] = true;
      if (attribute.type === 'component') populate[name] = { populate: '*' };
    }
    return populate;
  }

  /** The draft (what the editor edits) of a document, with its relations and media, or null. */
  async function readDraft(uid: UID.ContentType, documentId: string) {
    return (await strapi.documents(uid).findOne({
      documentId,
      status: 'draft',
      populate: populateFor(uid) as never,
    })) as Record<string, unknown> | null;
  }

  /** Looks up what other records became: an author's or tag's document, a file. */
  async function resolveLinks(record: ImportRecord, notes: string[]) {
    const data: Record<string, unknown> = {};
    const documentOf = async (key: string, target: string) => {
      const known = await find(key);
      if (known?.target === target && known.entryId) return known.entryId;
      notes.push(`${key} was not imported`);
      return null;
    };
    const links = record.links ?? {};
    if (links.author !== undefined)
      data.author = links.author ? await documentOf(links.author, 'author') : null;
    if (links.tags) {
      const tags = await Promise.all(links.tags.map((key) => documentOf(key, 'tag')));
      data.tags = tags.filter((id): id is string => id !== null);
    }
    if (links.cover !== undefined) {
      const file = links.cover ? await find(links.cover) : null;
      if (links.cover && !file?.fileId) notes.push(`${links.cover} was not imported`);
      data.cover = file?.fileId ?? null;
    }
    return data;
  }

  /**
   * An entry the CMS had before the import that is the record's (it was seeded, or made by hand):
   * a tag or author by slug or name, a published post or page by slug and title, and not yet
   * another record's. Imported again, it would be there twice.
   */
  async function findMatch(uid: UID.ContentType, record: ImportRecord) {
    const text = (name: string) =>
      typeof record.fields[name] === 'string' ? (record.fields[name] as string) : '';
    const slug = slugify(text('slug'));
    const named = record.type === 'tag' || record.type === 'author';
    const label = named ? 'name' : 'title';
    // A draft (often a copy with the same title) is never the published entry the CMS has.
    if (!text(label) || (!named && record.state !== 'published')) return null;
    const where = named
      ? { $or: [...(slug ? [{ slug }] : []), { name: { $eqi: text(label) } }] }
      : { slug, title: { $eqi: text(label) } };
    if (!named && !slug) return null;
    const match = (await strapi.db
      .query(uid)
      .findOne({ where: { ...where, publishedAt: null }, select: ['documentId', 'slug'] })) as {
      documentId: string;
      slug: string;
    } | null;
    // Another record's entry already (two old items of one name): this one is an entry of its own.
    if (!match || (await ledger().findOne({ where: { entryId: match.documentId } }))) return null;
    return match;
  }

  /** Adds the record's old addresses to those the entry has (a matched entry may have its own). */
  async function addOldAddresses(uid: UID.ContentType, documentId: string, addresses: string[]) {
    const rows = (await strapi.db
      .query(uid)
      .findMany({ where: { documentId }, select: ['id', 'oldAddresses'] })) as Array<{
      id: number;
      oldAddresses: unknown;
    }>;
    for (const row of rows) {
      const known = Array.isArray(row.oldAddresses) ? row.oldAddresses.filter(isOldAddress) : [];
      await strapi.db.query(uid).update({
        where: { id: row.id },
        data: { oldAddresses: [...new Set([...known, ...addresses.filter(isOldAddress)])] },
      });
    }
  }

  async function importRecord(record: ImportRecord, dryRun: boolean): Promise<ImportOutcome> {
    const problem = checkRecord(record);
    if (problem) return { key: String(record?.key), action: 'failed', message: problem };
    const uid = CONTENT_UIDS[record.type] as UID.ContentType;
    const known = await find(record.key);
    const sourceHash = fingerprint(record);

    if (known?.entryId) {
      const current = await readDraft(uid, known.entryId);
      if (!current) return { key: record.key, action: 'deleted' };
      const slug = String(current.slug ?? '');
      if (fingerprint(snapshot(current)) !== known.writtenHash)
        return { key: record.key, action: 'edited', slug };
      if (known.sourceHash === sourceHash) return { key: record.key, action: 'unchanged', slug };
      if (dryRun) return { key: record.key, action: 'updated', slug };
    } else {
      const match = await findMatch(uid, record);
      if (match) {
        if (!dryRun) {
          await addOldAddresses(uid, match.documentId, record.oldAddresses);
          const current = await readDraft(uid, match.documentId);
          await remember(
            record.key,
            {
              target: record.type,
              entryId: match.documentId,
              fileId: null,
              sourceHash,
              writtenHash: fingerprint(snapshot(current!)),
            },
            null,
          );
        }
        return { key: record.key, action: 'matched', slug: match.slug };
      }
      if (dryRun) return { key: record.key, action: 'created' };
    }

    const notes: string[] = [];
    const data: Record<string, unknown> = {
      ...record.fields,
      ...(await resolveLinks(record, notes)),
    };
    // The old blog's posts are not news to the subscribers: never mailed as a newsletter.
    if (uid === CONTENT_UIDS.post && !known) data.newsletter = false;
    // The document service's draft & publish actions, for whichever type the record is.
    const documents = strapi.documents(uid) as unknown as DocumentActions;
    const documentId = known?.entryId
      ? (await documents.update({ documentId: known.entryId, data }))!.documentId
      : (await documents.create({ data })).documentId;
    if (record.state === 'published') await documents.publish({ documentId });
    else if (known) await documents.unpublish({ documentId }); // a draft again on the old blog
    // Not a field the editor edits (hidden, not writable through the API): set beside the document service.
    await addOldAddresses(uid, documentId, record.oldAddresses);
    const written = await readDraft(uid, documentId);
    await remember(
      record.key,
      {
        target: record.type,
        entryId: documentId,
        fileId: null,
        sourceHash,
        writtenHash: fingerprint(snapshot(written!)),
      },
      known,
    );
    return {
      key: record.key,
      action: known ? 'updated' : 'created',
      slug: String(written!.slug ?? ''),
      ...(notes.length ? { message: notes.join('; ') } : {}),
    };
  }

  return {
    /** Imports records in order (authors and tags before the posts that link to them). */
    async entries(records: ImportRecord[], dryRun: boolean): Promise<ImportOutcome[]> {
      const outcomes: ImportOutcome[] = [];
      for (const record of records) {
        try {
          outcomes.push(await importRecord(record, dryRun));
        } catch (error) {
          strapi.log.warn(`[import] ${record?.key}: ${(error as Error).message}`);
          outcomes.push({
            key: String(record?.key),
            action: 'failed',
            message: describeError(error),
          });
        }
      }
      return outcomes;
    },

    /** A file for the media library, once per key: a second run finds the first run's file. */
    async media(file: UploadedFile | null, request: MediaRequest): Promise<MediaOutcome> {
      const known = await find(request.key);
      const existing = known?.fileId
        ? ((await strapi.db
            .query('plugin::upload.file')
            .findOne({ where: { id: known.fileId } })) as MediaFile | null)
        : null;
      if (existing) return { key: request.key, action: 'unchanged', file: existing };
      if (request.dryRun) return { key: request.key, action: 'created' };
      if (!file) return { key: request.key, action: 'failed', message: 'no file in the request' };
      const [stored] = (await strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: {
            fileInfo: {
              name: file.originalFilename ?? request.key,
              alternativeText: request.alternativeText,
              caption: request.caption,
            },
          },
          files: file,
        })) as MediaFile[];
      await remember(
        request.key,
        { target: 'file', entryId: null, fileId: stored!.id, sourceHash: null, writtenHash: null },
        known,
      );
      return { key: request.key, action: 'created', file: stored };
    },
  };
};

/** What is wrong with a record as sent, or null. */
function checkRecord(record: ImportRecord): string | null {
  if (!record || typeof record !== 'object') return 'not a record';
  if (typeof record.key !== 'string' || !record.key || record.key.length > 255)
    return 'a record needs a key of 1–255 characters';
  if (!IMPORTED_TYPES.includes(record.type))
    return `unknown type "${String(record.type)}" (one of ${IMPORTED_TYPES.join(', ')})`;
  if (record.state !== 'published' && record.state !== 'draft')
    return `unknown state "${String(record.state)}" (published or draft)`;
  if (!record.fields || typeof record.fields !== 'object' || Array.isArray(record.fields))
    return 'a record needs its fields as an object';
  if (!Array.isArray(record.oldAddresses)) return 'a record needs its old addresses as a list';
  return null;
}

/** A validation error's own message (Strapi names the field), else the error's. */
function describeError(error: unknown): string {
  const details = (error as { details?: { errors?: Array<{ path?: string[]; message?: string }> } })
    .details;
  const fields = details?.errors?.map((item) => `${item.path?.join('.')}: ${item.message}`);
  return fields?.length
    ? `${(error as Error).message} (${fields.join('; ')})`
    : (error as Error).message;
}

/**
 * An entry's content in a form that compares equal when nothing an editor can change has changed:
 * related entries by documentId, files by id, components without their row ids.
 */
function snapshot(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((item) => snapshot(item, false));
  if (!value || typeof value !== 'object') return value ?? null;
  const record = value as Record<string, unknown>;
  if (!top && typeof record.documentId === 'string') return record.documentId;
  if (!top && typeof record.mime === 'string' && typeof record.id === 'number') return record.id;
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => !BOOKKEEPING.has(key) && key !== '__component')
      .map(([key, item]) => [key, snapshot(item, false)]),
  );
}

/** SHA-256 of a value's JSON with its keys sorted. */
function fingerprint(value: unknown): string {
  const sorted = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(sorted)
      : item && typeof item === 'object'
        ? Object.fromEntries(
            Object.keys(item as object)
              .sort()
              .map((key) => [key, sorted((item as Record<string, unknown>)[key])]),
          )
        : item;
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)))
    .digest('hex');
}
