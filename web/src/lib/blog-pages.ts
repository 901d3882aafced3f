import { routes } from '@blog/shared';
import { getPosts, type Post } from './content.ts';
import { POSTS_PER_PAGE } from './site-url.ts';

/** One page of the blog: the home page (number null) or a page of older posts. */
export interface BlogPage {
  number: number | null;
  /** Newest first. */
  posts: Post[];
  newer: string | null;
  older: string | null;
}

/**
 * The blog's pages. Pages of older posts are numbered from the oldest and hold POSTS_PER_PAGE each,
 * the oldest posts on /side/1/: a new post never moves a post from one page to another, so
 * publishing renders the home page and at most one new page, however many there are (offset
 * pages would every one change). The home page shows the newest page's posts, with the full page
 * before it while the newest is not full: between POSTS_PER_PAGE and twice that less one.
 */
export async function blogPages(): Promise<{ home: BlogPage; pages: BlogPage[] }> {
  const posts = await getPosts();
  const count = posts.length;
  // Page b holds the posts b·P-P … b·P-1 counted from the oldest (0).
  const full = Math.floor(count / POSTS_PER_PAGE);
  const onHome =
    count % POSTS_PER_PAGE === 0
      ? Math.min(count, POSTS_PER_PAGE)
      : (count % POSTS_PER_PAGE) + (full > 0 ? POSTS_PER_PAGE : 0);
  const numbered = (count - onHome) / POSTS_PER_PAGE; // pages 1 … numbered
  const link = (number: number) => (number > numbered ? routes.home() : routes.blogPage(number));
  const pages = Array.from({ length: numbered }, (_, i): BlogPage => {
    const number = numbered - i;
    const end = count - (number - 1) * POSTS_PER_PAGE;
    return {
      number,
      posts: posts.slice(end - POSTS_PER_PAGE, end),
      newer: link(number + 1),
      older: number > 1 ? routes.blogPage(number - 1) : null,
    };
  });
  const home: BlogPage = {
    number: null,
    posts: posts.slice(0, onHome),
    newer: null,
    older: numbered > 0 ? routes.blogPage(numbered) : null,
  };
  return { home, pages };
}
