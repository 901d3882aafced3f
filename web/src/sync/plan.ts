// The sync's decisions, as pure functions of what was stored and what the CMS says now: no I/O, so
// every case is a unit test (tests/unit/sync-plan.test.ts). collection-sync.ts carries them out.
import type { Listed, ListedWithRelations } from './source.ts';

/**
 * Where the last sync of one collection left off: the source it read, the latest change it saw, the
 * entries that changed at exactly that instant (a later change may share the millisecond), and each
 * watched collection's state ("count@latest") at the time.
 */
export interface SyncPoint {
  source: string;
  upTo: string;
  atThatInstant: string[];
  states: Record<string, string>;
}

/**
 * - `full`: fetch every entry (first sync, another CMS, `force`, an earlier sync that did not
 *   finish, or a collection that was empty then);
 * - `unchanged`: neither this collection nor a related one changed, nothing to ask;
 * - `changes`: only this collection changed: fetch what changed since the sync point;
 * - `listing`: list the collection cheaply (no bodies) to find what changed, moved or went.
 */
export type SyncMode = 'full' | 'unchanged' | 'changes' | 'listing';

export function planSync(input: {
  point: SyncPoint | null;
  sourceUrl: string;
  force: boolean;
  /** The state of this collection and of each it relates to, now. */
  statesNow: Record<string, string>;
  collection: string;
}): SyncMode {
  const { point, statesNow } = input;
  if (!point || point.source !== input.sourceUrl || input.force) return 'full';
  const changed = Object.keys(statesNow).filter((name) => point.states[name] !== statesNow[name]);
  if (changed.length === 0) return 'unchanged';
  // Empty at the last sync (no pages yet): there is no "since", and everything there is is new.
  if (!point.upTo) return 'full';
  return changed.every((name) => name === input.collection) ? 'changes' : 'listing';
}

/** When an entry last changed as far as the site is concerned: edited, or (re)published. */
export function stamp(entry: Listed): string {
  return entry.publishedAt && entry.publishedAt > entry.updatedAt
    ? entry.publishedAt
    : entry.updatedAt;
}

/** Whether an entry changed after the sync point (or at its instant, unseen then). */
export function changedAfter(entry: Listed, point: SyncPoint): boolean {
  const at = stamp(entry);
  return at > point.upTo || (at === point.upTo && !point.atThatInstant.includes(entry.documentId));
}

/**
 * After fetching the changes only: whether the published count still adds up. Every published
 * entry is either stored or just changed; fewer means something was deleted or unpublished, and
 * only a listing tells what.
 */
export function countAddsUp(input: {
  stored: number;
  newlyChanged: number;
  published: number;
}): boolean {
  return input.stored + input.newlyChanged === input.published;
}

/** What a stored entry is, as far as a listing compares it. */
export interface StoredSummary {
  documentId: string;
  relations: Record<string, string[]>;
}

/**
 * From a listing: the document ids to fetch in full (changed since the sync point, not stored
 * under that slug, or related to other entries now) and the stored keys to drop (no longer listed).
 */
export function planFromListing(input: {
  listing: ListedWithRelations[];
  storedAt: (slug: string) => StoredSummary | undefined;
  storedKeys: Iterable<string>;
  point: SyncPoint;
}): { fetch: string[]; drop: string[] } {
  const fetch = input.listing
    .filter((entry) => {
      const stored = input.storedAt(entry.slug);
      return (
        changedAfter(entry, input.point) ||
        !stored ||
        stored.documentId !== entry.documentId ||
        relationsDiffer(stored.relations, entry.relations)
      );
    })
    .map((entry) => entry.documentId);
  const listed = new Set(input.listing.map((entry) => entry.slug));
  const drop = [...input.storedKeys].filter((key) => !listed.has(key));
  return { fetch, drop };
}

function relationsDiffer(
  stored: Record<string, string[]>,
  listed: Record<string, string[]>,
): boolean {
  const names = new Set([...Object.keys(stored), ...Object.keys(listed)]);
  const key = (slugs: string[] | undefined) => [...(slugs ?? [])].sort().join('\n');
  return [...names].some((name) => key(stored[name]) !== key(listed[name]));
}

/**
 * The sync point after a sync that saw `seen`: the latest change among them and the entries at that
 * instant. `before` is null after a full sync. When `seen` holds only the changed entries (not a
 * listing of all), the entries seen at the old instant still count as seen.
 */
export function nextSyncPoint(input: {
  before: SyncPoint | null;
  seen: Listed[];
  seenIsEverything: boolean;
  sourceUrl: string;
  statesNow: Record<string, string>;
}): SyncPoint {
  const { before, seen } = input;
  const upTo = seen.reduce(
    (max, entry) => (stamp(entry) > max ? stamp(entry) : max),
    before?.upTo ?? '',
  );
  const atLatest = seen.filter((entry) => stamp(entry) === upTo).map((entry) => entry.documentId);
  const atThatInstant =
    !input.seenIsEverything && before && upTo === before.upTo
      ? [...new Set([...before.atThatInstant, ...atLatest])]
      : atLatest;
  return { source: input.sourceUrl, upTo, atThatInstant, states: input.statesNow };
}
