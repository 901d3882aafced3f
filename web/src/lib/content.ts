import { getCollection, type CollectionEntry, type CollectionKey } from 'astro:content';
import { isBodyFile, readBodyFile } from '../sync/body-files.ts';
import { syncedEntries } from '../sync/entries-file.ts';
import { currentBuildId } from './build-id.ts';
import { onceABuild } from './build-memo.ts';
import { registerScheduled } from './page-registry.ts';
import { relatedPositions } from './related-posts.ts';
import { siteSetting } from '../site-settings.ts';
import { RESERVED_PAGE_SLUGS } from '@blog/shared';

export type Post = CollectionEntry<'posts'>;
export type Author = CollectionEntry<'authors'>;
export type Opinion = CollectionEntry<'opinions'>;
export type Tag = CollectionEntry<'tags'>;
export type Page = CollectionEntry<'pages'>;
export type Site = CollectionEntry<'site'>['data'];

/**
 * A post's or opinion's body blocks: kept as a JSON string in a file beside the content store (from
 * the CMS; see body-files.ts) or in the store itself (the benchmark's files).
 */
export function bodyBlocks(entry: Post | Opinion | Page): unknown[] {
  const stored: unknown = entry.data.body;
  const raw: unknown = isBodyFile(stored) ? readBodyFile(stored) : stored;
  const blocks: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(blocks) ? blocks : [];
}

/** Newest first, by the post's own date. */
function newestFirst(posts: Post[]): Post[] {
  return [...posts].sort(
    (a, b) => b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id),
  );
}

/**
 * A collection as this build synced it: from the CMS, kept beside Astro's store and handed over by
 * its loader in this process (sync/entries-file.ts), by id. The benchmark's local files are in
 * Astro's store. Refuses entries this build did not sync: a stale copy must not be built from.
 */
function entriesOf<C extends CollectionKey>(
  collection: C,
): Promise<ReadonlyMap<string, CollectionEntry<C>>> {
  return onceABuild(`entries:${collection}`, async () => {
    if (siteSetting('contentDir'))
      return new Map((await getCollection(collection)).map((entry) => [entry.id, entry]));
    const synced = syncedEntries(collection);
    const expected = currentBuildId();
    if (!synced || (expected && synced.buildId !== expected))
      throw new Error(
        `The ${collection} were not synced from the CMS in this build; refusing to build from stale content.`,
      );
    return new Map(
      [...synced.entries].map(([id, entry]) => [
        id,
        { ...entry, collection } as unknown as CollectionEntry<C>,
      ]),
    );
  });
}

/** Every entry of a collection, in no particular order. Shared within a build: do not modify. */
async function listOf<C extends CollectionKey>(collection: C): Promise<CollectionEntry<C>[]> {
  return onceABuild(`list:${collection}`, async () => [...(await entriesOf(collection)).values()]);
}

/** The authors, in no particular order. Shared within a build: do not modify the array. */
export const getAuthors = (): Promise<Author[]> => listOf('authors');

/** The tags, in no particular order. Shared within a build: do not modify the array. */
export const getTags = (): Promise<Tag[]> => listOf('tags');

/**
 * A published post or opinion dated in the future is scheduled: nothing of it is on the site until
 * its date, when the site server builds again (the build reports the next such date).
 */
function onSiteNow<T extends Post | Opinion>(entries: T[]): T[] {
  const now = Date.now();
  return entries.filter((entry) => {
    const date = entry.data.date;
    if (!date || date.getTime() <= now) return true;
    registerScheduled(date);
    return false;
  });
}

/** All posts on the site, newest first. Shared within a build: do not modify the array. */
export function getPosts(): Promise<Post[]> {
  return onceABuild('posts', async () => newestFirst(onSiteNow(await listOf('posts'))));
}

/** The opinions on the site, by the editor's manual order, then by title. Shared within a build: do not modify the array. */
export function getOpinions(): Promise<Opinion[]> {
  return onceABuild('opinions', async () => sortOpinions(onSiteNow(await listOf('opinions'))));
}

/**
 * The standalone pages, by their menu order, then by title. One whose slug is a section of the site
 * (the CMS refuses those; an older entry may have one) is left out, never put over the section.
 */
