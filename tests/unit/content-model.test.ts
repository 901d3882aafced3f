// The content model has one source, the CMS's schemas: the generated model is current, and the
// site's queries, collection schemas and stored data follow from it. Fails in milliseconds when
// any of them disagree.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_MODEL, CONTENT_UIDS, MEDIA_FIELDS, SYNC_STATE_TYPES } from '@blog/shared';
import { contentModelSource, OUTPUT } from '../../shared/scripts/generate-content-model.mjs';
import { collectionSchema, z } from '../../web/src/lib/collection-schema';
import { queryFor, relationsOf, withRelationSlugs } from '../../web/src/lib/content-queries';

// Astro's reference() stores { id, collection }; the same shape here, outside Astro.
const reference = (collection: string) => z.string().transform((id) => ({ id, collection }));

const media = {
  url: '/uploads/a.jpg',
  alternativeText: 'Et billede',
  caption: null,
  width: 800,
  height: 600,
  mime: 'image/jpeg',
};

describe('the content model', () => {
  it('is generated from the CMS schemas as they are now (npm run build -w shared writes it)', () => {
    expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(contentModelSource());
  });

  it('knows every content type the site syncs, by its REST name', () => {
    for (const [collection, uid] of Object.entries(SYNC_STATE_TYPES)) {
      const type = Object.values(CONTENT_MODEL.types).find((t) => t.uid === uid)!;
      expect(type, uid).toBeDefined();
      expect(type.kind === 'singleType' ? uid.split('.')[1] : type.plural).toBe(collection);
    }
    expect(CONTENT_UIDS.post).toBe('api::post.post');
  });
});

describe('the REST queries, derived from the model', () => {
  it('ask for every field of each type, media with what pages use, owning relations as slugs', () => {
    const mediaQuery = { fields: [...MEDIA_FIELDS] };
    const slug = { fields: ['slug'] };
    // What the site asked for when these were written by hand: the derived queries are the same.
    expect(queryFor('post')).toEqual({
      fields: [
        'title',
        'slug',
        'previousSlugs',
        'oldAddresses',
        'date',
        'excerpt',
        'body',
        'updatedAt',
        'publishedAt',
      ],
      populate: {
        cover: mediaQuery,
        author: slug,
        tags: slug,
        opinions: slug,
        seo: { populate: { shareImage: mediaQuery } },
      },
    });
    expect(queryFor('author')).toEqual({
      fields: [
        'name',
        'slug',
        'oldAddresses',
        'role',
        'bio',
        'email',
        'phone',
        'updatedAt',
        'publishedAt',
      ],
      populate: { photo: mediaQuery, links: true },
    });
    expect(queryFor('opinion')).toEqual({
      fields: [
        'title',
        'slug',
        'previousSlugs',
        'date',
        'statement',
        'body',
        'order',
        'updatedAt',
        'publishedAt',
      ],
    });
    expect(queryFor('tag')).toEqual({
      fields: ['name', 'slug', 'oldAddresses', 'updatedAt', 'publishedAt'],
    });
    expect(queryFor('site')).toEqual({
      fields: ['siteTitle', 'tagline', 'description', 'inquiryRetentionMonths'],
      populate: { contact: true, navigation: true },
    });
  });

  it('cover every attribute of every type: asked for, populated, or the inverse side of a relation', () => {
    for (const [name, type] of Object.entries(CONTENT_MODEL.types)) {
      const query = queryFor(name as keyof typeof CONTENT_MODEL.types);
      const asked = new Set([...(query.fields as string[]), ...Object.keys(query.populate ?? {})]);
      for (const [field, attribute] of Object.entries(type.attributes)) {
        expect(asked.has(field) || 'inverse' in attribute, `${name}.${field}`).toBe(true);
      }
    }
  });

  it('name the relations the sync compares, with the collection each points into', () => {
    expect(relationsOf('post')).toEqual({ author: 'authors', tags: 'tags', opinions: 'opinions' });
    expect(relationsOf('opinion'), 'its posts are read from the posts').toEqual({});
  });
});

describe('the collection schemas, derived from the model', () => {
  const post = {
    documentId: 'p1',
    title: 'Ikke flere kunder tak.',
    slug: 'ikke-flere-kunder-tak',
    previousSlugs: null,
    oldAddresses: null,
    date: '2014-06-18T08:00:00.000Z',
    excerpt: null,
    body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hej' }] }],
    updatedAt: '2026-12-01T08:00:00.000Z',
    publishedAt: '2026-12-01T08:00:00.000Z',
    cover: media,
    author: { slug: 'kim' },
    tags: [{ slug: 'salg' }],
    opinions: [],
    seo: { metaTitle: null, metaDescription: 'Om kunder', shareImage: null },
  };
  const schema = collectionSchema('post', { reference });

  it('store an entry as the pages read it: dates, relations as references, blocks as JSON', () => {
    const data = schema.parse(withRelationSlugs('post', post));
    expect(data).toEqual({
      documentId: 'p1',
      updatedAt: new Date('2026-12-01T08:00:00.000Z'),
      title: 'Ikke flere kunder tak.',
      slug: 'ikke-flere-kunder-tak',
      previousSlugs: null,
      oldAddresses: null,
      date: new Date('2014-06-18T08:00:00.000Z'),
      excerpt: null,
      body: JSON.stringify(post.body),
      cover: media,
      author: { id: 'kim', collection: 'authors' },
      tags: [{ id: 'salg', collection: 'tags' }],
      opinions: [],
      seo: { metaTitle: null, metaDescription: 'Om kunder', shareImage: null },
    });
  });

  it('reject an entry without a required field, naming it', () => {
    const result = schema.safeParse(withRelationSlugs('post', { ...post, title: undefined }));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['title']);
  });

  it('fall back to a component’s defaults when the CMS has none, and keep repeatable ones as lists', () => {
    const site = collectionSchema('site', { reference }).parse({
      siteTitle: 'Salg',
      tagline: null,
      description: null,
      contact: null,
      navigation: null,
    });
    expect(site.navigation).toEqual({
      blog: 'Blog',
      opinions: 'Mine holdninger',
      contact: 'Kontakt',
    });
    expect(site.contact).toBeNull();
    const author = collectionSchema('author', { reference }).parse({
      documentId: 'a1',
      updatedAt: '2026-12-01T08:00:00.000Z',
      name: 'Kim',
      slug: 'kim',
      oldAddresses: null,
      role: null,
      bio: null,
      photo: null,
      email: null,
      phone: null,
      links: null,
    });
    expect(author.links).toEqual([]);
    expect(author, 'the inverse side is not stored').not.toHaveProperty('posts');
  });

  it('take the site’s overrides over the CMS’s rules', () => {
    const strict = collectionSchema('post', { reference, overrides: { date: z.coerce.date() } });
    expect(strict.safeParse(withRelationSlugs('post', { ...post, date: undefined })).success).toBe(
      false,
    );
    expect(schema.parse(withRelationSlugs('post', { ...post, date: null })).date).toBeNull();
  });
});
