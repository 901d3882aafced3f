import type { Core } from '@strapi/strapi';

/** The section headings of the first real post (cms/seed/posts/000_902442b1b995594d.txt), in order. */
export const SEED_POST_HEADINGS = [
  'REN RUNDKREDS',
  'FLYTBARE FOLK',
  'IKKE ALLE KUNDER ER GODE KUNDER',
  'ET SPARK I BOLLERNE',
  'SPILD AF TID',
  'KOM SÅ VIDERE',
  'TAK, MEN NEJ TAK',
  'DROP KAMPEN',
];

/** The seeded first post's document, as the document service gives it (its draft). */
export async function findSeedPost(strapi: Core.Strapi) {
  const [post] = await strapi
    .documents('api::post.post')
    .findMany({ filters: { slug: 'ikke-flere-kunder-tak' } });
  if (!post) throw new Error('Expected the seed post (ikke-flere-kunder-tak), found none');
  return post;
}
