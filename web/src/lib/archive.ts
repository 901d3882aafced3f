import { copenhagenDateKey } from '@blog/shared';
import { getPosts, type Post } from './content.ts';

/** Posts grouped by their year in Copenhagen, newest year first (posts newest first within it). */
export async function postsByYear(): Promise<Array<{ year: number; posts: Post[] }>> {
  const years = new Map<number, Post[]>();
  for (const post of await getPosts()) {
    const year = Number(copenhagenDateKey(post.data.date).slice(0, 4));
    const posts = years.get(year);
    if (posts) posts.push(post);
    else years.set(year, [post]);
  }
  return [...years].map(([year, posts]) => ({ year, posts })).sort((a, b) => b.year - a.year);
}
