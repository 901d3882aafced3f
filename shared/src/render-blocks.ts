import { isRecord } from './blocks.js';
import { escapeHtml } from './escape.js';
import { absoluteUrl, safeHref } from './links.js';
import { pictureHtml, type ResponsiveImage } from './picture.js';

export interface RenderOptions {
  /** Absolute site URL: site-relative links become absolute (feeds need this). */
  siteUrl?: string;
  /** Base for media URLs that Strapi returns as `/uploads/…`. */
  mediaBaseUrl?: string;
  /**
   * The page's prepared version of an image block's media (sizes, formats), if it has one.
   * Without it (feeds, unknown hosts) the original file is linked as is.
   */
  images?: (media: Record<string, unknown>) => ResponsiveImage | undefined;
}

/**
 * The one renderer from Strapi blocks to HTML, used by the pages and the feeds alike.
 * It is a whitelist: known block types and marks only, every string escaped, links only when
 * safeHref accepts them. Content is untrusted input, so it never throws on odd shapes; it skips them.
 */
export function renderBlocks(blocks: unknown, options: RenderOptions = {}): string {
  if (!Array.isArray(blocks)) return '';
  return blocks
    .map((block) => renderBlock(block, options))
    .filter((html) => html !== '')
    .join('\n');
}

function renderBlock(block: unknown, options: RenderOptions): string {
  if (!isRecord(block)) return '';
  switch (block.type) {
    case 'paragraph': {
      const inner = renderInline(block.children, options);
      return inner.trim() === '' ? '' : `<p>${inner}</p>`;
    }
    case 'heading': {
      const level = clampHeadingLevel(block.level);
      return `<h${level}>${renderInline(block.children, options)}</h${level}>`;
    }
    case 'quote':
      return `<blockquote><p>${renderInline(block.children, options)}</p></blockquote>`;
    case 'code':
      return `<pre><code>${renderText(block.children)}</code></pre>`;
    case 'list':
      return renderList(block, options);
    case 'image':
      return renderImage(block.image, options);
    default:
      return '';
  }
}

function clampHeadingLevel(level: unknown): number {
  const n = typeof level === 'number' ? Math.round(level) : 2;
  return Math.min(6, Math.max(1, n));
}

function renderList(list: Record<string, unknown>, options: RenderOptions): string {
  const tag = list.format === 'ordered' ? 'ol' : 'ul';
  const children = Array.isArray(list.children) ? list.children : [];
  let html = '';
  let openItem = false;
  for (const child of children) {
    if (!isRecord(child)) continue;
    if (child.type === 'list') {
      // A nested list belongs inside the preceding item (valid HTML), or in an item of its own.
      html += `${openItem ? '' : '<li>'}${renderList(child, options)}</li>`;
      openItem = false;
    } else if (child.type === 'list-item') {
      if (openItem) html += '</li>';
      html += `<li>${renderInline(child.children, options)}`;
      openItem = true;
    }
  }
  if (openItem) html += '</li>';
  return `<${tag}>${html}</${tag}>`;
}

function renderImage(image: unknown, options: RenderOptions): string {
  if (!isRecord(image) || typeof image.url !== 'string') return '';
  const alt = typeof image.alternativeText === 'string' ? image.alternativeText : '';
  const prepared = options.images?.(image) ?? originalImage(image, options);
  if (!prepared) return '';
  const caption =
    typeof image.caption === 'string' && image.caption.trim() !== '' ? image.caption : '';
  return `<figure>${pictureHtml(prepared, { alt })}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

function originalImage(
  image: Record<string, unknown>,
  options: RenderOptions,
): ResponsiveImage | undefined {
  const src = safeHref(absoluteUrl(image.url as string, options.mediaBaseUrl));
  if (!src) return undefined;
  const size = (key: string) =>
    typeof image[key] === 'number' ? (image[key] as number) : undefined;
  return { src: absoluteUrl(src, options.siteUrl), width: size('width'), height: size('height') };
}

function renderInline(nodes: unknown, options: RenderOptions): string {
  if (!Array.isArray(nodes)) return '';
  return nodes
    .map((node) => {
      if (!isRecord(node)) return '';
      if (node.type === 'text') return renderMarkedText(node);
      if (node.type === 'link') {
        const inner = renderInline(node.children, options);
        const href = safeHref(typeof node.url === 'string' ? node.url : null);
        if (!href) return inner; // an unsafe link keeps its words, loses the link
        return `<a href="${escapeHtml(absoluteUrl(href, options.siteUrl))}">${inner}</a>`;
      }
      return '';
    })
    .join('');
}

function renderText(nodes: unknown): string {
  if (!Array.isArray(nodes)) return '';
  return nodes
    .map((node) => (isRecord(node) && typeof node.text === 'string' ? escapeHtml(node.text) : ''))
    .join('');
}

// Outermost first: <strong><em>…</em></strong>.
const MARKS: Array<[key: string, tag: string]> = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['strikethrough', 's'],
  ['code', 'code'],
];

function renderMarkedText(node: Record<string, unknown>): string {
  if (typeof node.text !== 'string') return '';
  let html = escapeHtml(node.text).replace(/\n/g, '<br>');
  for (let i = MARKS.length - 1; i >= 0; i--) {
    const [key, tag] = MARKS[i]!;
    if (node[key] === true) html = `<${tag}>${html}</${tag}>`;
  }
  return html;
}
