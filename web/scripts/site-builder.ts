import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CmsConnection } from '../src/lib/cms-client';
import type { SyncReport } from '../src/sync/report';
import { buildInto } from './site-build';
import type { BuilderStatus } from './builder-status';
import type { BuildCounts } from './site-output';

export type { BuilderStatus };

/** A connect-style handler for the on-demand (preview) routes of one build. */
export type RequestHandler = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  next: () => void,
) => void;

export interface LiveBuild {
  id: string;
  dir: string;
  clientDir: string;
  handler: RequestHandler | null;
  /** Undoes what loading the handler added to the process (its unhandledRejection listener). */
  release: () => void;
  /** Old addresses → current ones (from the build's redirects.json), answered with 301. */
  redirects: Map<string, string>;
  finishedAt: Date;
  durationMs: number;
  counts: BuildCounts;
  /** What the build's content sync did. */
  sync: SyncReport | null;
}

interface BuilderOptions {
  cms: CmsConnection;
  /** Each build goes into a new directory under this one. */
  buildsDir: string;
  /** Wait this long after the last request before building, so a burst of events makes one build. */
  debounceMs?: number;
  /** …but never longer than this after the first request of a burst. */
  maxWaitMs?: number;
  preview?: boolean;
  /** A build for scheduled content that failed (the CMS was down) is tried again this much later. */
  scheduledRetryMs?: number;
  log?: (line: string) => void;
}

/**
 * Rebuilds the site on request. Bursts are debounced; one build runs at a time, and a request
 * during a build schedules exactly one more. Each build goes into a fresh directory and becomes
 * the live one only when it succeeded; a failed build leaves the last good one live.
 */
