import fs from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { siteSetting } from '../src/site-settings.ts';

/** Where the browser finds the search bundles besides the main one (read by public/search.js). */
export const SEARCH_SHARDS_FILE = 'pagefind/shards.json';
const FILES_AT_ONCE = 64;

/**
 * Indexes the built pages for site search (Pagefind, searched in the browser on /soeg/).
 * Only pages that carry data-pagefind-body are indexed: posts and opinions, not lists or redirect
 * pages. Danish stemming comes from each page's lang="da". The first shard is the main bundle
 * (/pagefind/, with the search interface); the others go to /pagefind/shard-N/ and are listed in
 * SEARCH_SHARDS_FILE, which the search page merges into one search.
 */
export async function writeSearchIndex(
  clientDir: string,
  log: (line: string) => void = () => {},
): Promise<{ pages: number; shards: number }> {
  try {
    const shards = shardsOf(indexablePages(clientDir), searchShardBytes());
    const bundles = shards.map((_, i) => (i === 0 ? '/pagefind/' : `/pagefind/shard-${i + 1}/`));
    let pages = 0;
    for (const [i, shard] of shards.entries()) {
      pages += await indexShard(clientDir, shard, path.join(clientDir, bundles[i]!));
      if (shards.length > 1)
        log(`Search shard ${i + 1} of ${shards.length}: ${shard.length} pages in ${bundles[i]}`);
    }
    fs.writeFileSync(
      path.join(clientDir, SEARCH_SHARDS_FILE),
      JSON.stringify({ bundles: bundles.slice(1) }),
    );
    return { pages, shards: shards.length };
  } catch (error) {
    throw new Error(`The search index could not be written: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** One bundle, by its own Pagefind process: closing it is what gives its memory back. */
export async function indexShard(
  clientDir: string,
  files: string[],
  outputPath: string,
): Promise<number> {
  try {
    const created = await pagefind.createIndex({});
    if (!created.index) throw new Error(created.errors.join('; '));
    const index = created.index;
    for (let i = 0; i < files.length; i += FILES_AT_ONCE) {
      const added = await Promise.all(
        files.slice(i, i + FILES_AT_ONCE).map((file) =>
          index.addHTMLFile({
            sourcePath: path.relative(clientDir, file).split(path.sep).join('/'),
            content: fs.readFileSync(file, 'utf8'),
          }),
        ),
      );
      const errors = added.flatMap((result) => result.errors);
      if (errors.length) throw new Error(errors.join('; '));
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(written.errors.join('; '));
    return files.length;
  } finally {
    await pagefind.close();
  }
}

/** The built pages with a search body, in path order. */
function indexablePages(clientDir: string): Array<{ file: string; bytes: number }> {
  return fs
    .readdirSync(clientDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .flatMap((file) => {
      const html = fs.readFileSync(file);
      return html.includes('data-pagefind-body') ? [{ file, bytes: html.length }] : [];
    });
}

/** Consecutive groups of pages, each under the byte limit (a larger page gets a group to itself). */
function shardsOf(pages: Array<{ file: string; bytes: number }>, limit: number): string[][] {
  const shards: string[][] = [[]];
  let size = 0;
  for (const page of pages) {
    if (size + page.bytes > limit && shards.at(-1)!.length > 0) {
      shards.push([]);
      size = 0;
    }
    shards.at(-1)!.push(page.file);
    size += page.bytes;
  }
  return shards;
}

/**
 * HTML per search shard (SITE_SEARCH_SHARD_MB, default 32): Pagefind holds a whole index in memory
 * while it writes it, so a large site is indexed in shards, one fresh Pagefind process each.
 */
export function searchShardBytes(): number {
  return siteSetting('searchShardMb') * 2 ** 20;
}
