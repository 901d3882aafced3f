import type { GetStaticPaths } from 'astro';
import { getPosts, resolve } from '../../../lib/content.ts';
import { cardDate, cardPaths, cardResponse } from '../../../share-card/card-pages.ts';

/** A post's share card (routes.postCard), shown when a link to it has no cover to show. */
export const getStaticPaths = (async () =>
  cardPaths(await getPosts(), async (post) => ({
    title: post.data.title,
    author: post.data.author
      ? (await resolve(post.data.author, `Post "${post.data.slug}"`)).data.name
      : null,
    date: cardDate(post.data.date),
  }))) satisfies GetStaticPaths;

export const GET = cardResponse;
