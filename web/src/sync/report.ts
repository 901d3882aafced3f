import type { SyncMode } from './plan.ts';

/** What one loader's sync did: the build's report, the logs and the tests read this. */
export interface CollectionReport {
  collection: string;
  mode: SyncMode;
  /** Published entries in the CMS now. */
  published: number;
  /** Entries fetched in full (with their bodies). */
  fetched: number;
  /** Entries dropped from the store: deleted, unpublished or moved to another slug. */
  removed: number;
  requests: number;
  ms: number;
}

/** The whole content sync of one build. */
export interface SyncReport {
  /** From the first loader's start to the last one's end. */
  ms: number;
  /** Every request: the sync state's and each loader's. */
  requests: number;
  /** How long the sync state took to arrive, counted from when it was asked for. */
  stateMs: number;
  collections: CollectionReport[];
}

/** One line for the build's log. */
export function describeCollection(report: CollectionReport, source: string): string {
  const { collection, mode, published, fetched, removed, requests } = report;
  if (collection === 'site')
    return `site settings from ${source}${mode === 'unchanged' ? ' (unchanged)' : ''}`;
  if (mode === 'full')
    return `${published} ${collection} from ${source} (full sync, ${requests} requests)`;
  return `${collection}: ${published} published, ${fetched} fetched, ${removed} removed (incremental: ${mode}, ${requests} requests) from ${source}`;
}

export function describeSync(report: SyncReport): string {
  return `Synced content from the CMS in ${report.ms} ms with ${report.requests} requests`;
}
