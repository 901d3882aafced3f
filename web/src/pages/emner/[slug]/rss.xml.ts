import type { APIContext, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { routes } from '@blog/shared';
import { postsBy, type Tag } from '../../../lib/content.ts';
import { postsFeed } from '../../../lib/feed.ts';

export const getStaticPaths = (async () =>
  (await getCollection('tags')).map((tag) => ({
    params: { slug: tag.data.slug },
    props: { tag },
  }))) satisfies GetStaticPaths;

/** The posts about one tag. */
export async function GET(context: APIContext) {
  const { tag } = context.props as { tag: Tag };
  return postsFeed(context, {
    title: `Emne: ${tag.data.name}`,
    feedPath: routes.tagFeed(tag.data.slug),
    posts: await postsBy('tags', tag.id),
  });
}
