import { stripControlCharacters, type PreviewType } from '@blog/shared';
import { connectionFromEnv, fetchJson } from '../lib/cms-client';
import { previewQueries } from '../lib/queries';
import type { AuthorView, NamedRef, OpinionView, PostSummary, PostView } from '../lib/views';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CMS's JSON is not yet typed from its schemas
type Json = Record<string, any>;

export type Draft =
  | { type: 'post'; view: PostView }
  | { type: 'opinion'; view: OpinionView }
  | { type: 'author'; view: AuthorView };

const COLLECTION: Record<PreviewType, string> = {
  post: 'posts',
  opinion: 'opinions',
  author: 'authors',
};

/** Reads the draft version of a document through the site's token and shapes it like a published page. */
export async function fetchDraft(type: PreviewType, documentId: string): Promise<Draft> {
  const response = await fetchJson<{ data: Json }>(
    connectionFromEnv(),
    `${COLLECTION[type]}/${encodeURIComponent(documentId)}`,
    {
      ...previewQueries[type],
      status: 'draft',
    },
  );
  const data = stripControlCharacters(response.data);
  if (type === 'post') return { type, view: postView(data) };
  if (type === 'opinion')
    return {
      type,
      view: {
        slug: data.slug,
        title: data.title,
        statement: data.statement ?? '',
        body: data.body ?? [],
        posts: summaries(data.posts),
      },
    };
  return {
    type,
    view: {
      slug: data.slug,
      name: data.name,
      role: data.role ?? null,
      bio: data.bio ?? null,
      photo: data.photo ?? null,
      email: data.email ?? null,
      phone: data.phone ?? null,
      links: data.links ?? [],
      posts: summaries(data.posts),
    },
  };
}

function postView(data: Json): PostView {
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

const named = (entry: Json): NamedRef => ({ slug: entry.slug, name: entry.name });

function summaries(posts: Json[] | null | undefined): PostSummary[] {
  return (posts ?? [])
    .map((post) => ({
      slug: post.slug,
      title: post.title,
      date: new Date(post.date),
      excerpt: post.excerpt ?? null,
    }))
    .sort((a, b) => b.date.getTime() - a.date.getTime());
}
