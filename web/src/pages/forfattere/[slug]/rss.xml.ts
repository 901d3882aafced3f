import type { APIContext, GetStaticPaths } from 'astro';
import { routes } from '@blog/shared';
import { getAuthors, postsBy, type Author, type Post } from '../../../lib/content.ts';
import { feedKey, postsFeed } from '../../../lib/feed.ts';

export const getStaticPaths = (async () =>
  Promise.all(
    (await getAuthors()).map(async (author) => {
      const posts = await postsBy('author', author.id);
      return {
        params: { slug: author.data.slug },
        props: { author, posts },
        cacheKey: await feedKey(posts, author.data.slug, author.data.name),
      };
    }),
  )) satisfies GetStaticPaths;

/** One author's posts. */
export async function GET(context: APIContext) {
  const { author, posts } = context.props as { author: Author; posts: Post[] };
  return postsFeed(context, {
    title: author.data.name,
    feedPath: routes.authorFeed(author.data.slug),
    posts,
  });
}
