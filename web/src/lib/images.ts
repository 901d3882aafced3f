import { getConfiguredImageService, getImage } from 'astro:assets';
import { isRecord, safeHref, type ResponsiveImage } from '@blog/shared';
import { mediaUrl, mediaBaseUrl } from './media.ts';
import { registerImageWithoutAlt } from './page-registry.ts';

/**
 * Loads astro:assets' image service in this build. At a build's end Astro makes the resized images of
 * every page, skipped ones too, with the service that a rendered page loaded; an incremental build
 * may render no page with an image, and Astro's own import of the service then fails in a build
 * worker ("InvalidImageService"). The home page, rendered in every build, calls this.
 */
export async function loadImageService(): Promise<void> {
  await getConfiguredImageService();
}

/** A media file as Strapi returns it (the fields the pages use). */
export interface CmsMedia {
  url: string;
  alternativeText?: string | null;
  width?: number | null;
  height?: number | null;
  mime?: string | null;
}

export interface ImageRequest {
  /** The page the image is on, for the missing-alt report. */
  page: string;
  /** The `sizes` attribute: how wide the image is drawn at each viewport width. */
  sizes: string;
  /**
   * Rendered on request (the draft preview) rather than by a build: only a build writes resized
   * copies, so the image is linked as the CMS serves it.
   */
  onDemand?: boolean;
}

// Candidate widths for srcset; each image gets those below its own width, plus its own width.
const WIDTHS = [360, 720, 1080, 1440];
// Formats Sharp can read and write; anything else (SVG, GIF, unknown) is linked as is.
const TRANSFORMABLE = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/avif',
  'image/tiff',
]);

/**
 * A CMS image through astro:assets: resized for srcset, AVIF and WebP sources with the original
 * format as fallback, width and height set so nothing shifts while it loads. Images on other hosts
 * (not the CMS's media host, which astro.config.ts allows) or of unknown size are linked as they are.
 */
export async function responsiveImage(
  media: CmsMedia,
  request: ImageRequest,
): Promise<ResponsiveImage | undefined> {
  const source = imageSource(media);
  if (!source) return undefined;
  if (!media.alternativeText?.trim()) registerImageWithoutAlt(source.src, request.page);
  if (!source.transformable || request.onDemand)
    return { src: source.src, width: source.width, height: source.height };
  const { src, width, height } = source;

  const widths = [...WIDTHS.filter((candidate) => candidate < width), width];
  const variant = (format: 'avif' | 'webp' | 'jpeg' | 'png') =>
    getImage({ src, width, height, widths, format, sizes: request.sizes });
  const fallbackFormat = media.mime === 'image/png' ? 'png' : 'jpeg';
  const [avif, webp, fallback] = await Promise.all([
    variant('avif'),
    variant('webp'),
    variant(fallbackFormat),
  ]);
  return {
    src: fallback.src,
    srcset: fallback.srcSet.attribute,
    sizes: request.sizes,
    width,
    height,
    sources: [
      { type: 'image/avif', srcset: avif.srcSet.attribute },
      { type: 'image/webp', srcset: webp.srcSet.attribute },
    ],
  };
}

/**
 * Where a media file is and whether astro:assets may resize it: a known size, a format Sharp
 * handles, and the CMS's own media host. Undefined when the URL is not safe to link at all.
 */
type ImageSource =
  | { src: string; width: number; height: number; transformable: true }
  | { src: string; width?: number; height?: number; transformable: false };

function imageSource(media: CmsMedia): ImageSource | undefined {
  // Checked before it is made absolute: 'javascript:…' must not become 'http://cms/javascript:…'.
  const checked = safeHref(media.url);
  const src = checked && mediaUrl(checked);
  if (!src) return undefined;
  const width = positive(media.width);
  const height = positive(media.height);
  if (width && height && TRANSFORMABLE.has(media.mime ?? '') && fromMediaHost(src))
    return { src, width, height, transformable: true };
  return { src, width, height, transformable: false };
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? Math.round(value) : undefined;
}

function fromMediaHost(src: string): boolean {
  const base = mediaBaseUrl();
  return base !== '' && new URL(src).origin === new URL(base).origin;
}

/** Images in the text column: the full column (main is 42rem with 1rem padding), or the viewport on phones. */
export const CONTENT_IMAGE_SIZES = '(min-width: 42rem) 40rem, calc(100vw - 2rem)';

/**
 * Prepares every image in a rich-text body (astro:assets is async, the shared renderer is not) and
 * returns the lookup the renderer's `images` option takes.
 */
export async function blockImages(
  blocks: unknown[],
  request: ImageRequest,
): Promise<(media: Record<string, unknown>) => ResponsiveImage | undefined> {
  const prepared = new Map<string, ResponsiveImage | undefined>();
  for (const block of blocks) {
    if (
      !isRecord(block) ||
      block.type !== 'image' ||
      !isRecord(block.image) ||
      typeof block.image.url !== 'string'
    )
      continue;
    const media = block.image as unknown as CmsMedia;
    if (!prepared.has(media.url)) prepared.set(media.url, await responsiveImage(media, request));
  }
  return (media) => prepared.get(media.url as string);
}

/** The image to share a page with (Open Graph, JSON-LD): a 1200 px JPEG served by the site itself. */
export async function shareImageUrl(
  media: CmsMedia | null | undefined,
  site: URL,
): Promise<string | null> {
  const source = media && imageSource(media);
  if (!source) return null;
  if (!source.transformable) return new URL(source.src, site).href;
  const { src, width, height } = source;
  const shareWidth = Math.min(width, 1200);
  const image = await getImage({
    src,
    width: shareWidth,
    height: Math.round((height * shareWidth) / width),
    format: 'jpeg',
  });
  return new URL(image.src, site).href;
}
