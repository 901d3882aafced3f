// The sync's collaborators in memory, for unit tests of web/src/sync: a data store and meta store
// like Astro's (the part the sync uses) and a CMS that answers the sync's questions from a list of
// entries, counts requests like the REST client (one per page) and fails on request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SyncState, SyncStateType } from '@blog/shared';
import { bodyFiles } from '../../web/src/sync/body-files';
import type { SyncTarget } from '../../web/src/sync/collection-sync';
import type { EntryStore } from '../../web/src/sync/entry-store';
import { stamp } from '../../web/src/sync/plan';
import type { CollectionSpec, ContentSource, ListedWithRelations } from '../../web/src/sync/source';

type StoredEntry = ReturnType<EntryStore['get']> & object;

export function memoryStore(): EntryStore & { map: Map<string, StoredEntry> } {
  const map = new Map<string, StoredEntry>();
  return {
    map,
    // Astro's store hands out copies; so does this one, so the sync cannot rely on sharing.
    get: (key: string) => (map.has(key) ? structuredClone(map.get(key)) : undefined),
    set: (entry: StoredEntry) => {
      map.set(entry.id, structuredClone(entry));
      return true;
    },
    delete: (key: string) => void map.delete(key),
    clear: () => map.clear(),
    keys: () => [...map.keys()],
    entries: () => [...map.entries()].map(([key, entry]) => [key, structuredClone(entry)]),
  } as EntryStore & { map: Map<string, StoredEntry> };
}

export function memoryTarget(): SyncTarget & {
  map: Map<string, StoredEntry>;
  metaMap: Map<string, string>;
  bodiesDir: string;
} {
  const store = memoryStore();
  const metaMap = new Map<string, string>();
  const bodiesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bodies-'));
  return {
    store,
    map: store.map,
    metaMap,
    bodiesDir,
    meta: {
      get: (key) => metaMap.get(key),
      set: (key, value) => void metaMap.set(key, value),
      delete: (key) => void metaMap.delete(key),
    },
    parseData: async ({ data }) => structuredClone(data),
    generateDigest: (data) => JSON.stringify(data),
    bodies: bodyFiles(bodiesDir),
  };
}

export interface FakeEntry {
  documentId: string;
  slug: string;
  updatedAt: string;
  publishedAt: string | null;
  [field: string]: unknown;
}

type Operation =
  'syncState' | 'everything' | 'changedSince' | 'byDocumentId' | 'listing' | 'single';

/**
 * A CMS holding published entries per collection. `at(n)` is a timestamp n ms after a fixed start,
 * so tests can make edits land on the same millisecond or later ones.
 */
export function fakeCms(options: { pageSize?: number; url?: string } = {}) {
  const pageSize = options.pageSize ?? 2;
  const collections = new Map<string, FakeEntry[]>();
  const singles = new Map<string, Record<string, unknown> | null>();
  const faults = new Map<Operation, { error: Error; afterPages: number }>();
  let url = options.url ?? 'http://cms.test';

  const list = (collection: string) => collections.get(collection) ?? [];
  const pagesOf = <T>(entries: T[]) => {
    const pages: T[][] = [];
    for (let i = 0; i < entries.length; i += pageSize) pages.push(entries.slice(i, i + pageSize));
    return pages.length ? pages : [[]];
  };

  const cms = {
    get url() {
      return url;
    },
    set url(value: string) {
      url = value;
    },
    put(collection: string, ...entries: FakeEntry[]) {
      const others = list(collection).filter(
        (entry) => !entries.some((e) => e.documentId === entry.documentId),
      );
      collections.set(collection, [...others, ...entries.map((entry) => structuredClone(entry))]);
    },
    remove(collection: string, documentId: string) {
      collections.set(
        collection,
        list(collection).filter((entry) => entry.documentId !== documentId),
      );
    },
    setSingle(type: string, entry: Record<string, unknown> | null) {
      singles.set(type, entry);
    },
    /** The next call of `operation` fails with `error` (after `afterPages` pages have been delivered). */
    failNext(operation: Operation, error: Error, afterPages = 0) {
      faults.set(operation, { error, afterPages });
    },
    state(): SyncState {
      const of = (collection: string) => {
        const entries = list(collection);
        return {
          count: entries.length,
          latest: entries.reduce((max, entry) => (stamp(entry) > max ? stamp(entry) : max), ''),
        };
      };
      return {
        posts: of('posts'),
        authors: of('authors'),
        opinions: of('opinions'),
        tags: of('tags'),
        pages: of('pages'),
        site: singles.get('site')
          ? { count: 1, latest: String(singles.get('site')!.updatedAt ?? '') }
          : { count: 0, latest: '' },
      };
    },
    /** A source for one loader, counting its own requests. */
    source(): ContentSource & { calls: Operation[] } {
      let requests = 0;
      const calls: Operation[] = [];
      const fault = (operation: Operation, pagesSoFar = 0) => {
        const planned = faults.get(operation);
        if (planned && pagesSoFar >= planned.afterPages) {
          faults.delete(operation);
          throw planned.error;
        }
      };
      const paged = <T>(operation: Operation, entries: T[]): T[] => {
        calls.push(operation);
        const pages = pagesOf(entries);
        pages.forEach((_, index) => {
          fault(operation, index);
          requests++;
        });
        return structuredClone(entries);
      };
      return {
        calls,
        url,
        get requests() {
          return requests;
        },
        async syncState() {
          calls.push('syncState');
          fault('syncState');
          requests++;
          return cms.state();
        },
        async everything<T>(spec: CollectionSpec, onPage: (page: T[]) => Promise<void>) {
          calls.push('everything');
          const pages = pagesOf(list(spec.collection));
          for (const [index, page] of pages.entries()) {
            fault('everything', index);
            requests++;
            await onPage(structuredClone(page) as T[]);
          }
        },
        async changedSince<T>(spec: CollectionSpec, since: string) {
          return paged(
            'changedSince',
            list(spec.collection).filter(
              (entry) =>
                entry.updatedAt >= since ||
                (entry.publishedAt !== null && entry.publishedAt >= since),
            ),
          ) as T[];
        },
        async byDocumentId<T>(spec: CollectionSpec, ids: string[]) {
          return paged(
            'byDocumentId',
            list(spec.collection).filter((entry) => ids.includes(entry.documentId)),
          ) as T[];
        },
        async listing(spec: CollectionSpec): Promise<ListedWithRelations[]> {
          return paged('listing', list(spec.collection)).map((entry) => ({
            documentId: entry.documentId,
            slug: entry.slug,
            updatedAt: entry.updatedAt,
            publishedAt: entry.publishedAt,
            relations: Object.fromEntries(
              Object.keys(spec.relations).map((name) => [
                name,
                [entry[name]]
                  .flat()
                  .filter(Boolean)
                  .map((related) => (related as { slug: string }).slug),
              ]),
            ),
          }));
        },
        async single<T>(type: SyncStateType) {
          calls.push('single');
          fault('single');
          requests++;
          return structuredClone(singles.get(type) ?? null) as T | null;
        },
      };
    },
  };
  return cms;
}

const START = Date.parse('2026-12-01T08:00:00.000Z');
/** A timestamp `ms` after a fixed start. */
export const at = (ms: number) => new Date(START + ms).toISOString();
