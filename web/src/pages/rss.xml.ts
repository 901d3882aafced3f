import type { APIContext } from 'astro';
import { routes } from '@blog/shared';
import { getPosts } from '../lib/content.ts';
import { postsFeed } from '../lib/feed.ts';

/** The main feed: the newest posts (FEED_ITEMS). */
export async function GET(context: APIContext) {
  return postsFeed(context, { feedPath: routes.feed(), posts: await getPosts() });
}
