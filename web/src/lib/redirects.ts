import { routes } from '@blog/shared';
import type { Opinion, Post } from './content';

export interface Redirect {
  from: string;
  to: string;
}

/**
 * Old addresses of posts and opinions whose slug changed (the CMS keeps them in previousSlugs):
 * each redirects to the page's current address. A current page always wins over an old slug.
 */
export function slugRedirects(posts: Post[], opinions: Opinion[]): Redirect[] {
  const redirects: Redirect[] = [];
  const taken = new Set([...posts.map((post) => routes.post(post.data.slug)), ...opinions.map((opinion) => routes.opinion(opinion.data.slug))]);
  const add = (from: string, to: string) => {
    if (taken.has(from)) return;
    taken.add(from);
    redirects.push({ from, to });
  };
  for (const post of posts) for (const slug of post.data.previousSlugs) add(routes.post(slug), routes.post(post.data.slug));
  for (const opinion of opinions) for (const slug of opinion.data.previousSlugs) add(routes.opinion(slug), routes.opinion(opinion.data.slug));
  return redirects;
}

// The redirect pages are generated during the build; the sitemap (astro.config.ts), which is
// written after them in the same process, leaves them out.
const REGISTRY = Symbol.for('blog.redirect-paths');
type Registry = { [REGISTRY]?: Set<string> };

export function registerRedirectPaths(redirects: Redirect[]): void {
  const registry = ((globalThis as Registry)[REGISTRY] ??= new Set());
  for (const redirect of redirects) registry.add(redirect.from);
}

export function isRedirectPath(pathname: string): boolean {
  return (globalThis as Registry)[REGISTRY]?.has(pathname) ?? false;
}
