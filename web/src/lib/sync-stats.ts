// How long this build's content sync took and how many requests it made, for the build's report
// (web/scripts/site-build.ts). The loaders run in the build's process, so a process-wide record works.
const STATS = Symbol.for('blog.sync-stats');
interface SyncStats {
  startedAt: number;
  endedAt: number;
  requests: number;
}
const stats = (): SyncStats =>
  ((globalThis as { [STATS]?: SyncStats })[STATS] ??= {
    startedAt: Infinity,
    endedAt: 0,
    requests: 0,
  });

/** One loader's sync, from its start to its end. Loaders run side by side; the report spans them all. */
export function recordSync(startedAt: number, endedAt: number, requests: number): void {
  const current = stats();
  current.startedAt = Math.min(current.startedAt, startedAt);
  current.endedAt = Math.max(current.endedAt, endedAt);
  current.requests += requests;
}

export function syncSummary(): { ms: number; requests: number } | null {
  const current = stats();
  return current.endedAt === 0
    ? null
    : { ms: current.endedAt - current.startedAt, requests: current.requests };
}

export function resetSyncStats(): void {
  delete (globalThis as { [STATS]?: SyncStats })[STATS];
}
