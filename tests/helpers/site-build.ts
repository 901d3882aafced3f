import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SiteFiles } from '../../web/build/site-files';
import type { IncrementalResult, SiteBuildResult } from '../../web/build/site-output';
import { repoRoot, webDir } from './paths';

export interface BuildRun {
  code: number;
  output: string;
}

export type SiteBuildRun = BuildRun & { report: SiteBuildResult | null };

/**
 * Runs the real site build (`web/cli/build.ts`, what `npm run build:site` runs) into outDir, with
 * the report it writes (`--report`): null when the build failed.
 */
export async function runSiteBuild(
  env: Record<string, string>,
  outDir: string,
  args: string[] = [],
): Promise<SiteBuildRun> {
  const reportFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'build-report-')),
    'report.json',
  );
  try {
    const build = await run(process.execPath, siteBuildArgs(outDir, reportFile, args), env);
    const report = fs.existsSync(reportFile)
      ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as SiteBuildResult)
      : null;
    return { ...build, report };
  } finally {
    fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
  }
}

/** Node's arguments for `web/cli/build.ts` into outDir, writing its report to reportFile. */
export function siteBuildArgs(outDir: string, reportFile: string, args: string[] = []): string[] {
  const script = path.join(webDir, 'cli', 'build.ts');
  return [script, '--out', outDir, '--report', reportFile, ...args];
}

/** A process that builds the site server's way on request (tests/helpers/build-incrementally.mjs). */
export interface IncrementalBuilder {
  /**
   * One build: only what changed since the last build in the builds directory is done again.
   * `early`: its manifest when its pages were ready, before its search index (null if not asked).
   */
  build(): Promise<{ result: IncrementalResult; early: SiteFiles | null; output: string }>;
  stop(): void;
}

/**
 * Starts a stand-in for a build worker over `buildsDir` (warmed up like one, unless `warmUp` is
 * false); its builds run one at a time in that one process, as a worker's do.
 */
export async function startIncrementalBuilder(
  env: Record<string, string>,
  buildsDir: string,
  { warmUp = true } = {},
): Promise<IncrementalBuilder> {
  const script = path.join(repoRoot, 'tests', 'helpers', 'build-incrementally.mjs');
  const child = spawn(process.execPath, [script, buildsDir, ...(warmUp ? [] : ['--cold'])], {
    cwd: repoRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  const waiters: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines)
      if (/^(READY|RESULT |FAILED )/.test(line)) waiters.shift()?.resolve(line);
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  child.on('exit', (code) => {
    const error = new Error(`The builder exited (${code}):\n${output.slice(-4000)}`);
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  });
  const next = () => new Promise<string>((resolve, reject) => waiters.push({ resolve, reject }));
  await next();
  return {
    async build() {
      const from = output.length;
      const answer = next();
      child.stdin.write('build\n');
      const line = await answer;
      const log = output.slice(from);
      if (!line.startsWith('RESULT ')) throw new Error(`The build failed:\n${log.slice(-4000)}`);
      const { result, early } = JSON.parse(line.slice('RESULT '.length)) as {
        result: IncrementalResult;
        early: SiteFiles | null;
      };
      return { result, early, output: log };
    },
    stop: () => void child.kill(),
  };
}

/** Runs `npm run build:site -- …args` itself, as the README tells users to. */
export function runNpmBuild(env: Record<string, string>, args: string[]): Promise<BuildRun> {
  return run('npm', ['run', 'build:site', '--', ...args], env);
}

// Asynchronous, so a CMS running in the test's own process keeps answering while the build runs.
function run(command: string, args: string[], env: Record<string, string>): Promise<BuildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
