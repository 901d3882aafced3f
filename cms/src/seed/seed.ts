import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS, parsePlainTextPost } from '@blog/shared';
import { SAMPLE_AUTHOR, SAMPLE_OPINIONS, SAMPLE_SITE, SAMPLE_TAGS } from './sample-content';
import { toStrapiBlocks } from './strapi-blocks';

const SEED_MARK = { type: 'core', name: 'blog-seed', key: 'completedAt' } as const;
const CONTENT_TYPES = [
  CONTENT_UIDS.post,
  CONTENT_UIDS.author,
  CONTENT_UIDS.opinion,
  CONTENT_UIDS.tag,
] as const;

/** The posts exported from the old blog, one plain-text file each (see seed/README.md). */
export function seedPostsDir(strapi: Core.Strapi): string {
  return path.join(strapi.dirs.app.root, 'seed', 'posts');
}

/**
 * Seeds a new installation once: on the first start against an empty database. A mark in Strapi's
 * store says it happened, so it never runs again, even after an editor deletes everything; a
 * database that already has content is marked and left alone.
 */
export async function seedOnce(strapi: Core.Strapi): Promise<void> {
  if (await strapi.store.get(SEED_MARK)) return;

  const counts = await Promise.all(CONTENT_TYPES.map((uid) => strapi.db.query(uid).count()));
  if (counts.some((count) => count > 0)) {
    strapi.log.info('[seed] The database already has content; not seeding.');
  } else {
    await strapi.db.transaction(() => seed(strapi));
  }
  await strapi.store.set({ ...SEED_MARK, value: new Date().toISOString() });
}

async function seed(strapi: Core.Strapi): Promise<void> {
  const files = fs
    .readdirSync(seedPostsDir(strapi))
    .filter((name) => name.endsWith('.txt'))
    .sort();
  const posts = files.map((name) => {
    try {
      return parsePlainTextPost(fs.readFileSync(path.join(seedPostsDir(strapi), name), 'utf8'));
    } catch (error) {
      throw new Error(`[seed] Could not import seed/posts/${name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });

  const tags = [];
  for (const name of SAMPLE_TAGS) {
    tags.push(
      await strapi.documents(CONTENT_UIDS.tag).create({ data: { name }, status: 'published' }),
    );
  }
  const author = await strapi
    .documents(CONTENT_UIDS.author)
    .create({ data: SAMPLE_AUTHOR, status: 'published' });

  const created = [];
  for (const post of posts) {
    created.push(
      await strapi.documents(CONTENT_UIDS.post).create({
        data: {
          title: post.title,
          slug: post.slug,
          date: post.date.toISOString(),
          excerpt: post.excerpt,
          body: toStrapiBlocks(post.body),
          author: author.documentId,
          tags: tags.map((tag) => tag.documentId),
          newsletter: false, // the old blog's post: not news to subscribers
        },
        status: 'published',
      }),
    );
  }

  for (const [index, opinion] of SAMPLE_OPINIONS.entries()) {
    await strapi.documents(CONTENT_UIDS.opinion).create({
      data: {
        ...opinion,
        body: toStrapiBlocks(opinion.body),
        order: (index + 1) * 10,
        posts: created.map((post) => post.documentId),
      },
      status: 'published',
    });
  }

  await strapi.documents(CONTENT_UIDS.site).create({ data: SAMPLE_SITE });
  strapi.log.info(
    `[seed] Seeded ${created.length} post(s), 1 author, ${SAMPLE_OPINIONS.length} opinions, ${tags.length} tags and the site settings.`,
  );
}
