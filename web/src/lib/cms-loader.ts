import type { Loader, LoaderContext } from 'astro/loaders';
import { stripControlCharacters } from '@blog/shared';
import { CmsError, connectionFromEnv, fetchAllPages, fetchJson, type CmsConnection, type Query } from './cms-client';

interface CmsEntry {
  documentId: string;
  slug: string;
  updatedAt: string;
  publishedAt: string | null;
}

interface CollectionLoaderOptions<T> {
  /** REST collection, e.g. "posts". */
  collection: string;
  /** Everything the pages need of an entry. */
  query: Query;
  /** Relation fields (populated with their slugs), compared on every sync. */
  relations?: string[];
  /** Maps one CMS entry to the data the schema validates. */
  toData: (entry: T) => Record<string, unknown>;
}

const IDS_PER_REQUEST = 50;

/**
 * A content-layer loader for one CMS collection, keyed by slug. The first sync (and `--force`)
 * fetches every published entry; later syncs list the collection cheaply (ids, timestamps and
 * relation slugs, no bodies), fetch in full only what changed since the last sync point, and drop
 * what was deleted or unpublished. Any CMS error fails the build.
 */
export function cmsCollectionLoader<T extends CmsEntry>(options: CollectionLoaderOptions<T>): Loader {
  const relations = options.relations ?? [];
  const indexQuery: Query = {
    fields: ['slug', 'updatedAt', 'publishedAt'],
    ...(relations.length ? { populate: Object.fromEntries(relations.map((name) => [name, { fields: ['slug'] }])) } : {}),
  };

  return {
    name: `cms-${options.collection}`,
    async load(context) {
      const { store, meta, logger } = context;
      const connection: CmsConnection = { ...connectionFromEnv(), stats: { requests: 0 } };
      // The sync point: the latest change seen, and which entries changed at exactly that instant.
      const since = meta.get('syncedUpTo') ?? '';
      const seenAtSince = new Set<string>(JSON.parse(meta.get('syncedAtThatInstant') ?? '[]'));
      const incremental = since !== '' && meta.get('source') === connection.url && process.env.SITE_SYNC_FORCE !== '1';

      let changed: T[];
      let removed = 0;
      let listing: T[];
      if (!incremental) {
        changed = listing = await fetchAllPages<T>(connection, options.collection, options.query);
        store.clear();
      } else {
        listing = await fetchAllPages<T>(connection, options.collection, indexQuery);
        const stale = listing.filter((entry) => {
          const stored = store.get(entry.slug);
          const changedSince = stamp(entry) > since || (stamp(entry) === since && !seenAtSince.has(entry.documentId));
          return changedSince || !stored || stored.data.documentId !== entry.documentId || relationsDiffer(relations, stored.data, entry);
        });
        changed = await fetchByDocumentId<T>(connection, options.collection, options.query, stale.map((entry) => entry.documentId));
        const current = new Set(listing.map((entry) => entry.slug));
        for (const id of store.keys()) {
          if (!current.has(id)) {
            store.delete(id);
            removed++;
          }
        }
      }
      await storeEntries(context, options, changed);
      const latest = listing.reduce((max, entry) => (stamp(entry) > max ? stamp(entry) : max), incremental ? since : '');
      meta.set('source', connection.url);
      meta.set('syncedUpTo', latest);
      meta.set('syncedAtThatInstant', JSON.stringify(listing.filter((entry) => stamp(entry) === latest).map((entry) => entry.documentId)));
      const requests = connection.stats!.requests;
      logger.info(
        incremental
          ? `${options.collection}: ${listing.length} published, ${changed.length} fetched, ${removed} removed (incremental, ${requests} requests) from ${connection.url}`
          : `${listing.length} ${options.collection} from ${connection.url} (full sync, ${requests} requests)`,
      );
    },
  };
}

async function storeEntries<T extends CmsEntry>(context: LoaderContext, options: CollectionLoaderOptions<T>, entries: T[]): Promise<void> {
  const { store, parseData, generateDigest } = context;
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.slug);
    if (other && other !== entry.documentId) throw new CmsError(`/api/${options.collection}`, `two published ${options.collection} have the slug "${entry.slug}"`);
    seen.set(entry.slug, entry.documentId);
    // An entry whose slug changed leaves its old key behind; remove it.
    for (const [id, stored] of store.entries()) {
      if (stored.data.documentId === entry.documentId && id !== entry.slug) store.delete(id);
    }
    const data = await parseData({ id: entry.slug, data: options.toData(stripControlCharacters(entry)) });
    store.set({ id: entry.slug, data, digest: generateDigest(data) });
  }
}

/** When an entry last changed as far as the site is concerned: edited, or (re)published. */
function stamp(entry: CmsEntry): string {
  return entry.publishedAt && entry.publishedAt > entry.updatedAt ? entry.publishedAt : entry.updatedAt;
}

/** Whether the stored entry's references differ from the relation slugs in the listing. */
function relationsDiffer(relations: string[], stored: Record<string, unknown>, listed: object): boolean {
  return relations.some((name) => {
    const have = [stored[name]].flat().filter(Boolean).map((ref) => (ref as { id: string }).id).sort();
    const want = [(listed as Record<string, unknown>)[name]].flat().filter(Boolean).map((rel) => (rel as { slug: string }).slug).sort();
    return have.join('\n') !== want.join('\n');
  });
}

async function fetchByDocumentId<T>(connection: CmsConnection, collection: string, query: Query, ids: string[]): Promise<T[]> {
  const entries: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const chunk = ids.slice(i, i + IDS_PER_REQUEST);
    entries.push(...(await fetchAllPages<T>(connection, collection, { ...query, filters: { documentId: { $in: chunk } } })));
  }
  return entries;
}

/** A loader for a Strapi single type: one entry with the given id. */
export function cmsSingleLoader<T>(options: { singleType: string; query: Query; id: string; toData: (entry: T) => Record<string, unknown> }): Loader {
  return {
    name: `cms-${options.singleType}`,
    async load({ store, parseData, logger }) {
      const connection = connectionFromEnv();
      const { data: entry } = await fetchJson<{ data: T | null }>(connection, options.singleType, options.query);
      if (!entry) throw new Error(`The CMS at ${connection.url} has no ${options.singleType} settings; fill them in the admin.`);
      store.clear();
      store.set({ id: options.id, data: await parseData({ id: options.id, data: options.toData(stripControlCharacters(entry)) }) });
      logger.info(`${options.singleType} settings from ${connection.url}`);
    },
  };
}
