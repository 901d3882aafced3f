import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot, webDir } from './paths';

export interface ImportCommandRun {
  code: number | null;
  output: string;
}

/**
 * Runs the import command (`web/cli/import.ts`, what `npm run import` runs) against a CMS, as
 * the operator does from the repository's root. `onStart` gets the process id (to sample its
 * memory), `echo` passes its output on as it comes.
 */
export function runImportCommand(
  cms: { url: string; importToken: string },
  args: string[],
  options: { onStart?: (pid: number) => void; echo?: boolean } = {},
): Promise<ImportCommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(webDir, 'cli', 'import.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, CMS_URL: cms.url, CMS_IMPORT_TOKEN: cms.importToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) options.onStart?.(child.pid);
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk;
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
