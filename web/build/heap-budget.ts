// The build's memory budget (SITE_BUILD_HEAP_MB): with an explicit old-space limit V8 collects
// sooner instead of growing towards its default of a sixth of the machine's memory (figures in
// docs/architecture.md). `npm run build:site` renders under it, and so do the site server's build
// workers (build-worker.ts): running out fails that one build, never the server. Only Node
// built-ins and the settings here: this runs in the small parent processes.
import { spawn } from 'node:child_process';
import { siteSetting } from '../src/site-settings.ts';

/** The heap limit for the build step in MB (0: V8's default); a clear error for a bad value. */
export function heapBudgetMb(): number {
  return siteSetting('buildHeapMb');
}

/** Node's flags for a child under the heap budget: none when it is 0 or NODE_OPTIONS sets a limit. */
export function heapFlags(): string[] {
  const mb = heapBudgetMb();
  // A limit the caller set (NODE_OPTIONS) wins; the child inherits it.
  const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some(
    (arg) => arg.startsWith('--max-old-space-size'),
  );
  return mb === 0 || flagged ? [] : [`--max-old-space-size=${mb}`];
}

/**
 * Runs this script again in a child process under the heap budget, with `args`, and returns its exit
 * code and the one message it sent back (process.send). When the process ends, so does all the
 * memory it held: whatever runs after it in the parent starts from nothing.
 */
export async function runUnderHeapBudget<T>(
  args: string[],
): Promise<{ code: number; result: T | null }> {
  const mb = heapBudgetMb();
  const heapFlag = heapFlags();
  const flagged = heapFlag.length === 0 && mb !== 0;
  const child = spawn(
    process.execPath,
    [...heapFlag, ...process.execArgv, process.argv[1]!, ...args],
    {
      stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
    },
  );
  let result: T | null = null;
  child.on('message', (message) => (result = message as T));
  // Errors pass straight through; V8's (or a worker's) out-of-memory report is recognised on the way.
  let outOfMemory = false;
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    if (/heap out of memory|Reached heap limit/.test(chunk.toString())) outOfMemory = true;
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (...closed) => resolve(closed)),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, forward);
  if (outOfMemory || signal === 'SIGABRT') {
    console.error(
      heapFlag.length
        ? `\nThe build ran out of its memory budget (${mb} MB of heap). Raise it, e.g. SITE_BUILD_HEAP_MB=${mb * 2} npm run build:site.`
        : flagged
          ? '\nThe build ran out of memory under the heap limit set in NODE_OPTIONS. Raise its --max-old-space-size.'
          : "\nThe build ran out of memory under V8's default heap limit. Give it more, e.g. SITE_BUILD_HEAP_MB=4096 npm run build:site.",
    );
  }
  return { code: code ?? 1, result };
}
