import type { Block } from './blocks.js';

/**
 * The content model as the CMS's REST API returns it and the site reads it. The CMS schemas in
 * cms/src/api/<type>/content-types are the source of truth; these types describe their JSON.
 */

/** Strapi's uids for code on the CMS side (document service). */
export const CONTENT_UIDS = {
  post: 'api::post.post',
  author: 'api::author.author',
  opinion: 'api::opinion.opinion',
  tag: 'api::tag.tag',
  site: 'api::site.site',
} as const;

/** The field each content type's slug is made from (the admin fills it live, the CMS on save). */
export const SLUG_SOURCES: Readonly<Record<string, string>> = {
  [CONTENT_UIDS.post]: 'title',
  [CONTENT_UIDS.opinion]: 'title',
  [CONTENT_UIDS.author]: 'name',
  [CONTENT_UIDS.tag]: 'name',
};

/** Types whose `date` is their publication date: left empty, the first publication; in the future, scheduled. */
export const DATED_TYPES: ReadonlySet<string> = new Set([CONTENT_UIDS.post, CONTENT_UIDS.opinion]);

export interface Media {
  url: string;
  alternativeText: string | null;
  caption?: string | null;
  width: number | null;
  height: number | null;
  mime?: string | null;
}

export interface Seo {
  metaTitle?: string | null;
  metaDescription?: string | null;
  shareImage?: Media | null;
}

/** A related entry, fetched with only what a link to it needs. */
export interface SlugRef {
  slug: string;
}

interface Document {
  documentId: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface PostJson extends Document {
  title: string;
  slug: string;
  /** The post's own publication date (ISO instant): imported posts keep their original dates, a future one schedules it. */
  date: string;
  excerpt: string | null;
  body: Block[] | null;
  cover: Media | null;
  author: SlugRef | null;
  tags: SlugRef[];
  opinions: SlugRef[];
  seo: Seo | null;
}

export interface AuthorLink {
  label: string;
  url: string;
}

export interface AuthorJson extends Document {
  name: string;
  slug: string;
  role: string | null;
  bio: string | null;
  photo: Media | null;
  email: string | null;
  phone: string | null;
  links: AuthorLink[];
}

export interface OpinionJson extends Document {
  title: string;
  slug: string;
  /** Publication date (ISO instant); a future one schedules it. Older opinions may have none. */
  date: string | null;
  statement: string;
  body: Block[] | null;
  order: number | null;
  /** Only when populated (previews); the site takes an opinion's posts from the posts' side. */
  posts?: SlugRef[];
}

export interface TagJson extends Document {
  name: string;
  slug: string;
}

export interface ContactCta {
  heading: string;
  text: string | null;
  email: string | null;
  phone: string | null;
}

export interface Navigation {
  blog: string;
  opinions: string;
  contact: string;
}

export interface SiteJson {
  siteTitle: string;
  tagline: string | null;
  description: string | null;
  contact: ContactCta | null;
  navigation: Navigation | null;
}

/** Strapi's REST envelope for a page of a collection. */
export interface PageResponse<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/**
 * What the site reads first on every build (`GET /api/site-sync`, cms/src/api/site-sync): for each
 * content type, how many published entries it has and when the latest of them changed (edited or
 * published). One request tells the site which collections it can skip.
 */
export const SYNC_STATE_PATH = 'site-sync';
/** The content types in the sync state, by REST name, with their uids. */
export const SYNC_STATE_TYPES = {
  posts: CONTENT_UIDS.post,
  authors: CONTENT_UIDS.author,
  opinions: CONTENT_UIDS.opinion,
  tags: CONTENT_UIDS.tag,
  site: CONTENT_UIDS.site,
} as const;
export type SyncStateType = keyof typeof SYNC_STATE_TYPES;
export interface CollectionState {
  /** Published entries (the single type `site`: 1 once filled in, else 0). */
  count: number;
  /** ISO time of the latest edit or publication among them; '' when there are none. */
  latest: string;
}
export type SyncState = Record<SyncStateType, CollectionState>;
