import type { MetaStore } from 'astro/loaders';
import type { SyncState, SyncStateType } from '@blog/shared';
import { entryStorer, type StoreTarget } from './entry-store.ts';
import {
  changedAfter,
  countAddsUp,
  nextSyncPoint,
  planFromListing,
  planSync,
  type SyncMode,
  type SyncPoint,
} from './plan.ts';
import type { CollectionReport } from './report.ts';
import type { CollectionSpec, ContentSource, Listed } from './source.ts';

export interface SyncTarget extends StoreTarget {
  meta: Pick<MetaStore, 'get' | 'set' | 'delete'>;
}

export interface CollectionSyncOptions<T> extends CollectionSpec {
  /** Maps one CMS entry to the data the schema validates. */
  toData: (entry: T) => Record<string, unknown>;
}

const POINT_KEY = 'syncPoint';

/**
 * Syncs one collection into the store, as planned by plan.ts: everything on the first sync (and
 * with `force`), else only what the sync state and the sync point say changed. Any CMS error fails
 * the sync, and a full sync that fails half-way leaves no sync point: the next one is full again.
 */
export async function syncCollection<T extends Listed>(input: {
  target: SyncTarget;
  source: ContentSource;
  options: CollectionSyncOptions<T>;
  state: SyncState;
  force: boolean;
}): Promise<CollectionReport> {
  const { target, source, options, state } = input;
  const started = Date.now();
  const { meta } = target;
  const point = readSyncPoint(meta.get(POINT_KEY));
  const watched = [options.collection, ...new Set(Object.values(options.relations))];
  const statesNow = Object.fromEntries(
    watched.map((name) => [name, stateKey(state[name as SyncStateType])]),
  );
  const published = state[options.collection].count;
  const storing = entryStorer(
    target,
    options.collection,
    options.toData,
    Object.keys(options.relations),
  );

  let mode: SyncMode = planSync({
    point,
    sourceUrl: source.url,
    force: input.force,
    statesNow,
    collection: options.collection,
  });
  let fetched: T[] = [];
  let seen: Listed[] = [];
  let fetchedCount = 0;
  if (mode === 'full') {
    // Stored page by page as the pages arrive: never the whole collection's bodies at once.
    meta.delete(POINT_KEY);
    storing.clear();
    await source.everything<T>(options, async (page) => {
      await storing.store(page);
      fetchedCount += page.length;
      for (const { documentId, slug, updatedAt, publishedAt } of page)
        seen.push({ documentId, slug, updatedAt, publishedAt });
    });
  } else if (mode === 'changes') {
    fetched = (await source.changedSince<T>(options, point!.upTo)).filter((entry) =>
      changedAfter(entry, point!),
    );
    seen = fetched;
    const newlyChanged = fetched.filter((entry) => !storing.has(entry.documentId)).length;
    if (!countAddsUp({ stored: storing.stored(), newlyChanged, published })) mode = 'listing';
  }
  if (mode === 'listing') {
    const listing = await source.listing(options);
    const plan = planFromListing({
      listing,
      storedAt: storing.summaryAt,
      storedKeys: storing.keys(),
      point: point!,
    });
    for (const key of plan.drop) storing.remove(key);
    fetched = await source.byDocumentId<T>(options, plan.fetch);
    seen = listing;
  }
  if (mode !== 'full') {
    await storing.store(fetched);
    fetchedCount = fetched.length;
  }
  if (mode !== 'unchanged') {
    const next = nextSyncPoint({
      before: mode === 'full' ? null : point,
      seen,
      seenIsEverything: mode !== 'changes',
      sourceUrl: source.url,
      statesNow,
    });
    meta.set(POINT_KEY, JSON.stringify(next));
  }
  return {
    collection: options.collection,
    mode,
    published: mode === 'full' ? seen.length : published,
    fetched: fetchedCount,
    removed: storing.removed(),
    requests: source.requests,
    ms: Date.now() - started,
  };
}

export function stateKey(state: { count: number; latest: string }): string {
  return `${state.count}@${state.latest}`;
}

/** The stored sync point, or null when there is none (or it is not one: then sync in full). */
function readSyncPoint(json: string | undefined): SyncPoint | null {
  if (!json) return null;
  try {
    const point = JSON.parse(json) as SyncPoint;
    return typeof point.upTo === 'string' && Array.isArray(point.atThatInstant) ? point : null;
  } catch {
    return null;
  }
}
