import type { Core } from '@strapi/strapi';
import {
  SYNC_STATE_TYPES,
  type CollectionState,
  type SyncState,
  type SyncStateType,
} from '@blog/shared';

/**
 * The sync state the site reads before anything else: per content type, the number of published
 * entries and the latest edit or publication among them. Computed in-process (three small queries
 * per type; the posts' timestamps are indexed, see their schema) so the site needs one request
 * instead of two per collection.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async state(): Promise<SyncState> {
    const types = Object.entries(SYNC_STATE_TYPES) as Array<
      [SyncStateType, (typeof SYNC_STATE_TYPES)[SyncStateType]]
    >;
    const states = await Promise.all(
      types.map(async ([name, uid]) => [name, await collectionState(strapi, uid)] as const),
    );
    return Object.fromEntries(states) as SyncState;
  },
});

async function collectionState(
  strapi: Core.Strapi,
  uid: (typeof SYNC_STATE_TYPES)[SyncStateType],
): Promise<CollectionState> {
  // The query engine, not the document service: three indexed lookups, without the document
  // service's per-call work. Published rows are the ones with publishedAt; types without draft &
  // publish keep every row published, so the same condition covers them.
  const rows = strapi.db.query(uid);
  const where = { publishedAt: { $notNull: true } };
  const newest = (field: 'updatedAt' | 'publishedAt') =>
    rows.findOne({ select: ['updatedAt', 'publishedAt'], where, orderBy: { [field]: 'desc' } });
  const [count, byUpdate, byPublish] = await Promise.all([
    rows.count({ where }),
    newest('updatedAt'),
    newest('publishedAt'),
  ]);
  const stamps = [
    byUpdate?.updatedAt,
    byUpdate?.publishedAt,
    byPublish?.updatedAt,
    byPublish?.publishedAt,
  ]
    .filter((value): value is string | Date => Boolean(value))
    .map((value) => new Date(value).toISOString());
  return { count, latest: stamps.sort().at(-1) ?? '' };
}
