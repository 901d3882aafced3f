import {
  SYNC_STATE_PATH,
  SYNC_STATE_TYPES,
  type CollectionState,
  type SyncState,
} from '@blog/shared';
import { CmsError, type CmsConnection } from '../lib/cms-client.ts';
import type { CollectionReport, SyncReport } from './report.ts';
import { cmsSource, type ContentSource } from './source.ts';

/** What whoever starts Astro (web/cli and web/build: the build, the site server, dev) tells the content loaders. */
export interface SyncInput {
  cms: CmsConnection;
  /** Stored with the site settings: proves the pages were made from this build's sync. */
  buildId: string | null;
  /** Ignore the last sync point and fetch everything again. */
  force: boolean;
}

/**
 * One build's content sync: its input, the CMS's sync state (asked once, shared by all loaders) and
 * the reports the loaders return. Handed to the loaders through Astro's config (see loaders.ts).
 */
export class SyncSession {
  readonly input: SyncInput;
  readonly #openSource: () => ContentSource;
  #state: Promise<SyncState> | null = null;
  #stateMs = 0;
  #stateRequests = 0;
  #reports: CollectionReport[] = [];
  #startedAt = Infinity;
  #endedAt = 0;

  constructor(input: SyncInput, openSource: () => ContentSource = () => cmsSource(input.cms)) {
    this.input = input;
    this.#openSource = openSource;
  }

  /** A source for one loader: it counts that loader's requests. */
  source(): ContentSource {
    return this.#openSource();
  }

  /**
   * How many published entries each content type has and when the latest changed (one request).
   * The build asks before Astro starts, so the answer arrives during Astro's start-up instead of on
   * the sync's path; a failure reaches the first loader that waits for it.
   */
  syncState(): Promise<SyncState> {
    if (!this.#state) {
      const source = this.#openSource();
      const asked = Date.now();
      this.#state = source.syncState().then((data) => {
        this.#stateMs = Date.now() - asked;
        this.#stateRequests = source.requests;
        return checkedSyncState(`${source.url}/api/${SYNC_STATE_PATH}`, data);
      });
      this.#state.catch(() => {}); // handled where it is awaited
    }
    return this.#state;
  }

  /** Runs one loader's sync, timing it and keeping its report. */
  async track(sync: () => Promise<CollectionReport>): Promise<CollectionReport> {
    const started = Date.now();
    this.#startedAt = Math.min(this.#startedAt, started);
    try {
      const report = await sync();
      this.#reports.push(report);
      return report;
    } finally {
      this.#endedAt = Math.max(this.#endedAt, Date.now());
    }
  }

  /** The whole sync, once the loaders are done; null when none ran. */
  report(): SyncReport | null {
    if (this.#endedAt === 0) return null;
    const collections = [...this.#reports].sort((a, b) => a.collection.localeCompare(b.collection));
    return {
      ms: this.#endedAt - this.#startedAt,
      requests: this.#stateRequests + collections.reduce((sum, c) => sum + c.requests, 0),
      stateMs: this.#stateMs,
      collections,
    };
  }
}

/** The sync state as the CMS sent it, checked: every content type with { count, latest }. */
export function checkedSyncState(url: string, data: unknown): SyncState {
  for (const type of Object.keys(SYNC_STATE_TYPES)) {
    const state = (data as Record<string, Partial<CollectionState>> | undefined)?.[type];
    if (typeof state?.count !== 'number' || typeof state.latest !== 'string') {
      throw new CmsError(
        url,
        `the sync state has no valid entry for "${type}" (expected { count, latest })`,
      );
    }
  }
  return data as SyncState;
}
