import type { MetaStore } from 'astro/loaders';
import { stripControlCharacters, type SyncState, type SyncStateType } from '@blog/shared';
import type { Query } from '../lib/cms-client.ts';
import { stateKey } from './collection-sync.ts';
import type { StoreTarget } from './entry-store.ts';
import type { CollectionReport } from './report.ts';
import type { ContentSource } from './source.ts';

/**
 * Syncs a Strapi single type into the store as one entry with the given id. It is fetched again
 * only when the sync state says it changed (or with `force`); otherwise the entry kept from the last
 * sync is stored again, so toData (which adds the build id) still runs in every build.
 */
export async function syncSingle<T>(input: {
  target: Omit<StoreTarget, 'bodies'> & { meta: Pick<MetaStore, 'get' | 'set'> };
  source: ContentSource;
  type: SyncStateType;
  query: Query;
  id: string;
  toData: (entry: T) => Record<string, unknown>;
  state: SyncState;
  force: boolean;
}): Promise<CollectionReport> {
  const { target, source, type } = input;
  const { store, meta, parseData } = target;
  const started = Date.now();
  const stateNow = stateKey(input.state[type]);
  const kept =
    meta.get('source') === source.url && meta.get('state') === stateNow && !input.force
      ? meta.get('entry')
      : undefined;
  let entry: T | null = kept ? (JSON.parse(kept) as T) : null;
  if (!entry) {
    entry = await source.single<T>(type, input.query);
    if (!entry)
      throw new Error(`The CMS at ${source.url} has no ${type} settings; fill them in the admin.`);
    meta.set('source', source.url);
    meta.set('state', stateNow);
    meta.set('entry', JSON.stringify(entry));
  }
  store.clear();
  const data = await parseData({
    id: input.id,
    data: input.toData(stripControlCharacters(entry)),
  });
  store.set({ id: input.id, data, digest: target.generateDigest(data) });
  return {
    collection: type,
    mode: kept ? 'unchanged' : 'full',
    published: 1,
    fetched: kept ? 0 : 1,
    removed: 0,
    requests: source.requests,
    ms: Date.now() - started,
  };
}
