import type { Media, Seo } from '@blog/shared';

/**
 * What the page components render. Published pages build these from the content store; the draft
 * preview builds them from the CMS's draft JSON. One shape, so a preview is the page as it will be.
 */
export interface NamedRef {
  slug: string;
  name: string;
}

export interface PostSummary {
  slug: string;
  title: string;
  date: Date;
  excerpt: string | null;
}

export interface PostView extends PostSummary {
  updatedAt: Date | null;
  body: unknown[];
  /** The body as HTML already, when it came from a Markdown file (the benchmark's floor build). */
  bodyHtml?: string;
  cover: Media | null;
  seo: Seo | null;
  author: NamedRef | null;
  tags: NamedRef[];
}

export interface OpinionView {
  slug: string;
  title: string;
  statement: string;
  body: unknown[];
  bodyHtml?: string;
  posts: PostSummary[];
}

export interface AuthorView {
  slug: string;
  name: string;
  role: string | null;
  bio: string | null;
  photo: Media | null;
  email: string | null;
  phone: string | null;
  links: Array<{ label: string; url: string }>;
  posts: PostSummary[];
}

/** Where a post stands among the others: the posts before and after it, and related ones. */
export interface PostNeighbours {
  newer: PostSummary | null;
  older: PostSummary | null;
  related: PostSummary[];
}

/** A standalone page ("Om mig"). */
export interface PageView {
  slug: string;
  title: string;
  body: unknown[];
  seo: Seo | null;
}
