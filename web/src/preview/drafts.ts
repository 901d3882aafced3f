import {
  CONTENT_MODEL,
  stripControlCharacters,
  type AuthorJson,
  type OpinionJson,
  type PageJson,
  type PostJson,
  type PreviewType,
} from '@blog/shared';
import { connectionFromEnv, fetchJson } from '../lib/cms-client.ts';
import { previewQueries } from '../lib/preview-queries.ts';
import type {
  AuthorView,
  NamedRef,
  OpinionView,
  PageView,
  PostSummary,
  PostView,
} from '../lib/views.ts';

/** A draft may lack what publishing requires (Strapi checks required fields on publish only). */
type DraftOf<T> = { [Key in keyof T]?: T[Key] | null } & { slug: string };
type NamedJson = { slug: string; name: string };
type SummaryJson = Pick<PostJson, 'slug' | 'title' | 'date' | 'excerpt'>;
/** The drafts as previewQueries ask for them: related entries with their names and titles. */
type PostDraft = DraftOf<Omit<PostJson, 'author' | 'tags'>> & {
  author?: NamedJson | null;
  tags?: NamedJson[];
};
type OpinionDraft = DraftOf<OpinionJson> & { posts?: SummaryJson[] };
type AuthorDraft = DraftOf<AuthorJson> & { posts?: SummaryJson[] };
type PageDraft = DraftOf<PageJson>;

export type Draft =
  | { type: 'post'; view: PostView }
  | { type: 'opinion'; view: OpinionView }
  | { type: 'author'; view: AuthorView }
  | { type: 'page'; view: PageView };

/** Reads the draft version of a document through the site's token and shapes it like a published page. */
export async function fetchDraft(type: PreviewType, documentId: string): Promise<Draft> {
  const response = await fetchJson<{ data: unknown }>(
    connectionFromEnv(),
    `${CONTENT_MODEL.types[type].plural}/${encodeURIComponent(documentId)}`,
    { ...previewQueries[type], status: 'draft' },
  );
  // The CMS's JSON for the type asked for (previewQueries); what a draft may lack has fallbacks.
  const data = stripControlCharacters(response.data);
  if (type === 'post') return { type, view: postView(data as PostDraft) };
  if (type === 'opinion') return { type, view: opinionView(data as OpinionDraft) };
  if (type === 'page') return { type, view: pageView(data as PageDraft) };
  return { type, view: authorView(data as AuthorDraft) };
}

function pageView(data: PageDraft): PageView {
  return { slug: data.slug, title: data.title ?? '', body: data.body ?? [], seo: data.seo ?? null };
}

function opinionView(data: OpinionDraft): OpinionView {
  return {
    slug: data.slug,
    title: data.title ?? '',
    statement: data.statement ?? '',
    body: data.body ?? [],
    posts: summaries(data.posts),
  };
}

function authorView(data: AuthorDraft): AuthorView {
  return {
    slug: data.slug,
    name: data.name ?? '',
    role: data.role ?? null,
    bio: data.bio ?? null,
    photo: data.photo ?? null,
    email: data.email ?? null,
    phone: data.phone ?? null,
    links: data.links ?? [],
    posts: summaries(data.posts),
  };
}

function postView(data: PostDraft): PostView {
  return {
    slug: data.slug,
    title: data.title ?? '',
    date: new Date(data.date ?? Date.now()),
    updatedAt: data.updatedAt ? new Date(data.updatedAt) : null,
    excerpt: data.excerpt ?? null,
    body: data.body ?? [],
    cover: data.cover ?? null,
    seo: data.seo ?? null,
    author: data.author ? named(data.author) : null,
    tags: (data.tags ?? []).map(named),
  };
}

const named = (entry: NamedJson): NamedRef => ({ slug: entry.slug, name: entry.name });

function summaries(posts: SummaryJson[] | null | undefined): PostSummary[] {
  return (posts ?? [])
    .map((post) => ({
      slug: post.slug,
      title: post.title,
      date: new Date(post.date ?? 0),
      excerpt: post.excerpt ?? null,
    }))
    .sort((a, b) => b.date.getTime() - a.date.getTime());
}
