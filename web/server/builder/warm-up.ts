// A build worker's warm-up (build-worker.ts): one build of a tiny local site, so that the worker's
// first real build does not pay for cold code.
import fs from 'node:fs';
import path from 'node:path';
import { buildIncrementally } from './incremental-site.ts';
import { webDir } from '../../build/paths.ts';

/**
 * Builds a tiny site from local files (warm-up-site/) into a scratch directory, with its own cache,
 * before saying it is ready: a process's first Astro build is about a second slower than the next
 * (code not yet optimised, caches empty), and that second would otherwise be on every publish.
 * The CMS, its content store and the live site are not touched. `scratchRoot`: the builder's
 * scratch directory, which it empties when it starts (a worker killed while warming up leaves
 * nothing behind for long).
 */
export async function warmUp(scratchRoot: string): Promise<void> {
  fs.mkdirSync(scratchRoot, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(scratchRoot, 'site-'));
  const saved = { ...process.env };
  process.env.SITE_CONTENT_DIR = path.join(webDir, 'server', 'builder', 'warm-up-site');
  process.env.SITE_CACHE_DIR = path.join(scratch, 'cache');
  let built = false;
  try {
    await buildIncrementally(null, scratch, path.join(scratch, 'build'), {
      preview: true,
      quiet: true,
      log: () => {},
    });
    built = true;
  } catch (error) {
    console.warn(
      `[builder] The build worker's warm-up build failed (builds still work, the first one slower): ${(error as Error).message}`,
    );
  } finally {
    for (const name of ['SITE_CONTENT_DIR', 'SITE_CACHE_DIR', 'CMS_URL', 'CMS_TOKEN', 'NODE_ENV'])
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    // A failed build may still write its content store a moment later: then the folder stays
    // (the site server empties the scratch folder when it starts) rather than crash this worker.
    if (built) fs.rmSync(scratch, { recursive: true, force: true });
  }
}
