import { defineCollection, reference } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { isOldAddress } from '@blog/shared';
import { collectionSchema } from './lib/collection-schema.ts';
import { siteSetting } from './site-settings.ts';
import { cmsCollectionLoader, cmsSingleLoader } from './sync/loaders.ts';

// Each collection's schema follows its CMS content type (lib/collection-schema.ts); the overrides
// here are what the site adds to the CMS's own rules.

// `npm run bench` also builds the same pages from local Markdown and JSON files with Astro's own
// loaders: the floor a CMS-backed build is measured against (tests/bench/build.ts). Never set otherwise.
const filesDir = siteSetting('contentDir');
const fromFiles = filesDir
  ? {
      posts: glob({ base: `${filesDir}/posts`, pattern: '*.md' }),
      opinions: glob({ base: `${filesDir}/opinions`, pattern: '*.md' }),
      authors: file(`${filesDir}/authors.json`),
      tags: file(`${filesDir}/tags.json`),
      pages: file(`${filesDir}/pages.json`),
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

// The old blog's addresses of an imported entry (the WordPress import keeps them): each becomes a
// redirect to the entry's page; anything that is not a plain path on this site is dropped.
const oldAddresses = z
  .unknown()
  .optional()
  .transform((value) => (Array.isArray(value) ? value.filter(isOldAddress) : []));

const posts = defineCollection({
  loader: fromFiles?.posts ?? cmsCollectionLoader({ type: 'post', bodiesBesideStore: true }),
  schema: collectionSchema('post', {
    reference,
    overrides: {
      previousSlugs,
      oldAddresses,
      // A published post always has a date: the CMS sets it at the first publication.
      date: z.coerce.date(),
    },
  }),
});

const authors = defineCollection({
  loader: fromFiles?.authors ?? cmsCollectionLoader({ type: 'author' }),
  schema: collectionSchema('author', { reference, overrides: { oldAddresses } }),
});

// An opinion's posts are the posts that link to it (one relation, two sides): pages read them from
// the posts, so editing a post does not make the opinions sync again.
const opinions = defineCollection({
  loader: fromFiles?.opinions ?? cmsCollectionLoader({ type: 'opinion', bodiesBesideStore: true }),
  // Opinions published before they had a date have none: they are on the site.
  schema: collectionSchema('opinion', { reference, overrides: { previousSlugs } }),
});

const tags = defineCollection({
  loader: fromFiles?.tags ?? cmsCollectionLoader({ type: 'tag' }),
  schema: collectionSchema('tag', { reference, overrides: { oldAddresses } }),
});

// Standalone pages ("Om mig"), at /<slug>/ beside the site's sections.
const pages = defineCollection({
  loader: fromFiles?.pages ?? cmsCollectionLoader({ type: 'page' }),
  schema: collectionSchema('page', { reference, overrides: { previousSlugs, oldAddresses } }),
});

const site = defineCollection({
  loader: fromFiles?.site ?? cmsSingleLoader({ type: 'site', id: 'site' }),
  schema: collectionSchema('site', { reference }),
});

export const collections = { posts, authors, opinions, tags, pages, site };
