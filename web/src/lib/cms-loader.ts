import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import {
  stripControlCharacters,
  SYNC_STATE_PATH,
  SYNC_STATE_TYPES,
  type CollectionState,
  type SyncState,
  type SyncStateType,
} from '@blog/shared';
import {
  CmsError,
  connectionFromEnv,
  fetchAllPages,
  fetchJson,
  forEachPage,
  type CmsConnection,
  type Query,
} from './cms-client';
import { bodyFiles } from './body-files';
import { recordSync } from './sync-stats';

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
  /** Relation fields (populated with their slugs) and the collection each points into. */
  relations?: Record<string, string>;
  /** Maps one CMS entry to the data the schema validates. */
  toData: (entry: T) => Record<string, unknown>;
  /** Keep each entry's `body` (blocks JSON) in a file beside the store, not in it (see body-files.ts). */
  bodiesBesideStore?: boolean;
}

const IDS_PER_REQUEST = 50;

/**
 * A content-layer loader for one CMS collection, keyed by slug. The first sync (and `--force`)
 * fetches every published entry. Later syncs first compare each collection's state (how many
 * published entries, the latest change; one request shared by all loaders, see syncState):
 * - nothing changed here or in a related collection: no further request;
 * - only this collection changed: fetch what changed since the sync point, and if the count shows
 *   that nothing was removed, that is all;
 * - otherwise list the collection cheaply (ids, timestamps and relation slugs, no bodies), fetch in
 *   full what changed or whose relations changed, and drop what was deleted or unpublished.
 * Any CMS error fails the build.
 */
export function cmsCollectionLoader<T extends CmsEntry>(
  options: CollectionLoaderOptions<T>,
): Loader {
  const relations = Object.keys(options.relations ?? {});
  const relatedCollections = [...new Set(Object.values(options.relations ?? {}))];
  const watched = [options.collection, ...relatedCollections];
  const indexQuery: Query = {
    fields: ['slug', 'updatedAt', 'publishedAt'],
    ...(relations.length
      ? { populate: Object.fromEntries(relations.map((name) => [name, { fields: ['slug'] }])) }
      : {}),
  };

  return {
    name: `cms-${options.collection}`,
    async load(context) {
      const { store, meta, logger } = context;
      const started = Date.now();
      const connection: CmsConnection = { ...connectionFromEnv(), stats: { requests: 0 } };
      // The sync point: the latest change seen, and which entries changed at exactly that instant.
      const since = meta.get('syncedUpTo') ?? '';
      const seenAtSince = new Set<string>(JSON.parse(meta.get('syncedAtThatInstant') ?? '[]'));
      const incremental =
        since !== '' &&
        meta.get('source') === connection.url &&
        process.env.SITE_SYNC_FORCE !== '1';

      const states = await syncState(connection);
      const stateNow = Object.fromEntries(
        watched.map((collection) => [collection, stateKey(states[collection as SyncStateType])]),
      );
      const own = states[options.collection as SyncStateType];
      const stateBefore: Record<string, string> = JSON.parse(meta.get('states') ?? '{}');
      const unchanged = (collections: string[]) =>
        collections.every((collection) => stateBefore[collection] === stateNow[collection]);

      let mode: 'full sync' | 'unchanged' | 'changes only' | 'listing';
      let changed: T[] = [];
      let removed = 0;
      let listing: CmsEntry[] | null = null;
      const storing = entryStorer(context, options);
      if (!incremental) {
        mode = 'full sync';
        // Stored page by page as the pages arrive: the raw entries (bodies as block trees) of one
        // page at a time, never of the whole collection. Should this fail half-way, the next build
        // must not trust the half-filled store: it syncs in full again.
        meta.delete('syncedUpTo');
        storing.clear();
        listing = [];
        await forEachPage<T>(connection, options.collection, options.query, async (page) => {
          await storing.store(page);
          for (const { documentId, slug, updatedAt, publishedAt } of page)
            listing!.push({ documentId, slug, updatedAt, publishedAt });
        });
      } else if (unchanged(watched)) {
        mode = 'unchanged';
      } else {
        mode = 'changes only';
        if (unchanged(relatedCollections)) {
          const candidates = await fetchAllPages<T>(connection, options.collection, {
            ...options.query,
            filters: { $or: [{ updatedAt: { $gte: since } }, { publishedAt: { $gte: since } }] },
            // In timestamp order the database can answer from its timestamp index (the posts have
            // one) instead of reading every entry, bodies and all; sorted by id it scanned them.
            sort: ['updatedAt:asc', 'id:asc'],
          });
          changed = candidates.filter(
            (entry) => stamp(entry) > since || !seenAtSince.has(entry.documentId),
          );
          // Every published entry is either stored or just changed; if the count says there are
          // fewer, something was deleted or unpublished, and only a listing tells what.
          const known =
            storing.stored() + changed.filter((entry) => !storing.has(entry.documentId)).length;
          if (known !== own.count) mode = 'listing';
        } else {
          mode = 'listing';
        }
        if (mode === 'listing') {
          listing = await fetchAllPages<T>(connection, options.collection, indexQuery);
          const stale = listing.filter((entry) => {
            const stored = store.get(entry.slug);
            const changedSince =
              stamp(entry) > since ||
              (stamp(entry) === since && !seenAtSince.has(entry.documentId));
            return (
              changedSince ||
              !stored ||
              stored.data.documentId !== entry.documentId ||
              relationsDiffer(relations, stored.data, entry)
            );
          });
          changed = await fetchByDocumentId<T>(
            connection,
            options.collection,
            options.query,
            stale.map((entry) => entry.documentId),
          );
          const current = new Set(listing.map((entry) => entry.slug));
          for (const id of store.keys()) {
            if (!current.has(id)) {
              storing.remove(id);
              removed++;
            }
          }
        }
      }
      await storing.store(changed);
      if (mode !== 'unchanged') {
        // The new sync point: the latest change seen, and the entries that changed at that instant.
        const seen = listing ?? changed;
        const latest = seen.reduce(
          (max, entry) => (stamp(entry) > max ? stamp(entry) : max),
          incremental ? since : '',
        );
        const atLatest = seen
          .filter((entry) => stamp(entry) === latest)
          .map((entry) => entry.documentId);
        meta.set('syncedUpTo', latest);
        meta.set(
          'syncedAtThatInstant',
          JSON.stringify(
            !listing && latest === since ? [...new Set([...seenAtSince, ...atLatest])] : atLatest,
          ),
        );
      }
      meta.set('source', connection.url);
      meta.set('states', JSON.stringify(stateNow));
      const requests = connection.stats!.requests;
      recordSync(started, Date.now(), requests);
      logger.info(
        incremental
          ? `${options.collection}: ${own.count} published, ${changed.length} fetched, ${removed} removed (incremental: ${mode}, ${requests} requests) from ${connection.url}`
          : `${listing!.length} ${options.collection} from ${connection.url} (full sync, ${requests} requests)`,
      );
    },
  };
}

