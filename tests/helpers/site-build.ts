import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncrementalResult, SiteBuildResult } from '../../web/scripts/site-output';
import { repoRoot, webDir } from './paths';

export interface BuildRun {
  code: number;
  output: string;
}

export type SiteBuildRun = BuildRun & { report: SiteBuildResult | null };

/**
 * Runs the real site build (`web/scripts/build.ts`, what `npm run build:site` runs) into outDir, with
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

/** Node's arguments for `web/scripts/build.ts` into outDir, writing its report to reportFile. */
export function siteBuildArgs(outDir: string, reportFile: string, args: string[] = []): string[] {
  const script = path.join(webDir, 'scripts', 'build.ts');
  return [script, '--out', outDir, '--report', reportFile, ...args];
}

/**
 * One build of the site server's kind (incremental: only what changed since the last build in
 * buildsDir is rendered, stored and indexed again), in its own process like a build worker's.
 */
export async function runIncrementalBuild(
  env: Record<string, string>,
  buildsDir: string,
): Promise<BuildRun & { result: IncrementalResult | null }> {
  const script = path.join(repoRoot, 'tests', 'helpers', 'build-incrementally.mjs');
  const build = await run(process.execPath, [script, buildsDir], env);
  const last = build.output.trim().split('\n').at(-1) ?? '';
  return { ...build, result: build.code === 0 ? (JSON.parse(last) as IncrementalResult) : null };
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
