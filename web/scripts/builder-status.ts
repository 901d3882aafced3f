import type { SyncReport } from '../src/sync/report';
import type { BuildCounts } from './site-output';

/** What GET /_builder/status answers (site-builder.ts); the tests read it too. */
export interface BuilderStatus {
  building: boolean;
  queued: boolean;
  lastSuccess: {
    id: string;
    finishedAt: string;
    durationMs: number;
    counts: BuildCounts;
    sync: SyncReport | null;
  } | null;
  lastError: { at: string; message: string } | null;
  builds: { succeeded: number; failed: number };
  /** When the next scheduled post or opinion is due: the builder builds by itself then. */
  nextScheduledAt: string | null;
  /** Resident memory of the site server process, in MB (builds run inside it). */
  memoryMb: number;
}
