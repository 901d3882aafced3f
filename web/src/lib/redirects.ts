import { CONTACT_THANKS_PATH, FEED_ALIASES, RESERVED_PAGE_SLUGS, routes } from '@blog/shared';
import { onceABuild } from './build-memo.ts';
import { getAuthors, getOpinions, getPages, getPosts, getTags } from './content.ts';
import { keyOf } from './page-keys.ts';
import { registerRedirectPaths } from './page-registry.ts';

export interface Redirect {
  from: string;
  to: string;
}

/** Where an entry is, and the old addresses that lead to it. */
interface Moved {
  to: string;
  /** Earlier slugs' addresses (a slug changed after publishing). */
  previous: string[];
  /** The old blog's addresses (kept by the WordPress import): paths, some with a query. */
  old: string[];
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

/** Sections whose every deeper address may be a page of the site: /side/2/, /arkiv/2014/, … */
const GENERATED_SECTIONS = new Set(['side', 'arkiv', 'soeg', 'preview']);

/**
 * Whether an old address is, or may be, a page of the site itself, which must never redirect: a
 * section (`/kontakt/`), anything under a section whose pages are generated (`/arkiv/2014/`), the
 * contact form's thank-you page. Under the other sections (`/kontakt/feed/`, `/blog/old-slug/`)
 * an old address is free unless it is a current page (those are claimed before).
 */
function ownedBySite(from: string): boolean {
  const path = from.split('?')[0]!;
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return !from.includes('?'); // "/" is the home page; "/?p=12" is free
  const first = segments[0]!;
  if (first === 'feed' || !RESERVED_PAGE_SLUGS.has(first)) return false;
  return segments.length === 1 || GENERATED_SECTIONS.has(first) || path === CONTACT_THANKS_PATH;
}

/**
 * Every redirect of the site: old slugs, the old blog's addresses, its feeds and the section
 * addresses. A current page always wins: an address that is a page of the site, or lies in one of
 * its sections, never redirects, and each old address leads to one place (the first claim).
 */
export function collectRedirects(moved: Moved[], taken: Iterable<string>): Redirect[] {
  const redirects: Redirect[] = [];
  const claimed = new Set(taken);
  const add = (from: string, to: string) => {
    if (claimed.has(from) || ownedBySite(from)) return;
    claimed.add(from);
    redirects.push({ from, to });
  };
  for (const entry of moved) for (const from of entry.previous) add(from, entry.to);
  for (const entry of moved) for (const from of entry.old) add(from, entry.to);
  // An old blog's date archives (/2014/, /2014/06/, /2014/06/18/) lead to the year's archive, so a
  // reader who shortens an old dated address does not end on "not found" either.
  for (const { from } of [...redirects]) {
    const dated = /^\/(\d{4})\/(?:(\d{2})\/(?:(\d{2})\/)?)?/.exec(from);
    if (!dated) continue;
    const [, year, month, day] = dated;
    const archive = routes.archiveYear(year!);
    add(`/${year}/`, archive);
    if (month) add(`/${year}/${month}/`, archive);
    if (month && day) add(`/${year}/${month}/${day}/`, archive);
  }
  for (const from of FEED_ALIASES) add(from, routes.feed());
  return [...redirects, ...SECTION_REDIRECTS];
}

/** The site's redirects, made once per build (redirects.json, the site server, the redirect pages). */
export function allRedirects(): Promise<Redirect[]> {
  return onceABuild('redirects', readRedirects);
}

async function readRedirects(): Promise<Redirect[]> {
  const [posts, opinions, pages, authors, tags] = await Promise.all([
    getPosts(),
    getOpinions(),
    getPages(),
    getAuthors(),
    getTags(),
  ]);
  const moved: Moved[] = [
    ...posts.map(({ data }) => ({
      to: routes.post(data.slug),
      previous: data.previousSlugs.map(routes.post),
      old: data.oldAddresses,
    })),
    ...pages.map(({ data }) => ({
      to: routes.page(data.slug),
      previous: data.previousSlugs.map(routes.page),
      old: data.oldAddresses,
    })),
    ...opinions.map(({ data }) => ({
      to: routes.opinion(data.slug),
      previous: data.previousSlugs.map(routes.opinion),
      old: [],
    })),
    ...authors.map(({ data }) => ({
      to: routes.author(data.slug),
      previous: [],
      old: data.oldAddresses,
    })),
    ...tags.map(({ data }) => ({
      to: routes.tag(data.slug),
      previous: [],
      old: data.oldAddresses,
    })),
  ];
  return collectRedirects(
    moved,
    moved.map((entry) => entry.to),
  );
}

/** Where a section address's redirect page sends the reader; registered so the sitemap leaves it out. */
export function sectionRedirect(from: string): string {
  const redirect = SECTION_REDIRECTS.find((candidate) => candidate.from === from);
  if (!redirect) throw new Error(`No section redirect from ${from}`);
  registerRedirectPaths([redirect]);
  return redirect.to;
}

/**
 * getStaticPaths entries for the old addresses a route renders as redirect pages: those under a
 * section ("/blog/", "/holdninger/"), or (`'elsewhere'`) every other one. Addresses with a query
 * (`/?p=12`) have no file of their own: only the site server answers them. Registered so the
 * sitemap leaves them out.
 */
export async function redirectPaths(where: '/blog/' | '/holdninger/' | 'elsewhere') {
  const sections = ['/blog/', '/holdninger/'];
  const redirects = (await allRedirects()).filter(
    ({ from }) =>
      from.endsWith('/') &&
      !from.includes('?') &&
      !SECTION_REDIRECTS.some((section) => section.from === from) &&
      (where === 'elsewhere'
        ? !sections.some((section) => from.startsWith(section))
        : from.startsWith(where)),
  );
  registerRedirectPaths(redirects);
  const prefix = where === 'elsewhere' ? '/' : where;
  const name = where === 'elsewhere' ? 'old' : 'slug';
  return redirects.map(({ from, to }) => ({
    // Astro wants the parameter decoded; it writes the page's folder from it.
    params: { [name]: decodeURIComponent(from.slice(prefix.length, -1)) },
    props: { redirectTo: to },
    // A redirect page shows nothing but where it leads.
    cacheKey: keyOf('redirect', to),
  }));
}
