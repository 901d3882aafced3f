import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot, webDir } from './paths';

export interface BuildRun {
  code: number;
  output: string;
}

/** Runs the real site build (`web/scripts/build.ts`, what `npm run build` runs) into outDir. */
export function runSiteBuild(
  env: Record<string, string>,
  outDir: string,
  args: string[] = [],
): Promise<BuildRun> {
  return run(
    process.execPath,
    ['--import', 'tsx', path.join(webDir, 'scripts', 'build.ts'), '--out', outDir, ...args],
    env,
  );
}

/** Runs `npm run build -- …args` itself, as the README tells users to. */
export function runNpmBuild(env: Record<string, string>, args: string[]): Promise<BuildRun> {
  return run('npm', ['run', 'build', '--', ...args], env);
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
