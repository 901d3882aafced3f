/**
 * The site's URLs. The CMS writes some of them into content (the imported post links to the
 * opinions index and the contact page), so both sides take them from here.
 */
export const routes = {
  home: () => '/',
  blogPage: (page: number) => (page <= 1 ? '/' : `/side/${page}/`),
  post: (slug: string) => `/blog/${encodeURIComponent(slug)}/`,
  opinions: () => '/holdninger/',
  opinion: (slug: string) => `/holdninger/${encodeURIComponent(slug)}/`,
  authors: () => '/forfattere/',
  author: (slug: string) => `/forfattere/${encodeURIComponent(slug)}/`,
  tags: () => '/emner/',
  tag: (slug: string) => `/emner/${encodeURIComponent(slug)}/`,
  contact: () => '/kontakt/',
  feed: () => '/rss.xml',
  authorFeed: (slug: string) => `/forfattere/${encodeURIComponent(slug)}/rss.xml`,
  tagFeed: (slug: string) => `/emner/${encodeURIComponent(slug)}/rss.xml`,
  archive: () => '/arkiv/',
  archiveYear: (year: number | string) => `/arkiv/${year}/`,
  search: () => '/soeg/',
} as const;
