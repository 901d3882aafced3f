import fs from 'node:fs';
import path from 'node:path';
import type { Block, MediaFile } from '@blog/shared';
import type { ContentImportClient } from './content-import-client.ts';
import { uploadsPath, type Survey } from './export-survey.ts';
import { mediaKey } from './entry-records.ts';
import type { ImportReport } from './import-report.ts';
import type { WxrItem } from './wordpress/index.ts';

interface ImageOptions {
  /** A local copy of the old site's wp-content/uploads; without it no image comes over. */
  uploadsDir: string | null;
  dryRun: boolean;
  client: ContentImportClient;
}

/** Images: each file uploaded once (by its path under uploads), the content's references rewritten. */
export function imageImporter(options: ImageOptions, survey: Survey, report: ImportReport) {
  /** Each old address's file under uploads (null: not there), looked up once. */
  const originals = new Map<string, string | null>();
  /** Each file's copy in the media library (null: refused), uploaded once. */
  const uploaded = new Map<string, { key: string; file: MediaFile } | null>();
  const missing = new Map<string, Set<string>>();

  /** The file of an old image address under uploads, a resized copy's original if need be. */
  function originalOf(relative: string): string | null {
    if (originals.has(relative)) return originals.get(relative)!;
    let found: string | null = null;
    if (options.uploadsDir) {
      const root = path.resolve(options.uploadsDir);
      for (const candidate of [relative, relative.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1')]) {
        const file = path.resolve(root, candidate);
        if (!file.startsWith(root + path.sep)) break;
        if (fs.existsSync(file) && fs.statSync(file).isFile()) {
          found = path.relative(root, file).split(path.sep).join('/');
          break;
        }
      }
    }
    originals.set(relative, found);
    return found;
  }

  /** Uploads one image (or finds the earlier upload): its key and file, or null when it cannot be had. */
  async function upload(
    relative: string,
    usedBy: string,
    alt: string | null,
    caption: string | null,
  ) {
    const original = originalOf(relative);
    if (!original) {
      missing.set(relative, (missing.get(relative) ?? new Set()).add(usedBy));
      return null;
    }
    if (uploaded.has(original)) return uploaded.get(original)!;
    const attachment = survey.attachmentByFile.get(original);
    const key = mediaKey(original);
    const outcome = await options.client.media(key, path.join(options.uploadsDir!, original), {
      alternativeText: attachment?.alternativeText ?? alt,
      caption: attachment?.caption ?? caption,
      dryRun: options.dryRun,
    });
    report.images[outcome.action] = (report.images[outcome.action] ?? 0) + 1;
    if (outcome.action === 'failed')
      missing.set(`${relative} (${outcome.message ?? 'refused by the CMS'})`, new Set([usedBy]));
    // A dry run uploads nothing: a stand-in lets the rest of the run go on as it would.
    const file =
      outcome.file ??
      (options.dryRun && outcome.action === 'created'
        ? { id: 0, url: `/uploads/${original}`, width: null, height: null }
        : null);
    const result = file && { key, file };
    uploaded.set(original, result);
    return result;
  }

  return {
    /** The body with each image pointing at its media-library copy; an image that cannot come over becomes its text. */
    async rewrite(blocks: Block[], usedBy: string, notes: string[]): Promise<Block[]> {
      const out: Block[] = [];
      for (const block of blocks) {
        if (block.type !== 'image') {
          out.push(block);
          continue;
        }
        const relative = uploadsPath(block.image.url);
        const stored = relative
          ? await upload(
              relative,
              usedBy,
              block.image.alternativeText ?? null,
              block.image.caption ?? null,
            )
          : null;
        if (stored) {
          const { file } = stored;
          out.push({
            ...block,
            // The media library's file, with the alt text and caption the post gave it there.
            image: {
              ...file,
              alternativeText:
                block.image.alternativeText || (file.alternativeText as string | null) || null,
              caption: block.image.caption || (file.caption as string | null) || null,
            },
          });
          continue;
        }
        notes.push(
          relative
            ? `image ${relative} could not be imported (see the missing images): left out`
            : `image from another site left out: ${block.image.url.slice(0, 100)}`,
        );
        const text = block.image.caption || block.image.alternativeText;
        if (text) out.push({ type: 'paragraph', children: [{ type: 'text', text, italic: true }] });
      }
      return out;
    },

    /** The key of a post's featured image (`_thumbnail_id`) in the media library, once it is there. */
    async cover(item: WxrItem, usedBy: string, notes: string[]): Promise<string | null> {
      const id = Number(item.meta._thumbnail_id);
      if (!id) return null;
      const attachment = survey.attachments.get(id);
      if (!attachment?.file) {
        notes.push(`its featured image (attachment ${id}) is not in the export`);
        return null;
      }
      const stored = await upload(
        attachment.file,
        usedBy,
        attachment.alternativeText,
        attachment.caption,
      );
      if (!stored) notes.push(`its featured image ${attachment.file} could not be imported`);
      return stored?.key ?? null;
    },

    missing: () => [...missing].map(([url, usedBy]) => ({ url, usedBy: [...usedBy].sort() })),
  };
}

export type ImageImporter = ReturnType<typeof imageImporter>;
