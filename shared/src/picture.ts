import { escapeHtml } from './escape.js';

/** An image prepared for the page: the fallback `<img>` plus optional modern-format sources. */
export interface ResponsiveImage {
  src: string;
  width?: number;
  height?: number;
  srcset?: string;
  sizes?: string;
  /** Modern formats first (e.g. AVIF, then WebP); the browser takes the first it supports. */
  sources?: Array<{ type: string; srcset: string }>;
}

export interface PictureOptions {
  alt: string;
  /** Lazy below the fold; eager (and fetched first) for the image a page opens with. */
  loading?: 'lazy' | 'eager';
}

/** The one place image HTML is written, for rich-text images and page images alike; every value escaped. */
export function pictureHtml(
  image: ResponsiveImage,
  { alt, loading = 'lazy' }: PictureOptions,
): string {
  const sizes = image.sizes ? ` sizes="${escapeHtml(image.sizes)}"` : '';
  const dimensions = (['width', 'height'] as const)
    .filter((key) => typeof image[key] === 'number' && image[key]! > 0)
    .map((key) => ` ${key}="${Math.round(image[key]!)}"`)
    .join('');
  const priority = loading === 'eager' ? ' fetchpriority="high"' : '';
  const img =
    `<img src="${escapeHtml(image.src)}"${image.srcset ? ` srcset="${escapeHtml(image.srcset)}"` : ''}${sizes}` +
    ` alt="${escapeHtml(alt)}"${dimensions} loading="${loading}" decoding="async"${priority}>`;
  const sources = (image.sources ?? [])
    .map(
      (source) =>
        `<source type="${escapeHtml(source.type)}" srcset="${escapeHtml(source.srcset)}"${sizes}>`,
    )
    .join('');
  return sources ? `<picture>${sources}${img}</picture>` : img;
}
