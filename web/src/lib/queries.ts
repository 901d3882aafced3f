import type { Query } from './cms-client';

/** Only the fields and relations the pages and feeds use. */
const media = { fields: ['url', 'alternativeText', 'caption', 'width', 'height', 'mime'] };
const slugOnly = { fields: ['slug'] };

export const postQuery: Query = {
  fields: ['title', 'slug', 'previousSlugs', 'date', 'excerpt', 'body', 'updatedAt', 'publishedAt'],
  populate: {
    cover: media,
    author: slugOnly,
    tags: slugOnly,
    opinions: slugOnly,
    seo: { populate: { shareImage: media } },
  },
};

export const authorQuery: Query = {
  fields: ['name', 'slug', 'role', 'bio', 'email', 'phone', 'updatedAt', 'publishedAt'],
  populate: { photo: media, links: true },
};

export const opinionQuery: Query = {
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
};

export const tagQuery: Query = {
  fields: ['name', 'slug', 'updatedAt', 'publishedAt'],
};

export const siteQuery: Query = {
  populate: { contact: true, navigation: true },
};

/** Draft previews: the same fields, with the names and titles the pages show for related entries. */
const named = { fields: ['slug', 'name'] };
const postSummary = { fields: ['slug', 'title', 'date', 'excerpt'] };

export const previewQueries = {
  post: {
    ...postQuery,
    populate: { ...(postQuery.populate as Query), author: named, tags: named },
  },
  opinion: { ...opinionQuery, populate: { posts: postSummary } },
  author: { ...authorQuery, populate: { ...(authorQuery.populate as Query), posts: postSummary } },
} satisfies Record<string, Query>;
