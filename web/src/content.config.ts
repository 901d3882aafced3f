import { defineCollection, reference } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import type { AuthorJson, OpinionJson, PostJson, SiteJson, TagJson } from '@blog/shared';
import { cmsCollectionLoader, cmsSingleLoader } from './sync/loaders';
import { authorQuery, opinionQuery, postQuery, siteQuery, tagQuery } from './lib/queries';
import { siteSetting } from './settings';

const media = z
  .object({
    url: z.string(),
    alternativeText: z.string().nullable().default(null),
    caption: z.string().nullable().optional(),
    width: z.number().nullable().default(null),
    height: z.number().nullable().default(null),
    mime: z.string().nullable().default(null),
  })
  .nullable()
  .default(null);

// Blocks are kept as the CMS sends them, as one JSON string, parsed only by the page that renders
// them (see bodyBlocks); the shared renderer validates them node by node. From the CMS, the loader
// then stores a reference to a file holding that string instead (after validation, so content can
// never name a file itself; see sync/body-files.ts).
const blocks = z
  .unknown()
  .optional()
  .transform((value) =>
    typeof value === 'string' ? value : JSON.stringify(Array.isArray(value) ? value : []),
  );

// `npm run bench` also builds the same pages from local Markdown and JSON files with Astro's own
// loaders: the floor a CMS-backed build is measured against (tests/bench/build.ts). Never set otherwise.
const filesDir = siteSetting('contentDir');
const fromFiles = filesDir
  ? {
      posts: glob({ base: `${filesDir}/posts`, pattern: '*.md' }),
      opinions: glob({ base: `${filesDir}/opinions`, pattern: '*.md' }),
      authors: file(`${filesDir}/authors.json`),
      tags: file(`${filesDir}/tags.json`),
      site: file(`${filesDir}/site.json`),
    }
  : null;

// Old slugs are kept as JSON by the CMS; only well-formed ones become redirects.
const previousSlugs = z
  .unknown()
  .optional()
  .transform((value) =>
    Array.isArray(value)
      ? value.filter(
          (slug): slug is string => typeof slug === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(slug),
        )
      : [],
  );

const slugs = (items: Array<{ slug: string }> | null | undefined) =>
  (items ?? []).map((item) => item.slug);

const posts = defineCollection({
  loader:
    fromFiles?.posts ??
    cmsCollectionLoader<PostJson>({
      collection: 'posts',
      query: postQuery,
      relations: { author: 'authors', tags: 'tags', opinions: 'opinions' },
      bodiesBesideStore: true,
      toData: (post) => ({
        ...post,
        author: post.author?.slug ?? null,
        tags: slugs(post.tags),
        opinions: slugs(post.opinions),
      }),
    }),
  schema: z.object({
    documentId: z.string(),
    title: z.string(),
    slug: z.string(),
    previousSlugs,
    date: z.coerce.date(),
    updatedAt: z.coerce.date(),
    excerpt: z.string().nullable(),
    body: blocks,
    cover: media,
    author: reference('authors').nullable(),
    tags: z.array(reference('tags')),
    opinions: z.array(reference('opinions')),
    seo: z
      .object({
        metaTitle: z.string().nullable().optional(),
        metaDescription: z.string().nullable().optional(),
        shareImage: media,
      })
      .nullable()
      .default(null),
  }),
});

const authors = defineCollection({
  loader:
    fromFiles?.authors ??
    cmsCollectionLoader<AuthorJson>({
      collection: 'authors',
      query: authorQuery,
      toData: (author) => ({ ...author }),
    }),
  schema: z.object({
    documentId: z.string(),
    name: z.string(),
    slug: z.string(),
    role: z.string().nullable(),
    bio: z.string().nullable(),
    photo: media,
    email: z.string().nullable(),
    phone: z.string().nullable(),
    links: z
      .array(z.object({ label: z.string(), url: z.string() }))
      .nullable()
      .transform((value) => value ?? []),
  }),
});

const opinions = defineCollection({
  loader:
    fromFiles?.opinions ??
    cmsCollectionLoader<OpinionJson>({
      collection: 'opinions',
      query: opinionQuery,
      // An opinion's posts are the posts that link to it (one relation, two sides): pages read them
      // from the posts, so editing a post does not make the opinions sync again.
      toData: (opinion) => ({ ...opinion }),
      bodiesBesideStore: true,
    }),
  schema: z.object({
    documentId: z.string(),
    title: z.string(),
    slug: z.string(),
    previousSlugs,
    // Opinions published before they had a date have none: they are on the site.
    date: z.coerce.date().nullable().default(null),
    statement: z.string(),
    body: blocks,
    order: z.number().nullable(),
  }),
});

const tags = defineCollection({
  loader:
    fromFiles?.tags ??
    cmsCollectionLoader<TagJson>({
      collection: 'tags',
      query: tagQuery,
      toData: (tag) => ({ ...tag }),
    }),
  schema: z.object({ documentId: z.string(), name: z.string(), slug: z.string() }),
});

const site = defineCollection({
  loader:
    fromFiles?.site ??
    cmsSingleLoader<SiteJson>({
      singleType: 'site',
      id: 'site',
      query: siteQuery,
      // The build id proves this build synced the settings rather than reusing an old store.
      toData: (settings, { buildId }) => ({ ...settings, buildId }),
    }),
  schema: z.object({
    siteTitle: z.string(),
    tagline: z.string().nullable(),
    description: z.string().nullable(),
    contact: z
      .object({
        heading: z.string(),
        text: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
      })
      .nullable(),
    navigation: z
      .object({ blog: z.string(), opinions: z.string(), contact: z.string() })
      .nullable()
      .transform(
        (value) => value ?? { blog: 'Blog', opinions: 'Mine holdninger', contact: 'Kontakt' },
      ),
    buildId: z.string().nullable(),
  }),
});

export const collections = { posts, authors, opinions, tags, site };
