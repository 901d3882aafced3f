// Media on S3-compatible object storage: the real CMS with @strapi/provider-upload-aws-s3 against
// a real S3 API server (s3rver) started here. An upload through the admin's API lands in the
// bucket with its resized formats (nothing in public/uploads); the site built from it points at
// the public URL and still resizes; backup and restore carry the media to another bucket; an
// upload while the bucket is away, or that only partly arrives, is refused with a message and
// leaves nothing behind; refused
// keys are named.
import { S3Client, HeadBucketCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStorageError } from '../../cms/src/media-storage';
import { cmsSettings } from '../../cms/src/cms-settings';
import { cmsDir, repoRoot } from '../helpers/paths';
import { page } from '../helpers/output';
import {
  objectKeys,
  startS3FaultProxy,
  startS3Server,
  type S3FaultProxy,
  type TestS3Server,
} from '../helpers/s3';
import { waitFor } from '../helpers/site-server';
import { runSiteBuild } from '../helpers/site-build';
import { found, registerFirstAdmin, startTestCms, type TestCms } from '../helpers/test-cms';
import { findSeedPost } from '../helpers/seed-post';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-s3-'));
const storage = path.join(dir, 's3');
const BUCKET = 'blog-media';
let s3: TestS3Server;
let cms: TestCms | undefined;
let adminToken: string;
let faults: S3FaultProxy;

interface UploadedFile {
  id: number;
  hash: string;
  url: string;
  provider: string;
  formats: Record<string, { url: string; width: number }> | null;
}

/** An image of the given size and format, as an editor uploads. */
const image = (width: number, height: number, format: 'jpeg' | 'gif' = 'jpeg') =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 140 } } })
    .toFormat(format)
    .toBuffer();

/** Uploads as the admin's media library does (POST /upload with the editor's session). */
async function upload(name: string, bytes: Buffer, alt: string, type = 'image/jpeg') {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
  form.append('fileInfo', JSON.stringify({ name, alternativeText: alt, caption: null }));
  return fetch(`${cms!.url}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}` },
    body: form,
  });
}

const fileCount = () => cms!.strapi.db.query('plugin::upload.file').count();

beforeAll(async () => {
  s3 = await startS3Server(storage, [BUCKET, `${BUCKET}-restored`]);
  Object.assign(process.env, s3.cmsEnv(BUCKET));
  cms = await startTestCms();
  adminToken = await registerFirstAdmin(cms.url);
}, 240_000);

afterAll(async () => {
  await cms?.destroy();
  await faults?.close();
  await s3?.stop();
  for (const name of Object.keys(s3.cmsEnv(BUCKET))) delete process.env[name];
  fs.rmSync(dir, { recursive: true, force: true });
});

let uploaded: UploadedFile;

