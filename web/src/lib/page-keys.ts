import { createHash } from 'node:crypto';
import { getPages, getSite, type Post } from './content.ts';
import { mediaBaseUrl } from './media.ts';
import { onceABuild } from './build-memo.ts';

// Cache keys for Astro's incremental build (astro.config.ts, experimental.incrementalBuild): a page
// from getStaticPaths() is rendered again only when its key or its code changed, so a key must
// cover everything the page shows. Each is a hash of the layout's data (site settings, menu, media
// host) and the data of the entries the page shows: an entry's own page takes the entry's whole
// digest, a list takes each listed post's summary (what lists show), so fixing a typo in an old
// post's text renders that post's page, not every list it is on. tests/integration/incremental-
// build.test.ts compares incremental builds with full ones after random edits.

/** A short hash of anything JSON can hold. */
export function keyOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

/** An entry's data as stored (Astro's digest of it, or a hash of the data when it has none). */
export function entryKey(entry: { digest?: string | number; data: unknown }): string {
  return entry.digest === undefined ? keyOf(entry.data) : String(entry.digest);
}

const summaries = new WeakMap<Post, string>();
/**
 * What lists, neighbours and related links show of a post: not its body, nor when it was edited.
 * Made once per post (entry objects are new when their content changes): a post is on several
 * lists and is the neighbour of several posts, which at 10,000 posts cost half a second a build.
 */
export function summaryKey(post: Post): string {
  let key = summaries.get(post);
  if (key === undefined) {
    key = keyOf(omit(post.data, ['body', 'updatedAt']));
    summaries.set(post, key);
  }
  return key;
}

/**
 * What every page's frame shows: the site settings,
 * the menu's pages and the media host. Made once a build.
 */
export function layoutKey(): Promise<string> {
  return onceABuild('layout-key', async () => {
    const site = await getSite();
    const menu = (await getPages()).map(({ data }) => [
      data.slug,
      data.title,
      data.showInNavigation,
      data.navigationOrder,
    ]);
    return keyOf(site, menu, mediaBaseUrl());
  });
}

function omit<T extends object>(value: T, keys: string[]): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !keys.includes(key)),
  ) as Partial<T>;
}

/** A page's key: the layout's and the page's own parts. */
export async function pageKey(...parts: unknown[]): Promise<string> {
  return keyOf(await layoutKey(), ...parts);
}