export class SiteBuilder {
  live: LiveBuild | null = null;
  private building = false;
  private queued = false;
  /** The next build fetches everything again (media changes do not touch the entries using them). */
  private forceNext = false;
  private timer: NodeJS.Timeout | null = null;
  /** Fires when the next scheduled entry is due (set after every successful build). */
  private scheduled: { at: Date; timer: NodeJS.Timeout } | null = null;
  /** Scheduled content that is due but not yet live (its build has not succeeded). */
  private dueSince: Date | null = null;
  private burstStartedAt = 0;
  private lastError: BuilderStatus['lastError'] = null;
  private counts = { succeeded: 0, failed: 0 };
  private idleWaiters: Array<() => void> = [];
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: BuilderOptions) {
    this.debounceMs = options.debounceMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.log = options.log ?? console.log;
    fs.mkdirSync(options.buildsDir, { recursive: true });
  }

  /** Asks for a build soon; `force` makes it a full sync. */
  request(reason: string, options: { force?: boolean } = {}): void {
    this.log(`[builder] Rebuild requested: ${reason}`);
    if (options.force) this.forceNext = true;
    if (this.building) {
      this.queued = true;
      return;
    }
    const now = Date.now();
    if (!this.timer) this.burstStartedAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.burstStartedAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.run(), wait);
  }

  /** Builds now (for the first build at start-up); resolves when the site is live or the build failed. */
  async buildNow(options: { force?: boolean } = {}): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (options.force) this.forceNext = true;
    return this.run();
  }

  /** Resolves when no build is running, waiting or queued. */
  whenIdle(): Promise<void> {
    if (!this.building && !this.timer && !this.queued) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  status(): BuilderStatus {
    const live = this.live;
    return {
      building: this.building,
      queued: this.queued || this.timer !== null,
      lastSuccess: live
        ? {
            id: live.id,
            finishedAt: live.finishedAt.toISOString(),
            durationMs: live.durationMs,
            counts: live.counts,
            sync: live.sync,
          }
        : null,
      lastError: this.lastError,
      builds: { ...this.counts },
      nextScheduledAt: this.scheduled?.at.toISOString() ?? null,
      memoryMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  }

  private async run(): Promise<boolean> {
    this.timer = null;
    this.building = true;
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
    const dir = path.join(this.options.buildsDir, id);
    let ok = false;
    const force = this.forceNext;
    this.forceNext = false;
    try {
      const result = await buildInto(this.options.cms, dir, {
        preview: this.options.preview,
        force,
        log: this.log,
      });
      const { handler, release } = result.serverEntry
        ? await loadHandler(result.serverEntry)
        : { handler: null, release: () => {} };
      const previous = this.live;
      previous?.release();
      this.live = {
        id,
        dir,
        clientDir: result.clientDir,
        handler,
        release,
        redirects: readRedirects(result.clientDir),
        finishedAt: new Date(),
        durationMs: result.durationMs,
        counts: result.counts,
        sync: result.sync,
      };
      this.counts.succeeded++;
      this.lastError = null;
      ok = true;
      this.removeOldBuilds(previous?.dir);
      this.log(`[builder] Live: build ${id}`);
      this.dueSince = null;
      this.scheduleNext(result.nextScheduledAt ? new Date(result.nextScheduledAt) : null);
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (force) this.forceNext = true; // the full sync is still owed
      this.counts.failed++;
      this.lastError = { at: new Date().toISOString(), message: (error as Error).message };
      this.log(
        `[builder] Build failed; the last good site stays live.\n${(error as Error).message}`,
      );
      // Scheduled content that is due still has to go live: try again soon, not in a tight loop.
      if (this.dueSince && !this.scheduled)
        this.scheduleNext(new Date(Date.now() + (this.options.scheduledRetryMs ?? 30_000)));
    } finally {
      this.building = false;
      if (this.queued) {
        this.queued = false;
        this.request('changes arrived during the last build');
      } else if (!this.timer) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    }
    return ok;
  }

  /** Stops the scheduled build (the service is stopping). */
  stop(): void {
    this.scheduleNext(null);
  }

  /**
   * Builds again when a scheduled post or opinion is due, so it goes live on time without a publish.
   * Every build says when the next one is due, so a restart or a reschedule in the admin replaces
   * the timer; a timer cannot wait longer than about 24 days, so a far date is waited for in steps.
   */
  private scheduleNext(at: Date | null): void {
    if (this.scheduled) clearTimeout(this.scheduled.timer);
    this.scheduled = null;
    if (!at) return;
    const wait = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        if (Date.now() < at.getTime()) return this.scheduleNext(at);
        this.scheduled = null;
        this.dueSince ??= at;
        this.request(`scheduled content due since ${this.dueSince.toISOString()}`);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref(); // a pending schedule never keeps the process alive
    this.scheduled = { at, timer };
    this.log(`[builder] Next scheduled publication: ${at.toISOString()}`);
  }

  /** Keeps the live build and the one before it (requests may still be reading it). */
  private removeOldBuilds(previousDir: string | undefined): void {
    const keep = new Set([this.live?.dir, previousDir].filter(Boolean));
    for (const name of fs.readdirSync(this.options.buildsDir)) {
      const full = path.join(this.options.buildsDir, name);
      if (!keep.has(full)) fs.rmSync(full, { recursive: true, force: true });
    }
  }
}

/** setTimeout's longest wait (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function readRedirects(clientDir: string): Map<string, string> {
  const file = path.join(clientDir, 'redirects.json');
  if (!fs.existsSync(file)) return new Map();
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ from: string; to: string }>;
  return new Map(list.map((redirect) => [redirect.from, redirect.to]));
}

/**
 * Imports a build's on-demand handler. Each build's server code registers a process-wide
 * unhandledRejection listener; release() removes it once a newer build has taken over, so a
 * long-running server does not collect one per build.
 */
async function loadHandler(
  serverEntry: string,
): Promise<{ handler: RequestHandler; release: () => void }> {
  const before = new Set(process.listeners('unhandledRejection'));
  const module = (await import(pathToFileURL(serverEntry).href)) as { handler?: RequestHandler };
  if (typeof module.handler !== 'function')
    throw new Error(`${serverEntry} does not export a request handler`);
  const added = process.listeners('unhandledRejection').filter((listener) => !before.has(listener));
  return {
    handler: module.handler,
    release: () => added.forEach((listener) => process.off('unhandledRejection', listener)),
  };
}
