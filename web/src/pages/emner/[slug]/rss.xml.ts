import type { APIContext, GetStaticPaths } from 'astro';
import { routes } from '@blog/shared';
import { getTags, postsBy, type Tag, type Post } from '../../../lib/content.ts';
import { feedKey, postsFeed } from '../../../lib/feed.ts';

export const getStaticPaths = (async () =>
  Promise.all(
    (await getTags()).map(async (tag) => {
      const posts = await postsBy('tags', tag.id);
      return {
        params: { slug: tag.data.slug },
        props: { tag, posts },
        cacheKey: await feedKey(posts, tag.data.slug, tag.data.name),
      };
    }),
  )) satisfies GetStaticPaths;

/** The posts about one tag. */
export async function GET(context: APIContext) {
  const { tag, posts } = context.props as { tag: Tag; posts: Post[] };
  return postsFeed(context, {
    title: `Emne: ${tag.data.name}`,
    feedPath: routes.tagFeed(tag.data.slug),
    posts,
  });
}
