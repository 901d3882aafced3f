import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'astro';
import type { CmsConnection } from '../src/lib/cms-client';
import { imagesWithoutAlt, resetPageRegistry } from '../src/lib/page-registry';
import { resetSyncStats, syncSummary } from '../src/lib/sync-stats';
import { webDir } from './paths';
import { writeSearchIndex } from './search-index';

export interface BuildCounts {
  pages: number;
  posts: number;
  opinions: number;
  authors: number;
  tags: number;
}

export interface SiteBuildResult {
  outDir: string;
  /** Where the static files are: outDir itself, or outDir/client when the preview server is built too. */
  clientDir: string;
  /** The on-demand preview handler's module, when built with preview. */
  serverEntry: string | null;
  counts: BuildCounts;
  /** Media shown without alt text (the editor should add it in the media library). */
  imagesWithoutAlt: Array<{ url: string; pages: string[] }>;
  durationMs: number;
}

export interface BuildOptions {
  /** Also build the on-demand preview routes (served by the site server). */
  preview?: boolean;
  /** Ignore the last sync point and fetch everything again. */
  force?: boolean;
  log?: (line: string) => void;
}

/**
 * Builds the site from the CMS into an empty or new directory. `null` instead of a CMS builds from
 * the local files in SITE_CONTENT_DIR (the benchmark's floor; see src/content.config.ts).
 */
export async function buildInto(cms: CmsConnection | null, outDir: string, options: BuildOptions = {}): Promise<SiteBuildResult> {
  const log = options.log ?? console.log;
  const started = Date.now();
  const buildId = randomUUID();
  if (!cms && !process.env.SITE_CONTENT_DIR) throw new Error('Nothing to build from: no CMS connection and no SITE_CONTENT_DIR.');
  Object.assign(process.env, {
    CMS_URL: cms?.url ?? '',
    CMS_TOKEN: cms?.token ?? '',
    SITE_BUILD_ID: buildId,
    SITE_PREVIEW: options.preview ? '1' : '',
    SITE_SYNC_FORCE: options.force ? '1' : '',
    ASTRO_TELEMETRY_DISABLED: '1',
    // A build is a production build, whatever the calling process runs as (tests set NODE_ENV=test).
    NODE_ENV: 'production',
  });
  log(`Building the site from ${cms?.url ?? process.env.SITE_CONTENT_DIR} …`);
  // Parts of Astro's build resolve paths against the working directory, not the root option.
  process.chdir(webDir);
  resetPageRegistry();
  resetSyncStats();
  await build({
    root: webDir,
    outDir,
    logLevel: process.env.SITE_BUILD_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    // The build id the synced content must carry (see getSite in src/lib/content.ts).
    vite: { define: { __SITE_BUILD_ID__: JSON.stringify(buildId) } },
  });
  const clientDir = fs.existsSync(path.join(outDir, 'client')) ? path.join(outDir, 'client') : outDir;
  const serverEntry = path.join(outDir, 'server', 'entry.mjs');
  const counts = countPages(clientDir);
  const sync = syncSummary();
  if (sync) log(`Synced content from the CMS in ${sync.ms} ms with ${sync.requests} requests`);
  const indexStarted = Date.now();
  log(`Indexing ${counts.posts + counts.opinions} posts and opinions for search (Pagefind) …`);
  const search = await writeSearchIndex(clientDir, log);
  log(`Indexed ${search.pages} pages for search${search.shards > 1 ? ` in ${search.shards} shards` : ''} in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`);
  const durationMs = Date.now() - started;
  const missingAlt = imagesWithoutAlt();
  for (const image of missingAlt) {
    const pages = image.pages.slice(0, 5).join(', ') + (image.pages.length > 5 ? ` and ${image.pages.length - 5} more` : '');
    log(`Image without alt text: ${image.url} (on ${pages}). Add it in the CMS media library.`);
  }
  log(
    `Built ${counts.pages} pages (${counts.posts} posts, ${counts.opinions} opinions, ${counts.authors} authors, ${counts.tags} tags) into ${outDir} in ${(durationMs / 1000).toFixed(1)} s`,
  );
  return { outDir, clientDir, serverEntry: fs.existsSync(serverEntry) ? serverEntry : null, counts, imagesWithoutAlt: missingAlt, durationMs };
}

/**
 * `npm run build`: builds into a fresh sibling directory and replaces outDir only when the build
 * succeeded, so a failed build never leaves an empty or partial site where the last good one was.
 */
export async function buildSite(cms: CmsConnection | null, outDir: string, options: BuildOptions = {}): Promise<SiteBuildResult> {
  const target = path.resolve(outDir);
  const staging = `${target}.building-${randomUUID().slice(0, 8)}`;
  let result: SiteBuildResult;
  try {
    result = await buildInto(cms, staging, options);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceDirectory(staging, target);
  return { ...result, outDir: target, clientDir: result.clientDir.replace(staging, target), serverEntry: result.serverEntry?.replace(staging, target) ?? null };
}

/** Swaps staging into place with renames, then removes the old directory. */
function replaceDirectory(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

/** Pages in the output (redirects aside), and how many of them are posts, opinions, authors and tags. */
function countPages(clientDir: string): BuildCounts {
  const redirectsFile = path.join(clientDir, 'redirects.json');
  const redirects = fs.existsSync(redirectsFile) ? (JSON.parse(fs.readFileSync(redirectsFile, 'utf8')) as Array<{ from: string }>) : [];
  const redirectDirs = new Set(redirects.map((redirect) => redirect.from));
  const pages =
    fs.readdirSync(clientDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.html')).length - redirects.length;
  const subpages = (dir: string) => {
    const full = path.join(clientDir, dir);
    if (!fs.existsSync(full)) return 0;
    return fs.readdirSync(full).filter((name) => !redirectDirs.has(`/${dir}/${name}/`) && fs.existsSync(path.join(full, name, 'index.html'))).length;
  };
  return { pages, posts: subpages('blog'), opinions: subpages('holdninger'), authors: subpages('forfattere'), tags: subpages('emner') };
}
