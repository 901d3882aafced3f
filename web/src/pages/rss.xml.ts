import type { APIContext } from 'astro';
import { routes } from '@blog/shared';
import { getPosts } from '../lib/content';
import { postsFeed } from '../lib/feed';

/** The main feed: the newest posts (FEED_ITEMS). */
export async function GET(context: APIContext) {
  return postsFeed(context, { feedPath: routes.feed(), posts: await getPosts() });
}
