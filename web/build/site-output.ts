// What happens to a built site after Astro is done with it: the search index, the summary, and the
// swap into place. Only Node built-ins, Pagefind and the shared package: `npm run build:site` runs this
// in a small parent process after the Astro build's own process has exited (see build.ts).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatDanishDateTime } from '@blog/shared';
import type { SyncReport } from '../src/sync/report.ts';
import { describePrecompress, precompress, type PreviousFiles } from './precompress.ts';
import { writeSearchIndex } from './search-index.ts';
import { listFiles, type SiteFiles } from './site-files.ts';

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
  /** When the earliest scheduled post or opinion left out of this build is due (ISO), or null. */
  nextScheduledAt: string | null;
  /** What the content sync did, collection by collection; null when built from local files. */
  sync: SyncReport | null;
  /** When the build started (ms since the epoch), for its total duration. */
  startedAt: number;
}

/** A site server build (incremental-site.ts): the result, and what it changed. */
export interface IncrementalResult extends SiteBuildResult {
  durationMs: number;
  /** Who rendered: Astro's build, or the worker with the code an earlier build loaded (hot-render.ts). */
  renderedBy: 'astro' | 'loaded code';
  /** What this build changed: files written, paths removed, search shards indexed, pages rendered. */
  changed: { written: number; removed: number; shards: number; rendered: number };
}

/**
 * Indexes the built pages for search, compresses the text files once (reusing what `previous`, the
 * build before, already compressed) and reports the build: how long it took in all, and its files.
 */
export async function finishBuild(
  result: SiteBuildResult,
  log: (line: string) => void,
  previous: PreviousFiles | null = null,
): Promise<{ durationMs: number; files: SiteFiles }> {
  const { counts, clientDir } = result;
  const indexStarted = Date.now();
  log(`Indexing ${counts.posts + counts.opinions} posts and opinions for search (Pagefind) …`);
  const search = await writeSearchIndex(clientDir, log);
  log(
    `Indexed ${search.pages} pages for search${search.shards > 1 ? ` in ${search.shards} shards` : ''} in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`,
  );
  for (const image of result.imagesWithoutAlt) {
    const pages =
      image.pages.slice(0, 5).join(', ') +
      (image.pages.length > 5 ? ` and ${image.pages.length - 5} more` : '');
    log(`Image without alt text: ${image.url} (on ${pages}). Add it in the CMS media library.`);
  }
  if (result.nextScheduledAt) {
    const due = formatDanishDateTime(result.nextScheduledAt);
    log(
      `Scheduled posts or opinions are left out until their date; the next is due ${due}. The site server builds again then by itself (a static host needs a new build then).`,
    );
  }
  const { manifest, stats } = await precompress(clientDir, previous);
  log(describePrecompress(stats));
  const durationMs = Date.now() - result.startedAt;
  log(
    `Built ${counts.pages} pages (${counts.posts} posts, ${counts.opinions} opinions, ${counts.authors} authors, ${counts.tags} tags) into ${result.outDir} in ${(durationMs / 1000).toFixed(1)} s`,
  );
  return { durationMs, files: manifest };
}

/** A fresh directory beside outDir to build into, so a failed build never touches the last good one. */
export function stagingDirFor(outDir: string): string {
  return `${path.resolve(outDir)}.building-${randomUUID().slice(0, 8)}`;
}

/** Swaps staging into place with renames, then removes the old directory. */
export function replaceDirectory(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

/** Pages in the output (redirects aside), and how many of them are posts, opinions, authors and tags. */
export function countPages(clientDir: string): BuildCounts {
  const redirectsFile = path.join(clientDir, 'redirects.json');
  const redirects = fs.existsSync(redirectsFile)
    ? (JSON.parse(fs.readFileSync(redirectsFile, 'utf8')) as Array<{ from: string }>)
    : [];
  return countPagesOf(listFiles(clientDir), redirects);
}

/** The same, from the site's file names (relative, forward slashes) and its redirects. */
export function countPagesOf(names: string[], redirects: Array<{ from: string }>): BuildCounts {
  const redirectDirs = new Set(redirects.map((redirect) => redirect.from));
  // A redirect page for each redirect from a path; one with a query (/?p=12) has no file.
  const redirectPages = redirects.filter(
    ({ from }) => from.endsWith('/') && !from.includes('?'),
  ).length;
  const pages = names.filter((name) => name.endsWith('.html')).length - redirectPages;
  // Section/<name>/index.html, unless that address is a redirect.
  const subpages = (section: string) =>
    names.filter((name) => {
      const parts = name.split('/');
      return (
        parts.length === 3 &&
        parts[0] === section &&
        parts[2] === 'index.html' &&
        !redirectDirs.has(`/${section}/${parts[1]}/`)
      );
    }).length;
  return {
    pages,
    posts: subpages('blog'),
    opinions: subpages('holdninger'),
    authors: subpages('forfattere'),
    tags: subpages('emner'),
  };
}
