import type { GetStaticPaths } from 'astro';
import { getOpinions } from '../../../lib/content.ts';
import { cardDate, cardPaths, cardResponse } from '../../../share-card/card-pages.ts';

/** An opinion's share card (routes.opinionCard), shown when a link to it has no picture to show. */
export const getStaticPaths = (async () =>
  cardPaths(await getOpinions(), (opinion) => ({
    title: opinion.data.title,
    kicker: 'Holdning',
    date: cardDate(opinion.data.date),
  }))) satisfies GetStaticPaths;

export const GET = cardResponse;
