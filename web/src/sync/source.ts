import { SYNC_STATE_PATH, type SyncStateType } from '@blog/shared';
import {
  fetchAllPages,
  fetchJson,
  forEachPage,
  type CmsConnection,
  type Query,
} from '../lib/cms-client.ts';
import { slugsOf } from '../lib/content-queries.ts';

/** What the sync needs to know of every entry to decide what to fetch. */
export interface Listed {
  documentId: string;
  slug: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** A listed entry with the slugs of its relations, by relation name. */
export interface ListedWithRelations extends Listed {
  relations: Record<string, string[]>;
}

/** One collection as the site reads it. */
export interface CollectionSpec {
  /** REST collection, e.g. "posts". */
  collection: SyncStateType;
  /** Everything the pages need of an entry. */
  query: Query;
  /** Relation fields (populated with their slugs) and the collection each points into. */
  relations: Record<string, SyncStateType>;
}

/**
 * The published content, in the terms the sync thinks in. The real one reads Strapi's REST API
 * (cmsSource); the unit tests use an in-memory one. Each source counts the requests it made.
 */
export interface ContentSource {
  /** Where the content comes from; another source means a full sync. */
  readonly url: string;
  /** Requests made through this source so far. */
  readonly requests: number;
  /** The CMS's sync state, unchecked (see SyncSession). */
  syncState(): Promise<unknown>;
  /** Every published entry, a page at a time. */
  everything<T>(spec: CollectionSpec, onPage: (page: T[]) => Promise<void>): Promise<void>;
  /** Every published entry edited or (re)published at or after `since`. */
  changedSince<T>(spec: CollectionSpec, since: string): Promise<T[]>;
  /** The published entries with these document ids. */
  byDocumentId<T>(spec: CollectionSpec, ids: string[]): Promise<T[]>;
  /** Every published entry, without bodies: ids, timestamps and relation slugs. */
  listing(spec: CollectionSpec): Promise<ListedWithRelations[]>;
  /** A single type's entry, or null when it has none. */
  single<T>(type: SyncStateType, query: Query): Promise<T | null>;
}

/** Document ids per request: the filter goes into the URL. */
const IDS_PER_REQUEST = 50;

/** The content of a Strapi CMS through its REST API; a new source per loader counts its own requests. */
export function cmsSource(cms: CmsConnection): ContentSource {
  const connection: CmsConnection = { url: cms.url, token: cms.token, stats: { requests: 0 } };
  return {
    url: cms.url,
    get requests() {
      return connection.stats!.requests;
    },
    syncState: async () => (await fetchJson<{ data?: unknown }>(connection, SYNC_STATE_PATH)).data,
    everything: (spec, onPage) => forEachPage(connection, spec.collection, spec.query, onPage),
    changedSince: (spec, since) =>
      fetchAllPages(connection, spec.collection, {
        ...spec.query,
        filters: { $or: [{ updatedAt: { $gte: since } }, { publishedAt: { $gte: since } }] },
        // In timestamp order the database can answer from its timestamp index (the posts have
        // one) instead of reading every entry, bodies and all; sorted by id it scanned them.
        sort: ['updatedAt:asc', 'id:asc'],
      }),
    async byDocumentId<T>(spec: CollectionSpec, ids: string[]) {
      const entries: T[] = [];
      for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
        const chunk = ids.slice(i, i + IDS_PER_REQUEST);
        entries.push(
          ...(await fetchAllPages<T>(connection, spec.collection, {
            ...spec.query,
            filters: { documentId: { $in: chunk } },
          })),
        );
      }
      return entries;
    },
    async listing(spec) {
      const names = Object.keys(spec.relations);
      const entries = await fetchAllPages<Listed & Record<string, unknown>>(
        connection,
        spec.collection,
        {
          fields: ['slug', 'updatedAt', 'publishedAt'],
          ...(names.length
            ? { populate: Object.fromEntries(names.map((name) => [name, { fields: ['slug'] }])) }
            : {}),
        },
      );
      return entries.map(({ documentId, slug, updatedAt, publishedAt, ...related }) => ({
        documentId,
        slug,
        updatedAt,
        publishedAt,
        relations: Object.fromEntries(names.map((name) => [name, slugsOf(related[name])])),
      }));
    },
    single: async <T>(type: SyncStateType, query: Query) =>
      (await fetchJson<{ data: T | null }>(connection, type, query)).data,
  };
}
