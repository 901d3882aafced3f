// The share cards of posts and opinions, told by their pages' getStaticPaths (each page names its
// card in og:image), with what each card shows.
import { formatDanishDate } from '@blog/shared';
import { routes } from '@blog/shared';
import { getSite, type Opinion, type Post } from '../lib/content.ts';
import { registerShareCard } from './card-registry.ts';

/** A date as the cards (and the site) write it, or null. */
const cardDate = (date: string | Date | null | undefined) => (date ? formatDanishDate(date) : null);

/** A post's card: its title, author and date. */
export async function registerPostCard(post: Post, authorName: string | null): Promise<void> {
  const { siteTitle } = await getSite();
  registerShareCard(routes.postCard(post.data.slug), {
    title: post.data.title,
    author: authorName,
    date: cardDate(post.data.date),
    siteName: siteTitle,
  });
}

/** An opinion's card: its title under the word Holdning, and its date. */
export async function registerOpinionCard(opinion: Opinion): Promise<void> {
  const { siteTitle } = await getSite();
  registerShareCard(routes.opinionCard(opinion.data.slug), {
    title: opinion.data.title,
    kicker: 'Holdning',
    date: cardDate(opinion.data.date),
    siteName: siteTitle,
  });
}
