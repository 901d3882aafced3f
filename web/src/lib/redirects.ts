import { routes } from '@blog/shared';
import { getOpinions, getPosts, type Opinion, type Post } from './content';
import { registerRedirectPaths } from './page-registry';

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
  const taken = new Set([
    ...posts.map((post) => routes.post(post.data.slug)),
    ...opinions.map((opinion) => routes.opinion(opinion.data.slug)),
  ]);
  const add = (from: string, to: string) => {
    if (taken.has(from)) return;
    taken.add(from);
    redirects.push({ from, to });
  };
  for (const post of posts)
    for (const slug of post.data.previousSlugs) add(routes.post(slug), routes.post(post.data.slug));
  for (const opinion of opinions)
    for (const slug of opinion.data.previousSlugs)
      add(routes.opinion(slug), routes.opinion(opinion.data.slug));
  return redirects;
}

/**
 * Addresses that begin other pages' addresses but are no page themselves: /blog/ (before each post)
 * and /side/ (before the blog's later pages) lead to the blog's first page, so a reader who
 * shortens an address never ends on "not found".
 */
export const SECTION_REDIRECTS: readonly Redirect[] = [
  { from: '/blog/', to: routes.home() },
  { from: '/side/', to: routes.home() },
];

/** Every redirect of the site: old slugs and section addresses (redirects.json, the site server). */
export async function allRedirects(): Promise<Redirect[]> {
  return [...slugRedirects(await getPosts(), await getOpinions()), ...SECTION_REDIRECTS];
}

/** Where a section address's redirect page sends the reader; registered so the sitemap leaves it out. */
export function sectionRedirect(from: string): string {
  const redirect = SECTION_REDIRECTS.find((candidate) => candidate.from === from);
  if (!redirect) throw new Error(`No section redirect from ${from}`);
  registerRedirectPaths([redirect]);
  return redirect.to;
}

/**
 * getStaticPaths entries for the old addresses under a section ("/blog/", "/holdninger/"): each
 * renders as a redirect page. Registers them so the sitemap leaves them out.
 */
export async function redirectPathsUnder(section: '/blog/' | '/holdninger/') {
  const redirects = slugRedirects(await getPosts(), await getOpinions()).filter((redirect) =>
    redirect.from.startsWith(section),
  );
  registerRedirectPaths(redirects);
  return redirects.map(({ from, to }) => ({
    params: { slug: from.slice(section.length, -1) },
    props: { redirectTo: to },
  }));
}
