import fs from 'node:fs';
import path from 'node:path';
import type { CmsConnection } from '../../src/lib/cms-client.ts';
import type { BuilderStatus } from './builder-status.ts';
import { BuildWorkers, WARM_UP_DIR, residentMb, type BuildResult } from './build-workers.ts';
import { buildsLayout } from './incremental-site.ts';
import {
  lastGoodBuild,
  openBuild,
  removeOldBuilds,
  writeBuildRecord,
  type BuildRecord,
  type LiveBuild,
} from './build-records.ts';
import { PublicationSchedule } from './publication-schedule.ts';

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
 * during a build schedules exactly one more. Each build runs in a build worker (build-workers.ts)
 * into a fresh directory and becomes the live one only when it succeeded; a failed build leaves the
 * last good one live. A restart serves the last good build at once while it builds again.
 */
export class SiteBuilder {
  live: LiveBuild | null = null;
  private building = false;
  private queued = false;
  /** The next build fetches everything again (media changes do not touch the entries using them). */
  private forceNext = false;
  private timer: NodeJS.Timeout | null = null;
  /** Fires when the next scheduled entry is due (set by every build that goes live). */
  private readonly schedule: PublicationSchedule;
  /** Scheduled content that is due but not yet live (its build has not succeeded). */
  private dueSince: Date | null = null;
  private burstStartedAt = 0;
  private lastError: BuilderStatus['lastError'] = null;
  private counts = { succeeded: 0, failed: 0 };
  private idleWaiters: Array<() => void> = [];
  private stopping = false;
  private readonly workers: BuildWorkers;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly log: (line: string) => void;

  private readonly options: BuilderOptions;

  constructor(options: BuilderOptions) {
    this.options = options;
    // Events of one action (a publish, a bulk publish) arrive within milliseconds of each other.
    this.debounceMs = options.debounceMs ?? 100;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.log = options.log ?? console.log;
    this.schedule = new PublicationSchedule((at) => {
      this.dueSince ??= at;
      this.request(`scheduled content due since ${this.dueSince.toISOString()}`);
    }, this.log);
    fs.mkdirSync(options.buildsDir, { recursive: true });
    const lastGood = lastGoodBuild(options.buildsDir);
    if (lastGood) {
      this.makeLive(lastGood.dir, lastGood.record);
      this.log(
        `[builder] Serving the last good build, ${lastGood.record.id}, until a new one is live`,
      );
    }
    this.workers = new BuildWorkers({
      cms: options.cms,
      scratchDir: path.join(options.buildsDir, WARM_UP_DIR),
      entriesDir: path.join(buildsLayout(options.buildsDir).cache, 'content-entries'),
      log: this.log,
    });
    this.removeOldBuilds();
    this.workers.start(this.live?.serverEntry ?? null);
  }

  /** Where the live build's draft previews are answered (a worker's loopback port), if anywhere. */
  get previewPort(): number | null {
    return this.workers.previewPort;
  }

  /** Asks for a build soon; `force` makes it a full sync. */
  request(reason: string, options: { force?: boolean } = {}): void {
    if (this.stopping) return;
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
    const serverMb = residentMb(process.pid) ?? Math.round(process.memoryUsage().rss / 2 ** 20);
    const workers = this.workers.memory();
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
            renderedBy: live.renderedBy ?? null,
          }
        : null,
      lastError: this.lastError,
      builds: { ...this.counts },
      nextScheduledAt: this.schedule.at?.toISOString() ?? null,
      memoryMb: serverMb + workers.reduce((sum, worker) => sum + worker.mb, 0),
      serverMemoryMb: serverMb,
      workers,
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
      const previous = this.live;
      await this.workers.build(
        { cms: this.options.cms, buildsDir: this.options.buildsDir, dir, force },
        (result) => this.goLive(id, dir, result),
      );
      this.counts.succeeded++;
      this.lastError = null;
      ok = true;
      this.removeOldBuilds(previous?.dir);
      this.log(`[builder] Live: build ${id}`);
    } catch (error) {
      if (this.live?.dir !== dir) fs.rmSync(dir, { recursive: true, force: true });
      if (force) this.forceNext = true; // the full sync is still owed
      this.counts.failed++;
      this.lastError = { at: new Date().toISOString(), message: (error as Error).message };
      this.log(
        `[builder] Build failed; the last good site stays live.\n${(error as Error).message}`,
      );
      // Scheduled content that is due still has to go live: try again soon, not in a tight loop.
      if (this.dueSince && !this.schedule.at)
        this.schedule.set(new Date(Date.now() + (this.options.scheduledRetryMs ?? 30_000)));
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

  /**
   * For shutdown: no new builds; a build that is running may finish (and go live) within
   * `graceMs`, else it is killed and its directory removed. Then the workers end.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.schedule.set(null);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queued = false;
    if (this.building) {
      this.log('[builder] Waiting for the running build to finish …');
      const finished = await Promise.race([
        this.whenIdle().then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
      ]);
      if (!finished)
        this.log('[builder] The running build did not finish in time; it is abandoned');
    }
    this.workers.stop();
  }

  /**
   * Makes a finished build the live one and records it for a restart; called again for the same
   * build when its search index is done (its pages go live first: incremental-site.ts).
   */
  private goLive(id: string, dir: string, result: BuildResult): void {
    const record: BuildRecord = {
      id,
      clientDir: path.relative(dir, result.clientDir),
      objects: path.relative(dir, buildsLayout(this.options.buildsDir).objects),
      serverEntry: result.serverEntry && path.relative(dir, result.serverEntry),
      finishedAt: new Date().toISOString(),
      durationMs: result.durationMs,
      counts: result.counts,
      sync: result.sync,
      nextScheduledAt: result.nextScheduledAt,
      renderedBy: result.renderedBy,
    };
    writeBuildRecord(dir, record);
    this.makeLive(dir, record);
    this.dueSince = null;
    this.lastError = null; // (a build's pages go live before its search index: the failure is over)
  }

  /** Serves a recorded build from now on, with its schedule. */
  private makeLive(dir: string, record: BuildRecord): void {
    this.live = openBuild(this.options.buildsDir, dir, record);
    this.schedule.set(record.nextScheduledAt ? new Date(record.nextScheduledAt) : null);
  }

  /**
   * Keeps the live build, the one before it (requests may still be reading it) and any whose
   * preview routes a worker still answers.
   */
  private removeOldBuilds(previousDir?: string): void {
    removeOldBuilds(
      this.options.buildsDir,
      [this.live?.dir, previousDir],
      this.workers.entriesInUse(),
    );
  }
}