export function getPages(): Promise<Page[]> {
  return onceABuild('pages', async () =>
    (await listOf('pages'))
      .filter((page) => {
        if (!RESERVED_PAGE_SLUGS.has(page.data.slug)) return true;
        console.warn(
          `Page "${page.data.title}" is left out: its address /${page.data.slug}/ is a section of the site. Give it another in the CMS.`,
        );
        return false;
      })
      .sort(
        (a, b) =>
          (a.data.navigationOrder ?? Number.MAX_SAFE_INTEGER) -
            (b.data.navigationOrder ?? Number.MAX_SAFE_INTEGER) ||
          a.data.title.localeCompare(b.data.title, 'da'),
      ),
  );
}

function sortOpinions(opinions: Opinion[]): Opinion[] {
  return [...opinions].sort(
    (a, b) =>
      (a.data.order ?? Number.MAX_SAFE_INTEGER) - (b.data.order ?? Number.MAX_SAFE_INTEGER) ||
      a.data.title.localeCompare(b.data.title, 'da'),
  );
}

/**
 * Resolves a reference and fails the build when it points at nothing: Astro's reference() lets a
 * missing entry through silently, and a silently missing author or tag is a broken page.
 */
export async function resolve<C extends CollectionKey>(
  ref: { collection: C; id: string },
  from: string,
): Promise<CollectionEntry<C>> {
  const entry = (await entriesOf(ref.collection)).get(ref.id);
  if (!entry)
    throw new Error(
      `${from} refers to ${ref.collection} "${ref.id}", which is not in the published content.`,
    );
  return entry as CollectionEntry<C>;
}

export async function resolveAll<C extends CollectionKey>(
  refs: Array<{ collection: C; id: string }>,
  from: string,
): Promise<Array<CollectionEntry<C>>> {
  return Promise.all(refs.map((ref) => resolve(ref, from)));
}

/**
 * The site settings; fails when this build did not sync them (entriesOf). Read once a build: every
 * page's layout and every share card asks.
 */
export function getSite(): Promise<Site> {
  return onceABuild('site', async () => {
    const entry = (await entriesOf('site')).get('site');
    if (!entry) throw new Error('The site settings were not loaded from the CMS.');
    return entry.data;
  });
}

/**
 * The posts that point at an author, tag or opinion: newest first, as getPosts() gives them.
 * Indexed once a build (every author, tag and opinion page and feed asks). Shared: do not modify.
 */
export async function postsBy(
  field: 'author' | 'tags' | 'opinions',
  slug: string,
): Promise<Post[]> {
  const index = await onceABuild('posts-by', async () => {
    const by = new Map<string, Post[]>();
    for (const post of await getPosts())
      for (const name of ['author', 'tags', 'opinions'] as const)
        for (const ref of [post.data[name]].flat())
          if (ref) {
            const key = `${name}:${ref.id}`;
            const list = by.get(key);
            if (list) {
              if (list.at(-1) !== post) list.push(post);
            } else by.set(key, [post]);
          }
    return by;
  });
  return index.get(`${field}:${slug}`) ?? [];
}

const topicsOf = (post: Post) => [
  ...post.data.tags.map((ref) => `tag:${ref.id}`),
  ...post.data.opinions.map((ref) => `opinion:${ref.id}`),
];

/** Each post's place in date order and, per tag or opinion, its posts in that order: built once a build. */
function postIndex(): Promise<{
  posts: Post[];
  position: Map<string, number>;
  byTopic: Map<string, number[]>;
}> {
  return onceABuild('post-index', async () => {
    const posts = await getPosts();
    const position = new Map(posts.map((post, i) => [post.id, i]));
    const byTopic = new Map<string, number[]>();
    posts.forEach((post, i) => {
      for (const topic of new Set(topicsOf(post))) {
        const list = byTopic.get(topic);
        if (list) list.push(i);
        else byTopic.set(topic, [i]);
      }
    });
    return { posts, position, byTopic };
  });
}

/**
 * The posts either side of a post in date order, and up to three others sharing its tags or
 * opinions (related-posts.ts: most shared first, then nearest in date order).
 */
export async function neighboursOf(
  post: Post,
): Promise<{ newer: Post | null; older: Post | null; related: Post[] }> {
  const { posts, position, byTopic } = await postIndex();
  const index = position.get(post.id)!;
  const lists = [...new Set(topicsOf(post))].map((topic) => byTopic.get(topic) ?? []);
  const related = relatedPositions(index, lists).map((other) => posts[other]!);
  return { newer: posts[index - 1] ?? null, older: posts[index + 1] ?? null, related };
}
