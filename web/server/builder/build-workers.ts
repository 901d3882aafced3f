// The site server's side of its build workers (build-worker.ts): a worker stands by with Astro
// loaded and the live build's previews served; a build goes to it, and meanwhile its successor starts
// and takes over the previews. So the server's own memory never holds a build.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CmsConnection } from '../../src/lib/cms-client.ts';
import { heapBudgetMb, heapFlags } from '../../build/heap-budget.ts';
import type { IncrementalResult } from '../../build/site-output.ts';

export interface BuildJob {
  cms: CmsConnection;
  /** The builds directory: its render directory, object store and search state carry over. */
  buildsDir: string;
  /** The new build's directory (its manifest and preview code). */
  dir: string;
  force: boolean;
}

export type BuildResult = IncrementalResult;

export type ToWorker =
  | { type: 'build'; job: BuildJob }
  | { type: 'preview'; serverEntry: string; entriesDir: string }
  | { type: 'retire' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'preview-ready'; port: number }
  /** The build's pages are stored, before its search index (the build goes live with these). */
  | { type: 'pages-ready'; result: BuildResult }
  /** `keep`: the worker renders the next publishes itself, with the site code it loaded. */
  | { type: 'built'; result: BuildResult; keep: boolean }
  | { type: 'failed'; message: string };

const WORKER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-worker.ts');
/** The workers' warm-up builds go under this folder of the builds directory. */
export const WARM_UP_DIR = 'warm-up';
/** A worker that has not said it is ready by then is stuck (Astro loads in about 2.5 s). */
const START_TIMEOUT_MS = 120_000;

class Worker {
  /** Where this worker answers the preview routes of the build it loaded, once it has. */
  previewPort: number | null = null;
  /** Which build's preview routes those are. */
  previewEntry: string | null = null;
  /** Builds this worker has run (it is replaced after its first, once a successor is ready). */
  builds = 0;
  /** It keeps the site code its build loaded and renders the next publishes itself. */
  keep = false;
  /** Loading preview routes; a build waits for it (a worker does one thing at a time). */
  loading: Promise<void> | null = null;
  exited = false;
  private readonly listeners = new Set<
    (message: FromWorker | { type: 'exit'; why: string }) => void
  >();

  readonly child: ChildProcess;

