import type { SyncReport } from '../../src/sync/report.ts';
import type { BuildCounts, IncrementalResult } from '../../build/site-output.ts';

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
    /** Astro's build, or the build worker with the site code it kept loaded (hot-render.ts). */
    renderedBy: IncrementalResult['renderedBy'] | null;
  } | null;
  lastError: { at: string; message: string } | null;
  builds: { succeeded: number; failed: number };
  /** When the next scheduled post or opinion is due: the builder builds by itself then. */
  nextScheduledAt: string | null;
  /** Resident memory of the site server and its build workers together, in MB. */
  memoryMb: number;
  /** …of the server process alone (it never holds a build). */
  serverMemoryMb: number;
  /** The build workers alive now (one, which renders the publishes; two while one hands over). */
  workers: Array<{ pid: number; mb: number }>;
}
