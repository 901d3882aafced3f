// The share cards' endpoints (pages/blog/[slug]/delekort.png.ts, pages/holdninger/[slug]/…): one
// picture per post and opinion, rendered again only when what it shows changes (its cache key).
import type { APIContext } from 'astro';
import { formatDanishDate } from '@blog/shared';
import { getSite } from '../lib/content.ts';
import { cardKey, shareCardPng } from './card-cache.ts';
import type { ShareCardText } from './render-card.ts';

/** The paths of the cards of these entries: `text` says what each card shows, without the site's name. */
export async function cardPaths<T extends { data: { slug: string } }>(
  entries: T[],
  text: (entry: T) => Promise<Omit<ShareCardText, 'siteName'>> | Omit<ShareCardText, 'siteName'>,
) {
  const { siteTitle } = await getSite();
  return Promise.all(
    entries.map(async (entry) => {
      const card: ShareCardText = { ...(await text(entry)), siteName: siteTitle };
      return { params: { slug: entry.data.slug }, props: { card }, cacheKey: cardKey(card) };
    }),
  );
}

/** A date as the cards (and the site) write it, or null. */
export const cardDate = (date: string | Date | null | undefined) =>
  date ? formatDanishDate(date) : null;

/** The card's answer: a PNG, the same for the same text. */
export async function cardResponse({ props }: APIContext): Promise<Response> {
  const { card } = props as { card: ShareCardText };
  const png = await shareCardPng(card, (message) => console.warn(`[share-cards] ${message}`));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