describe('media in an S3 bucket', () => {
  it('stores an upload and its resized formats in the bucket, at the public URL, none on disk', async () => {
    const response = await upload('tavle-s3.jpg', await image(1600, 900), 'En tavle fuld af salg');
    expect(response.status, await response.clone().text()).toBe(201);
    uploaded = found(((await response.json()) as UploadedFile[])[0], 'the uploaded file');
    expect(uploaded.provider).toBe('aws-s3');
    expect(uploaded.url.startsWith(`${s3.publicUrl(BUCKET)}/`), uploaded.url).toBe(true);
    const formats = Object.values(uploaded.formats ?? {});
    expect(formats.map((format) => format.width).sort((a, b) => a - b)).toEqual([
      245, 500, 750, 1000,
    ]);
    const keys = await objectKeys(s3, BUCKET);
    for (const url of [uploaded.url, ...formats.map((format) => format.url)]) {
      expect(keys).toContain(url.slice(s3.publicUrl(BUCKET).length + 1));
      const object = await fetch(url);
      expect(object.status, url).toBe(200);
      expect(object.headers.get('content-type')).toBe('image/jpeg');
    }
    const onDisk = fs.readdirSync(path.join(cmsDir, 'public', 'uploads'));
    expect(onDisk.filter((name) => name.includes(uploaded.hash))).toEqual([]);
  });

  it(
    'builds pages and feeds from it: resized by the site, or linked at the public URL',
    { timeout: 180_000 },
    async () => {
      // A GIF: the site links it as it is (it resizes JPEG, PNG, WebP, AVIF and TIFF only).
      const gifResponse = await upload(
        'diagram.gif',
        await image(400, 300, 'gif'),
        'Et diagram',
        'image/gif',
      );
      expect(gifResponse.status, await gifResponse.clone().text()).toBe(201);
      const [gif] = (await gifResponse.json()) as UploadedFile[];
      const posts = cms!.strapi.documents('api::post.post');
      const post = await findSeedPost(cms!.strapi);
      await posts.update({
        documentId: post.documentId,
        data: {
          cover: uploaded.id,
          body: [
            ...(post.body ?? []),
            { type: 'image', image: gif, children: [{ type: 'text', text: '' }] },
          ] as never,
        },
      });
      await posts.publish({ documentId: post.documentId });
      const outDir = path.join(dir, 'site');
      const build = await runSiteBuild(
        { CMS_URL: cms!.url, CMS_TOKEN: cms!.token, CMS_MEDIA_URL: s3.publicUrl(BUCKET) },
        outDir,
      );
      expect(build.code, build.output).toBe(0);
      const html = page(outDir, '/blog/ikke-flere-kunder-tak/');
      // The cover exists only in the bucket: the site's image pipeline fetched it there and resized it.
      const cover = found(html.querySelector('img[alt="En tavle fuld af salg"]'), 'the cover');
      expect(cover.getAttribute('srcset')).toMatch(/\/_astro\/.+ 360w, .+ 720w/);
      const diagram = found(html.querySelector('img[alt="Et diagram"]'), 'the GIF');
      expect(diagram.getAttribute('src')).toBe(gif!.url);
      const feed = fs.readFileSync(path.join(outDir, 'rss.xml'), 'utf8');
      expect(feed).toContain(gif!.url);
      const everything = [html.toString(), feed].join('\n');
      expect(everything, 'no media address of the CMS itself').not.toContain(`${cms!.url}/uploads`);
    },
  );

  it(
    'carries the media through backup and restore into another bucket',
    { timeout: 240_000 },
    async () => {
      const sourceDb = process.env.DATABASE_FILENAME!;
      const hash = uploaded.hash;
      await cms!.destroy();
      cms = undefined;
      // Asynchronous: the S3 server runs in this process and must answer while the CLI runs.
      const cli = (script: string, args: string[], env: Record<string, string>) =>
        new Promise<{ code: number | null; output: string }>((resolve) => {
          const child = spawn('npm', ['run', script, '--', ...args], {
            cwd: repoRoot,
            env: { ...process.env, ...env },
          });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk));
          child.on('close', (code) => resolve({ code, output }));
        });
      const backupDir = path.join(dir, 'backups');
      const backup = await cli('backup', ['--dir', backupDir], { DATABASE_FILENAME: sourceDb });
      expect(backup.code, backup.output).toBe(0);
      const archive = found(fs.readdirSync(backupDir)[0], 'the backup');

      const targetDir = fs.mkdtempSync(path.join(dir, 'restored-'));
      // From here on the CMS reaches the bucket through a proxy that can fail chosen uploads.
      faults = await startS3FaultProxy(s3.endpoint);
      const restoredEnv = {
        ...s3.cmsEnv(`${BUCKET}-restored`),
        S3_ENDPOINT: faults.url,
        DATABASE_FILENAME: path.join(targetDir, 'data.db'),
      };
      const restore = await cli('restore', [path.join(backupDir, archive), '--force'], restoredEnv);
      expect(restore.code, restore.output).toBe(0);
      const restoredKeys = await objectKeys(s3, `${BUCKET}-restored`);
      expect(restoredKeys.filter((key) => key.includes(hash))).toHaveLength(5);

      Object.assign(process.env, restoredEnv);
      cms = await startTestCms({ dir: targetDir });
      const file = found(
        await cms.strapi.db.query('plugin::upload.file').findOne({ where: { hash } }),
        'the restored file',
      );
      expect(file.url.startsWith(`${s3.publicUrl(`${BUCKET}-restored`)}/`), file.url).toBe(true);
      expect((await fetch(file.url)).status).toBe(200);
      adminToken = await registerFirstAdmin(cms.url);
    },
  );

  it('removes what had arrived when part of an upload fails: all of it or nothing', async () => {
    const before = await fileCount();
    const keysBefore = await objectKeys(s3, `${BUCKET}-restored`);
    faults.failUploads(/\/small_/); // the original and the other formats arrive, this one not
    try {
      const response = await upload('halvt.jpg', await image(1600, 900), 'Halvt');
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toContain('Intet er gemt');
    } finally {
      faults.failUploads(null);
    }
    expect(await fileCount(), 'no media library entry').toBe(before);
    await waitFor(
      'the copies that had arrived to be removed',
      async () =>
        JSON.stringify(await objectKeys(s3, `${BUCKET}-restored`)) === JSON.stringify(keysBefore),
      15_000,
    );
  });

  it('refuses an upload while the bucket cannot be reached, with a message, and keeps nothing', async () => {
    const before = await fileCount();
    const keysBefore = await objectKeys(s3, `${BUCKET}-restored`);
    const port = s3.port;
    await s3.stop();
    try {
      const response = await upload('mens-s3-er-nede.jpg', await image(1200, 800), 'Nede');
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toContain('Filen kunne ikke gemmes');
      expect(await fileCount(), 'no media library entry').toBe(before);
    } finally {
      s3 = await startS3Server(storage, [], port);
    }
    expect(await objectKeys(s3, `${BUCKET}-restored`), 'nothing half-stored').toEqual(keysBefore);
  }, 120_000);

  it('names the keys when the storage refuses them', async () => {
    // s3rver knows one key id (S3RVER) and checks ids, not signatures: a wrong id is refused.
    const env = { ...s3.cmsEnv(BUCKET), S3_ACCESS_KEY_ID: 'FORKERT' };
    const settings = cmsSettings({ ...process.env, ...env });
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'eu-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'FORKERT', secretAccessKey: 'S3RVER' },
      maxAttempts: 1,
    });
    const error = await client.send(new HeadBucketCommand({ Bucket: BUCKET })).catch((e) => e);
    client.destroy();
    expect(describeStorageError(error, settings)).toContain(
      'refused the keys: check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  });
});
