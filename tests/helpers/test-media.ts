import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { TestCms } from './test-cms';
import { cmsDir } from './paths';

export interface TestImage {
  /** The media library entry, as the CMS stores it. */
  file: {
    id: number;
    url: string;
    width: number;
    height: number;
    mime: string;
    alternativeText: string | null;
    [key: string]: unknown;
  };
  /** The image as a rich-text block (Strapi keeps the whole media entry in the block). */
  block: {
    type: 'image';
    image: TestImage['file'];
    children: [{ type: 'text'; text: '' }];
  };
  remove(): void;
}

/**
 * A real image file in the CMS's uploads folder plus its media library entry, as an upload through
 * the admin would leave them. The test CMSs share the app's `public/uploads`, so names are unique.
 */
export async function addTestImage(
  cms: TestCms,
  options: {
    name: string;
    width: number;
    height: number;
    format: 'jpeg' | 'png';
    alt: string | null;
  },
): Promise<TestImage> {
  const ext = options.format === 'jpeg' ? '.jpg' : '.png';
  const hash = `${options.name}_${process.pid}_${Date.now().toString(36)}`;
  const filePath = path.join(cmsDir, 'public', 'uploads', `${hash}${ext}`);
  const image = sharp({
    create: {
      width: options.width,
      height: options.height,
      channels: 3,
      background: { r: 138, g: 43, b: 14 },
    },
  });
  const bytes = await (options.format === 'jpeg' ? image.jpeg() : image.png()).toBuffer();
  fs.writeFileSync(filePath, bytes);
  const file = await cms.strapi.db.query('plugin::upload.file').create({
    data: {
      name: `${options.name}${ext}`,
      hash,
      ext,
      mime: `image/${options.format}`,
      size: bytes.length / 1000,
      width: options.width,
      height: options.height,
      url: `/uploads/${hash}${ext}`,
      provider: 'local',
      alternativeText: options.alt,
    },
  });
  return {
    file,
    block: { type: 'image', image: { ...file }, children: [{ type: 'text', text: '' }] },
    remove: () => fs.rmSync(filePath, { force: true }),
  };
}

/**
 * The test CMSs share the app's `public/uploads`: what a test uploads through the CMS (the admin,
 * an import) is removed afterwards by calling what this returns.
 */
export function uploadsMadeFromNow(): () => void {
  const uploads = path.join(cmsDir, 'public', 'uploads');
  const before = new Set(fs.readdirSync(uploads));
  return () => {
    for (const name of fs.readdirSync(uploads))
      if (!before.has(name)) fs.rmSync(path.join(uploads, name), { recursive: true, force: true });
  };
}
