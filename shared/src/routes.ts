/**
 * The site's URLs. The CMS writes some of them into content (the imported post links to the
 * opinions index and the contact page), so both sides take them from here.
 */
export const routes = {
  home: () => '/',
  /** A page of older posts, numbered from the oldest (web/src/lib/blog-pages.ts). */
  blogPage: (page: number) => `/side/${page}/`,
  post: (slug: string) => `/blog/${encodeURIComponent(slug)}/`,
  opinions: () => '/holdninger/',
  opinion: (slug: string) => `/holdninger/${encodeURIComponent(slug)}/`,
  /** The share card (1200×630 PNG) a link to a post shows when the post has no cover. */
  postCard: (slug: string) => `/blog/${encodeURIComponent(slug)}/delekort.png`,
  opinionCard: (slug: string) => `/holdninger/${encodeURIComponent(slug)}/delekort.png`,
  authors: () => '/forfattere/',
  author: (slug: string) => `/forfattere/${encodeURIComponent(slug)}/`,
  tags: () => '/emner/',
  tag: (slug: string) => `/emner/${encodeURIComponent(slug)}/`,
  contact: () => '/kontakt/',
  /** The newsletter: sign-up, and the pages its mails link to. */
  newsletter: () => '/nyhedsbrev/',
  newsletterConfirm: () => '/nyhedsbrev/bekraeft/',
  newsletterUnsubscribe: () => '/nyhedsbrev/afmeld/',
  feed: () => '/rss.xml',
  authorFeed: (slug: string) => `/forfattere/${encodeURIComponent(slug)}/rss.xml`,
  tagFeed: (slug: string) => `/emner/${encodeURIComponent(slug)}/rss.xml`,
  archive: () => '/arkiv/',
  archiveYear: (year: number | string) => `/arkiv/${year}/`,
  search: () => '/soeg/',
  /** A standalone page ("Om mig"): at the site's top level, beside its sections. */
  page: (slug: string) => `/${encodeURIComponent(slug)}/`,
} as const;

/**
 * The first segments of the site's own addresses, which a standalone page's slug may not take:
 * the sections, the preview, and `feed` (the old blog's feed address, redirected to the RSS feed).
 */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set([
  'blog',
  'side',
  'holdninger',
  'forfattere',
  'emner',
  'kontakt',
  'nyhedsbrev',
  'arkiv',
  'soeg',
  'preview',
  'feed',
  'sitemap',
  '404',
]);

/** The usual addresses of a blog's feed (WordPress's among them): each leads to the site's feed. */
export const FEED_ALIASES: readonly string[] = ['/feed/', '/rss/', '/feed/rss2/', '/feed/atom/'];