/**
 * Stores CMS entries, keyed by slug. Knows which key each document is stored under (read from the
 * store once, not per entry: the store copies itself on every read), so an entry whose slug
 * changed leaves no old key behind, and two published entries with one slug fail the build.
 * Bodies kept beside the store follow their entries: replaced, removed and cleared with them.
 */
function entryStorer<T extends CmsEntry>(
  context: LoaderContext,
  options: CollectionLoaderOptions<T>,
) {
  const { store, parseData, generateDigest } = context;
  const bodies = options.bodiesBesideStore
    ? bodyFiles(
        fileURLToPath(new URL(`content-bodies/${options.collection}/`, context.config.cacheDir)),
      )
    : null;
  const keyOfDocument = new Map(
    store.entries().map(([id, stored]) => [stored.data.documentId as string, id]),
  );
  const storedNow = new Map<string, string>(); // slug → documentId, stored in this sync
  const documentAt = (id: string) => store.get(id)?.data.documentId as string | undefined;
  const removeKey = (id: string) => {
    const stored = store.get(id);
    const documentId = stored?.data.documentId as string | undefined;
    bodies?.remove(stored?.data.body);
    store.delete(id);
    if (documentId !== undefined && keyOfDocument.get(documentId) === id)
      keyOfDocument.delete(documentId);
  };
  return {
    async store(entries: T[]): Promise<void> {
      for (const entry of entries) {
        const other = storedNow.get(entry.slug);
        if (other && other !== entry.documentId)
          throw new CmsError(
            `/api/${options.collection}`,
            `two published ${options.collection} have the slug "${entry.slug}"`,
          );
        storedNow.set(entry.slug, entry.documentId);
        // A new slug leaves no old key behind (only if that key still holds this document: another
        // may have just taken the slug over).
        const oldKey = keyOfDocument.get(entry.documentId);
        if (
          oldKey !== undefined &&
          oldKey !== entry.slug &&
          documentAt(oldKey) === entry.documentId
        )
          removeKey(oldKey);
        const data = await parseData({
          id: entry.slug,
          data: options.toData(stripControlCharacters(entry)),
        });
        if (bodies && typeof data.body === 'string') {
          const body = bodies.write(entry.documentId, data.body);
          // Whatever this key held before (this entry's old body, or a displaced entry's) goes.
          bodies.remove(store.get(entry.slug)?.data.body, body);
          data.body = body;
        }
        store.set({ id: entry.slug, data, digest: generateDigest(data) });
        keyOfDocument.set(entry.documentId, entry.slug);
      }
    },
    /** Whether a document is stored (under any key), and how many are. */
    has: (documentId: string) => keyOfDocument.has(documentId),
    stored: () => keyOfDocument.size,
    /** An entry (and its body file) removed by its key. */
    remove: removeKey,
    /** Everything removed, for a full sync. */
    clear(): void {
      store.clear();
      bodies?.clear();
      keyOfDocument.clear();
    },
  };
}

