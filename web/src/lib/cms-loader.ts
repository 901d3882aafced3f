import type { Loader } from 'astro/loaders';
import { connectionFromEnv, fetchAllPages, fetchJson, type Query } from './cms-client';

interface CollectionLoaderOptions<T> {
  /** REST collection, e.g. "posts". */
  collection: string;
  query: Query;
  /** Maps one CMS entry to the data the schema validates. */
  toData: (entry: T) => Record<string, unknown>;
}

/**
 * A content-layer loader for one CMS collection: fetches every published entry (all pages) and
 * replaces the collection in Astro's store, keyed by slug. Any CMS error fails the build.
 */
export function cmsCollectionLoader<T extends { slug: string }>(options: CollectionLoaderOptions<T>): Loader {
  return {
    name: `cms-${options.collection}`,
    async load({ store, parseData, generateDigest, logger }) {
      const connection = connectionFromEnv();
      const entries = await fetchAllPages<T>(connection, options.collection, options.query);
      const seen = new Set<string>();
      store.clear();
      for (const entry of entries) {
        if (seen.has(entry.slug)) throw new Error(`Two ${options.collection} have the slug "${entry.slug}" in ${connection.url}`);
        seen.add(entry.slug);
        const data = await parseData({ id: entry.slug, data: options.toData(entry) });
        store.set({ id: entry.slug, data, digest: generateDigest(data) });
      }
      logger.info(`${entries.length} ${options.collection} from ${connection.url}`);
    },
  };
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
      store.set({ id: options.id, data: await parseData({ id: options.id, data: options.toData(entry) }) });
      logger.info(`${options.singleType} settings from ${connection.url}`);
    },
  };
}
