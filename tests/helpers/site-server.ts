import type { BuilderStatus } from '../../web/server/builder/builder-status';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, webDir } from './paths';
import { startTestCms, type TestCms } from './test-cms';

/** A free loopback port (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningSiteServer {
  url: string;
  /** The server's process id (its build workers are its children). */
  pid: number;
  output(): string;
  status(): Promise<BuilderStatus>;
  /** Sends SIGTERM and resolves with the exit code once the process has ended. */
  stop(): Promise<number | null>;
}

/** Starts the real site server (web/cli/serve.ts) as a child process and waits for its first build. */
export async function startSiteServer(
  env: Record<string, string>,
  port: number,
  options: {
    firstBuildMayFail?: boolean;
    onSpawn?: (pid: number) => void;
    /** How long the first build may take (5 minutes unless told). */
    firstBuildMs?: number;
  } = {},
): Promise<RunningSiteServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(webDir, 'cli', 'serve.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      SITE_PORT: String(port),
      SITE_HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child.pid!);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const status = async () => (await fetch(`${url}/_builder/status`)).json();
  const deadline = Date.now() + (options.firstBuildMs ?? 300_000);
  const fail = (message: string) => {
    child.kill('SIGKILL'); // never leave a server behind
    return new Error(`${message}:\n${output}`);
  };
  for (;;) {
    if (child.exitCode !== null) throw fail(`The site server exited (${child.exitCode})`);
    const now = await status().catch(() => null); // null: not listening yet
    // This process's own first build (a restart serves the last good one before it has built).
    if (now?.builds.succeeded) break;
    if (now?.builds.failed && !options.firstBuildMayFail)
      throw fail("The site server's first build failed");
    if (now?.builds.failed) break;
    if (Date.now() > deadline) throw fail('The site server did not finish its first build');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    status,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Polls until check() returns true, or fails naming what it waited for; every `intervalMs` (a
 * benchmark timing the wait polls more often, so the interval does not add to its figures).
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 45_000,
  intervalMs = 200,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The status once the builder is idle and the worker that built last has made way for its
 * successor (one build worker left).
 */
export async function settledStatus(
  site: Pick<RunningSiteServer, 'status'>,
): Promise<BuilderStatus> {
  await waitFor(
    'the builder to settle',
    async () => {
      const now = await site.status();
      // (A server from before build workers has no `workers`: idle is enough there.)
      return !now.building && !now.queued && (now.workers?.length ?? 1) === 1;
    },
    60_000,
  );
  return site.status();
}

/** The secrets a site server shares with its CMS (webhook, preview links). */
export interface SiteSecrets {
  webhook: string;
  preview: string;
}

/** Starts the test CMS with its webhook pointed at a site server on `sitePort`. */
export function startCmsForSite(
  sitePort: number,
  secrets: SiteSecrets,
  options: { serveAdminPanel?: boolean; dir?: string } = {},
): Promise<TestCms> {
  Object.assign(process.env, {
    SITE_SERVER_URL: `http://127.0.0.1:${sitePort}`,
    SITE_WEBHOOK_SECRET: secrets.webhook,
    PREVIEW_SECRET: secrets.preview,
  });
  return startTestCms(options);
}

/** What a site server needs to build from the test CMS into `buildsDir` and take its webhook. */
export function siteServerEnv(
  cms: Pick<TestCms, 'url' | 'token' | 'inquiryToken'>,
  secrets: SiteSecrets,
  buildsDir: string,
): Record<string, string> {
  return {
    CMS_URL: cms.url,
    CMS_TOKEN: cms.token,
    CMS_INQUIRY_TOKEN: cms.inquiryToken,
    SITE_WEBHOOK_SECRET: secrets.webhook,
    PREVIEW_SECRET: secrets.preview,
    SITE_BUILDS_DIR: buildsDir,
    SITE_INQUIRY_DIR: inquiryQueueDir(buildsDir),
  };
}

/** The contact-form queue of the site server building into `buildsDir` (the same across restarts). */
export function inquiryQueueDir(buildsDir: string): string {
  return path.join(os.tmpdir(), `blog-inquiries-${path.basename(buildsDir)}`);
}