let stateOfBuild: { buildId: string | undefined; state: Promise<SyncState> } | null = null;

/**
 * How many published entries each content type has and when the latest changed: one request
 * (GET /api/site-sync), made once per build and shared by every loader. It counts in the build's
 * total, not in the count of whichever loader happened to ask first.
 */
function syncState(connection: CmsConnection): Promise<SyncState> {
  const buildId = process.env.SITE_BUILD_ID;
  if (buildId && stateOfBuild?.buildId === buildId) return stateOfBuild.state;
  const started = Date.now();
  const state = fetchJson<{ data?: unknown }>(
    { ...connection, stats: undefined },
    SYNC_STATE_PATH,
  ).then(({ data }) => {
    recordSync(started, Date.now(), 1);
    return checkedSyncState(connection, data);
  });
  stateOfBuild = { buildId, state };
  return state;
}

function checkedSyncState(connection: CmsConnection, data: unknown): SyncState {
  for (const type of Object.keys(SYNC_STATE_TYPES)) {
    const state = (data as Record<string, Partial<CollectionState>> | undefined)?.[type];
    if (typeof state?.count !== 'number' || typeof state.latest !== 'string') {
      throw new CmsError(
        `${connection.url}/api/${SYNC_STATE_PATH}`,
        `the sync state has no valid entry for "${type}" (expected { count, latest })`,
      );
    }
  }
  return data as SyncState;
}

function stateKey(state: CollectionState): string {
  return `${state.count}@${state.latest}`;
}

/** When an entry last changed as far as the site is concerned: edited, or (re)published. */
function stamp(entry: CmsEntry): string {
  return entry.publishedAt && entry.publishedAt > entry.updatedAt
    ? entry.publishedAt
    : entry.updatedAt;
}

/** Whether the stored entry's references differ from the relation slugs in the listing. */
function relationsDiffer(
  relations: string[],
  stored: Record<string, unknown>,
  listed: object,
): boolean {
  return relations.some((name) => {
    const have = [stored[name]]
      .flat()
      .filter(Boolean)
      .map((ref) => (ref as { id: string }).id)
      .sort();
    const want = [(listed as Record<string, unknown>)[name]]
      .flat()
      .filter(Boolean)
      .map((rel) => (rel as { slug: string }).slug)
      .sort();
    return have.join('\n') !== want.join('\n');
  });
}

async function fetchByDocumentId<T>(
  connection: CmsConnection,
  collection: string,
  query: Query,
  ids: string[],
): Promise<T[]> {
  const entries: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const chunk = ids.slice(i, i + IDS_PER_REQUEST);
    entries.push(
      ...(await fetchAllPages<T>(connection, collection, {
        ...query,
        filters: { documentId: { $in: chunk } },
      })),
    );
  }
  return entries;
}

/**
 * A loader for a Strapi single type: one entry with the given id. It is fetched again only when the
 * sync state says it changed (or on `--force`); otherwise the entry kept from the last sync is
 * stored again, so toData still runs in every build.
 */
export function cmsSingleLoader<T>(options: {
  singleType: SyncStateType;
  query: Query;
  id: string;
  toData: (entry: T) => Record<string, unknown>;
}): Loader {
  return {
    name: `cms-${options.singleType}`,
    async load({ store, meta, parseData, logger }) {
      const started = Date.now();
      const connection: CmsConnection = { ...connectionFromEnv(), stats: { requests: 0 } };
      const stateNow = stateKey((await syncState(connection))[options.singleType]);
      const kept =
        meta.get('source') === connection.url &&
        meta.get('state') === stateNow &&
        process.env.SITE_SYNC_FORCE !== '1'
          ? meta.get('entry')
          : undefined;
      let entry: T | null = kept ? JSON.parse(kept) : null;
      if (!entry) {
        ({ data: entry } = await fetchJson<{ data: T | null }>(
          connection,
          options.singleType,
          options.query,
        ));
        if (!entry)
          throw new Error(
            `The CMS at ${connection.url} has no ${options.singleType} settings; fill them in the admin.`,
          );
        meta.set('source', connection.url);
        meta.set('state', stateNow);
        meta.set('entry', JSON.stringify(entry));
      }
      store.clear();
      store.set({
        id: options.id,
        data: await parseData({
          id: options.id,
          data: options.toData(stripControlCharacters(entry)),
        }),
      });
      recordSync(started, Date.now(), connection.stats!.requests);
      logger.info(
        `${options.singleType} settings from ${connection.url}${kept ? ' (unchanged)' : ''}`,
      );
    },
  };
}
