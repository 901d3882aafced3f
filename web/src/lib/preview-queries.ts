import type { Query } from './cms-client.ts';
import { queryFor } from './content-queries.ts';

/**
 * Draft previews: what the published pages read (queryFor, from the CMS's schemas), plus the names
 * and titles the pages show for related entries, which the published pages take from the store.
 */
const named = { fields: ['slug', 'name'] };
const postSummary = { fields: ['slug', 'title', 'date', 'excerpt'] };

const withPopulate = (query: Query, populate: Query): Query => ({
  ...query,
  populate: { ...(query.populate as Query | undefined), ...populate },
});

export const previewQueries = {
  post: withPopulate(queryFor('post'), { author: named, tags: named }),
  opinion: withPopulate(queryFor('opinion'), { posts: postSummary }),
  author: withPopulate(queryFor('author'), { posts: postSummary }),
  page: queryFor('page'),
} satisfies Record<string, Query>;
