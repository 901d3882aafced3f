// The build's memory budget. V8 sizes its heap from the machine's memory (about 4 GB on a 24 GB
// machine) and lets it grow long before it collects: at 10,000 posts a build peaked at 1.8 GB RSS
// while what it held alive never passed about 430 MB. With an explicit old-space limit V8 collects
// sooner: the same build peaked at 1.0 GB, in the same time. SITE_BUILD_HEAP_MB sets the limit
// (default 640); 0 leaves V8's default. Only builds run under it: the site server builds in its own
// process and keeps V8's default, since running out there would take the live site down.
// Imports only Node built-ins: this runs before the build's own (heavy) modules are loaded.
import { spawn } from 'node:child_process';

export const DEFAULT_HEAP_MB = 640;

/**
 * Runs this script again in a child process with the heap limit, unless it already has one; returns
 * the child's exit code, or null when this process is the one to build.
 */
export async function runUnderHeapBudget(): Promise<number | null> {
  const raw = process.env.SITE_BUILD_HEAP_MB || String(DEFAULT_HEAP_MB);
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 0) throw new Error(`SITE_BUILD_HEAP_MB must be a whole number of MB (or 0 for Node's default), not "${raw}".`);
  // Already limited (the child below runs with the flag, or the caller set one): build here.
  const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith('--max-old-space-size'));
  if (mb === 0 || flagged) return null;

  const child = spawn(process.execPath, [`--max-old-space-size=${mb}`, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'pipe'],
  });
  // Errors pass straight through; V8's (or a worker's) out-of-memory report is recognised on the way.
  let outOfMemory = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (/heap out of memory|Reached heap limit/.test(chunk.toString())) outOfMemory = true;
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...result) => resolve(result)));
  if (outOfMemory || signal === 'SIGABRT') {
    console.error(`\nThe build ran out of its memory budget (${mb} MB of heap). Raise it, e.g. SITE_BUILD_HEAP_MB=${mb * 2} npm run build.`);
  }
  return code ?? 1;
}
