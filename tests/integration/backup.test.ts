import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmsDir, repoRoot } from '../helpers/paths';
import type { Core } from '@strapi/strapi';
import { startTestCms, type TestCms } from '../helpers/test-cms';
import { findSeedPost } from '../helpers/seed-post';

const uploadName = `backup-test-${process.pid}.png`;
const uploadFile = path.join(cmsDir, 'public', 'uploads', uploadName);
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let cms: TestCms | undefined;

afterAll(async () => {
  await cms?.destroy();
  fs.rmSync(uploadFile, { force: true });
});

/** Everything an editor made, in a comparable form: content, relations, media, settings. */
async function snapshot(strapi: Core.Strapi) {
  const published = { status: 'published' as const };
  const posts = await strapi.documents('api::post.post').findMany({
    ...published,
    populate: {
      author: { fields: ['slug'] },
      tags: { fields: ['slug'] },
      opinions: { fields: ['slug'] },
      cover: true,
      seo: true,
    },
    sort: 'slug',
  });
  const authors = await strapi
    .documents('api::author.author')
    .findMany({ ...published, populate: ['links'], sort: 'slug' });
  const opinions = await strapi
    .documents('api::opinion.opinion')
    .findMany({ ...published, populate: { posts: { fields: ['slug'] } }, sort: 'slug' });
  const tags = await strapi.documents('api::tag.tag').findMany({ ...published, sort: 'slug' });
  const drafts = await strapi
    .documents('api::post.post')
    .findMany({ status: 'draft', fields: ['title', 'slug'], sort: 'slug' });
  const site = await strapi
    .documents('api::site.site')
    .findFirst({ populate: ['contact', 'navigation'] });
  const strip = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value, (key, item) =>
        [
          'id',
          'documentId',
          'createdAt',
          'updatedAt',
          'publishedAt',
          'createdBy',
          'updatedBy',
          'locale',
          'localizations',
        ].includes(key)
          ? undefined
          : item,
      ),
    );
  return strip({ posts, authors, opinions, tags, drafts, site });
}

function cli(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const result = spawnSync('npm', ['run', script, '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('npm run backup and npm run restore', () => {
  it(
    'round-trips posts, authors, opinions, tags, relations, media and site settings into an empty database',
    { timeout: 240_000 },
    async () => {
      cms = await startTestCms();
      const source = cms;
      fs.writeFileSync(uploadFile, PNG);
      const file = await source.strapi.db.query('plugin::upload.file').create({
        data: {
          name: uploadName,
          hash: uploadName.replace('.png', ''),
          ext: '.png',
          mime: 'image/png',
          size: 0.07,
          width: 1,
          height: 1,
          url: `/uploads/${uploadName}`,
          provider: 'local',
          alternativeText: 'Et lille billede',
        },
      });
      const posts = source.strapi.documents('api::post.post');
      const post = await findSeedPost(source.strapi);
      await posts.update({
        documentId: post.documentId,
        data: {
          cover: file.id,
          seo: { metaTitle: 'Ikke flere kunder', metaDescription: 'Om de rigtige kunder.' },
        },
      });
      await posts.publish({ documentId: post.documentId });
      await posts.create({ data: { title: 'Et udkast der også skal med' } });
      const before = await snapshot(source.strapi);
      const sourceDb = process.env.DATABASE_FILENAME!;
      await source.destroy();
      cms = undefined;

      const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-backup-'));
      const backup = cli('backup', ['--dir', backupDir], { DATABASE_FILENAME: sourceDb });
      expect(backup.code, backup.output).toBe(0);
      const archives = fs
        .readdirSync(backupDir)
        .filter((name) => /^blog-\d{4}-\d{2}-\d{2}T[\d-]+\.tar\.gz$/.test(name));
      expect(archives).toHaveLength(1);

      fs.rmSync(uploadFile); // the restore must bring the file back
      const targetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-restored-'));
      const restore = cli('restore', [path.join(backupDir, archives[0]!), '--force'], {
        DATABASE_FILENAME: path.join(targetDir, 'data.db'),
      });
      expect(restore.code, restore.output).toBe(0);
      expect(fs.readFileSync(uploadFile)).toEqual(PNG);

      cms = await startTestCms({ dir: targetDir });
      const after = await snapshot(cms.strapi);
      expect(after).toEqual(before);
      expect(
        (
          after as { posts: Array<{ slug: string; cover: { alternativeText: string } }> }
        ).posts.find((p) => p.slug === 'ikke-flere-kunder-tak')!.cover.alternativeText,
      ).toBe('Et lille billede');
    },
  );
});