  constructor(child: ChildProcess) {
    this.child = child;
    child.on('message', (message: FromWorker) =>
      this.listeners.forEach((listen) => listen(message)),
    );
    child.on('exit', (code, signal) => {
      this.exited = true;
      const why =
        signal === 'SIGABRT' || code === 134
          ? `it ran out of memory (heap budget SITE_BUILD_HEAP_MB=${heapBudgetMb()} MB)`
          : `it exited (${signal ?? `code ${code}`})`;
      this.listeners.forEach((listen) => listen({ type: 'exit', why }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Sends a message and waits for the answer of the given type; a failure or an exit rejects, and
   * so does `onOther` throwing, which sees the worker's other messages meanwhile.
   */
  ask<T extends FromWorker['type']>(
    message: ToWorker | null,
    answer: T,
    what: string,
    timeoutMs = 0,
    onOther: (message: FromWorker) => void = () => {},
  ): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () => done(new Error(`${what}: no answer within ${timeoutMs / 1000} s`)),
              timeoutMs,
            )
          : null;
      const done = (error: Error | null, value?: Extract<FromWorker, { type: T }>) => {
        if (timer) clearTimeout(timer);
        this.listeners.delete(listen);
        if (error) reject(error);
        else resolve(value!);
      };
      const listen = (message: FromWorker | { type: 'exit'; why: string }) => {
        if (message.type === answer) done(null, message as Extract<FromWorker, { type: T }>);
        else if (message.type === 'failed') done(new Error(message.message));
        else if (message.type === 'exit')
          done(new Error(`${what} failed: the build worker ${message.why}`));
        else
          try {
            onOther(message);
          } catch (error) {
            done(error as Error);
          }
      };
      if (this.exited) return reject(new Error(`${what} failed: the build worker has ended`));
      this.listeners.add(listen);
      if (message) this.child.send(message);
    });
  }

  /** Lets previews in flight finish, then the process ends (killed if it does not). */
  retire(): void {
    if (this.exited) return;
    if (this.child.connected) this.child.send({ type: 'retire' } satisfies ToWorker);
    setTimeout(() => this.kill(), 15_000).unref();
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

interface BuildWorkersOptions {
  cms: CmsConnection;
  /** Where the workers' warm-up builds go (emptied now: no worker of ours is running yet). */
  scratchDir: string;
  /** The collections as last synced (the render cache's content-entries/), for the previews' layout. */
  entriesDir: string;
  log: (line: string) => void;
}

/**
 * The workers: normally one, ready, which builds once and is then replaced by a fresh one. When
 * the next build is asked for before its successor has loaded Astro, the worker that built last
 * builds again rather than keep the publish waiting; it is replaced as soon as the successor is
 * ready and no build runs. So memory stays flat and no publish waits for a worker to start.
 * (Letting a worker build several times was measured slower: under the heap budget its later
 * builds spend their time collecting what the earlier ones left; see docs/benchmarks.md.)
 * A worker whose Astro build kept the site's code loaded (`keep`) is not replaced: it renders the
 * next publishes itself, without another Astro build (hot-render.ts).
 */
export class BuildWorkers {
  /** The worker that builds next. */
  private builder: Worker | null = null;
  /** A successor that is ready and waits for the running build to end. */
  private fresh: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  /** The live build's preview routes, which the workers serve. */
  private liveEntry: string | null = null;
  private busy = false;
  private stopped = false;
  private readonly all = new Set<Worker>();

  private readonly options: BuildWorkersOptions;

  constructor(options: BuildWorkersOptions) {
    this.options = options;
    fs.rmSync(options.scratchDir, { recursive: true, force: true });
  }

  /** Starts the first worker, serving the previews of `serverEntry` (the live build) if given. */
  start(serverEntry: string | null): void {
    this.liveEntry = serverEntry;
    this.startSuccessor();
  }

  /**
   * The port where the live build's previews are answered, or null while none is. Right after a
   * build, until a worker has loaded the new routes, the previous build's answer (their files are
   * kept: see `entriesInUse`).
   */
  get previewPort(): number | null {
    const candidates = [this.builder, this.fresh].filter(
      (worker): worker is Worker => !!worker && !worker.exited && worker.previewPort !== null,
    );
    const current = candidates.find((worker) => worker.previewEntry === this.liveEntry);
    return (current ?? candidates[0])?.previewPort ?? null;
  }

  /** The server entries whose routes a running worker has loaded: their builds must stay on disk. */
  entriesInUse(): string[] {
    return [...this.all].flatMap((worker) =>
      !worker.exited && worker.previewEntry ? [worker.previewEntry] : [],
    );
  }

  /**
   * Builds in the builder worker and hands the result to `goLive` (which may refuse it by throwing):
   * first the build with its pages and the last build's search index, then the finished build.
   */
  async build(job: BuildJob, goLive: (result: BuildResult) => void): Promise<BuildResult> {
    const worker = await this.nextBuilder();
    this.busy = true;
    worker.builds++;
    try {
      const { result, keep } = await worker.ask(
        { type: 'build', job },
        'built',
        'The build',
        0,
        (message) => {
          if (message.type !== 'pages-ready') return;
          try {
            goLive(message.result);
          } catch (error) {
            worker.kill(); // it would go on indexing a build that failed
            throw error;
          }
        },
      );
      worker.keep = keep;
      goLive(result);
      this.liveEntry = result.serverEntry;
      return result;
    } finally {
      this.busy = false;
      if (!this.stopped) {
        // A successor that became ready during the build shows what is live now, then takes over.
        if (this.fresh) this.occupy(this.fresh, this.loadPreviews(this.fresh));
        // A kept builder answers previews with the code it has (the same in every build), once loaded.
        else if (worker.keep && worker.previewPort === null)
          this.occupy(worker, this.loadPreviews(worker));
        this.promote();
        if (!this.builder || (this.builder.builds > 0 && !this.builder.keep)) this.startSuccessor();
      }
    }
  }

  /** Process ids and resident memory (MB) of the workers now alive, for the status. */
  memory(): Array<{ pid: number; mb: number }> {
    return [...this.all].flatMap((worker) => {
      const mb = worker.pid ? residentMb(worker.pid) : null;
      return worker.pid && mb !== null ? [{ pid: worker.pid, mb }] : [];
    });
  }

  /** Ends every worker; a build still running is killed (the builder waits for it first). */
  stop(): void {
    this.stopped = true;
    for (const worker of this.all) worker.kill();
  }

  /** The builder once it is free: ready, and not loading previews. */
  private async nextBuilder(): Promise<Worker> {
    let failedStarts = 0;
    for (;;) {
      this.promote();
      const builder = this.builder;
      if (builder && !builder.exited) {
        if (!builder.loading) return builder;
        await builder.loading;
        continue;
      }
      // No worker yet (the first build), or the last one died: wait for the one starting.
      this.startSuccessor();
      if (!this.starting || failedStarts === 2)
        throw new Error('No build worker could be started; see the messages above');
      if (
        !(await this.starting.then(
          () => true,
          () => false,
        ))
      )
        failedStarts++;
    }
  }

  /** Marks the worker busy with `task` until it ends; the next build waits for it. */
  private occupy(worker: Worker, task: Promise<void>): void {
    const loading = task.finally(() => {
      if (worker.loading === loading) worker.loading = null;
    });
    worker.loading = loading;
  }

  /** A ready successor replaces the builder, unless a build is running in it. */
  private promote(): void {
    if (this.busy || !this.fresh) return;
    if (this.fresh.exited) {
      this.fresh = null;
      return;
    }
    const old = this.builder;
    this.builder = this.fresh;
    this.fresh = null;
    if (old && old !== this.builder) old.retire();
  }

  /** Starts a successor unless one is starting or waiting already. */
  private startSuccessor(): void {
    if (this.stopped || this.starting || (this.fresh && !this.fresh.exited)) return;
    const starting = this.spawn();
    this.starting = starting;
    starting.then(
      (worker) => {
        this.starting = null;
        this.fresh = worker;
        this.promote();
      },
      (error: Error) => {
        this.starting = null;
        this.options.log(`[builder] ${error.message}`);
      },
    );
  }

  private async spawn(): Promise<Worker> {
    const { cms } = this.options;
    const args = [...heapFlags(), ...process.execArgv, WORKER_SCRIPT, this.options.scratchDir];
    const child = spawn(process.execPath, args, {
      // The preview routes read the CMS from the environment at request time.
      env: { ...process.env, CMS_URL: cms.url, CMS_TOKEN: cms.token ?? '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new Worker(child);
    this.all.add(worker);
    child.on('exit', () => this.all.delete(worker));
    await worker.ask(null, 'ready', 'Starting a build worker', START_TIMEOUT_MS);
    await this.loadPreviews(worker);
    return worker;
  }

  /** Has the worker answer the live build's preview routes (it can build without them). */
  private async loadPreviews(worker: Worker): Promise<void> {
    const entry = this.liveEntry;
    if (!entry || worker.previewEntry === entry || worker.exited) return;
    try {
      const { port } = await worker.ask(
        { type: 'preview', serverEntry: entry, entriesDir: this.options.entriesDir },
        'preview-ready',
        'Loading the previews',
        START_TIMEOUT_MS,
      );
      worker.previewPort = port;
      worker.previewEntry = entry;
    } catch (error) {
      this.options.log(`[builder] ${(error as Error).message}`);
    }
  }
}

/** Resident memory of a process in MB from Linux's /proc, or null elsewhere. */
export function residentMb(pid: number): number | null {
  try {
    const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Math.round((pages * 4096) / 2 ** 20);
  } catch {
    return null;
  }
}
