import type { APIContext, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { routes } from '@blog/shared';
import { postsBy, type Author } from '../../../lib/content.ts';
import { postsFeed } from '../../../lib/feed.ts';

export const getStaticPaths = (async () =>
  (await getCollection('authors')).map((author) => ({
    params: { slug: author.data.slug },
    props: { author },
  }))) satisfies GetStaticPaths;

/** One author's posts. */
export async function GET(context: APIContext) {
  const { author } = context.props as { author: Author };
  return postsFeed(context, {
    title: author.data.name,
    feedPath: routes.authorFeed(author.data.slug),
    posts: await postsBy('author', author.id),
  });
}
