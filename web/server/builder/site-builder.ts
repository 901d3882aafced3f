import fs from 'node:fs';
import path from 'node:path';
import type { CmsConnection } from '../../src/lib/cms-client.ts';
import type { SyncReport } from '../../src/sync/report.ts';
import type { BuilderStatus } from './builder-status.ts';
import { BuildWorkers, WARM_UP_DIR, residentMb, type BuildResult } from './build-workers.ts';
import { KEPT_NAMES, buildsLayout, readRenderState } from './incremental-site.ts';
import { ObjectStore } from './object-store.ts';
import { MANIFEST_NAME, readSiteFiles } from '../../build/site-files.ts';
import type { BuildCounts } from '../../build/site-output.ts';
import { StaticSite } from '../static-files.ts';

export type { BuilderStatus };

export interface LiveBuild {
  id: string;
  dir: string;
  /** The build's files as the server answers them. */
  site: StaticSite;
  /** The build's on-demand (preview) routes, loaded by the build workers. */
  serverEntry: string | null;
  /** Old addresses → current ones (from the build's redirects.json), answered with 301. */
  redirects: Map<string, string>;
  finishedAt: Date;
  durationMs: number;
  counts: BuildCounts;
  /** What the build's content sync did. */
  sync: SyncReport | null;
}

/** What a finished build records in its directory, so that a restart serves it at once. */
interface BuildRecord {
  id: string;
  clientDir: string;
  /** The object store with the build's files (relative to the build's directory), if it uses one. */
  objects?: string;
  serverEntry: string | null;
  finishedAt: string;
  durationMs: number;
  counts: BuildCounts;
  sync: SyncReport | null;
  nextScheduledAt: string | null;
}

/** The record's name: a build directory without it never finished and is removed. */
const RECORD_NAME = 'build.json';

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
  /** Fires when the next scheduled entry is due (set after every successful build). */
  private scheduled: { at: Date; timer: NodeJS.Timeout } | null = null;
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
    fs.mkdirSync(options.buildsDir, { recursive: true });
    this.adoptLastGoodBuild();
    if (this.live)
      this.log(`[builder] Serving the last good build, ${this.live.id}, until a new one is live`);
    this.workers = new BuildWorkers({
      cms: options.cms,
      scratchDir: path.join(options.buildsDir, WARM_UP_DIR),
      log: this.log,
    });
    this.removeOldBuilds(undefined);
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
          }
        : null,
      lastError: this.lastError,
      builds: { ...this.counts },
      nextScheduledAt: this.scheduled?.at.toISOString() ?? null,
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

  /**
   * For shutdown: no new builds; a build that is running may finish (and go live) within
   * `graceMs`, else it is killed and its directory removed. Then the workers end.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.scheduleNext(null);
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
    };
    // Written before the switch: a directory with a record is always a complete, good build.
    fs.writeFileSync(path.join(dir, RECORD_NAME), JSON.stringify(record));
    this.makeLive(dir, record);
    this.dueSince = null;
  }

  /** Serves a recorded build from now on, with its schedule. */
  private makeLive(dir: string, record: BuildRecord): void {
    const clientDir = path.join(dir, record.clientDir);
    const site = record.objects
      ? StaticSite.fromObjects(
          clientDir,
          path.join(dir, MANIFEST_NAME),
          path.join(dir, record.objects),
        )
      : StaticSite.load(clientDir, path.join(dir, MANIFEST_NAME));
    this.live = {
      id: record.id,
      dir,
      site,
      serverEntry: record.serverEntry && path.join(dir, record.serverEntry),
      redirects: readRedirects(site),
      finishedAt: new Date(record.finishedAt),
      durationMs: record.durationMs,
      counts: record.counts,
      sync: record.sync,
    };
    // (A build in the object store is linked as a whole tree under site/, kept up to date.)
    pointLiveLink(
      this.options.buildsDir,
      record.objects ? path.relative(this.options.buildsDir, path.dirname(clientDir)) : record.id,
    );
    const next = record.nextScheduledAt ? new Date(record.nextScheduledAt) : null;
    // (The same build again, with its search index, changes nothing here.)
    if (next?.getTime() !== this.scheduled?.at.getTime()) this.scheduleNext(next);
  }

  /** Serves the newest complete build in the builds directory (ids sort by time), if there is one. */
  private adoptLastGoodBuild(): void {
    const names = fs
      .readdirSync(this.options.buildsDir, { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() && entry.name !== WARM_UP_DIR && !KEPT_NAMES.has(entry.name),
      ) // nor the live link
      .map((entry) => entry.name)
      .sort()
      .reverse();
    for (const name of names) {
      const dir = path.join(this.options.buildsDir, name);
      try {
        this.makeLive(
          dir,
          JSON.parse(fs.readFileSync(path.join(dir, RECORD_NAME), 'utf8')) as BuildRecord,
        );
        return;
      } catch {
        // not a complete build (or not a build at all): the next one is tried
      }
    }
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

  /**
   * Keeps the live build, the one before it (requests may still be reading it) and any whose
   * preview routes a worker still answers (they load their pages from its files on demand).
   */
  private removeOldBuilds(previousDir: string | undefined): void {
    // …and the render directory's last build, which the next one starts from (it is the live one
    // unless that build could not go live).
    const rendered = readRenderState(this.options.buildsDir)?.build;
    const keep = new Set(
      [
        this.live?.dir,
        previousDir,
        rendered ? path.join(this.options.buildsDir, rendered) : undefined,
      ].filter(Boolean),
    );
    const inUse = this.workers.entriesInUse();
    for (const name of fs.readdirSync(this.options.buildsDir)) {
      if (
        name === LIVE_LINK ||
        name === WARM_UP_DIR ||
        KEPT_NAMES.has(name) ||
        name.startsWith('.')
      )
        continue;
      const full = path.join(this.options.buildsDir, name);
      if (keep.has(full) || inUse.some((entry) => entry.startsWith(full + path.sep))) continue;
      fs.rmSync(full, { recursive: true, force: true });
    }
    // Objects no kept build names go too.
    const layout = buildsLayout(this.options.buildsDir);
    if (fs.existsSync(layout.objects))
      new ObjectStore(layout.objects).sweep([
        ...[...keep].map((dir) => readSiteFiles(path.join(dir!, MANIFEST_NAME))),
      ]);
  }
}

/**
 * `<builds>/live` always names the live build (a symbolic link, swapped in one rename), so that a
 * web server in front can serve `<builds>/live/client` itself (docs/operations.md, "Behind nginx or Caddy").
 */
export const LIVE_LINK = 'live';

function pointLiveLink(buildsDir: string, id: string): void {
  const link = path.join(buildsDir, LIVE_LINK);
  const next = `${link}.${process.pid}.next`;
  try {
    fs.rmSync(next, { force: true });
    fs.symlinkSync(id, next);
    fs.renameSync(next, link);
  } catch {
    // a file system without links: only the server itself serves the site
  }
}

/** setTimeout's longest wait (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function readRedirects(site: StaticSite): Map<string, string> {
  const content = site.read('redirects.json');
  if (!content) return new Map();
  const list = JSON.parse(content.toString('utf8')) as Array<{ from: string; to: string }>;
  return new Map(list.map((redirect) => [redirect.from, redirect.to]));
}
