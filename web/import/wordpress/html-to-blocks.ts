/**
 * A WordPress post's content (classic editor or Gutenberg) as Strapi blocks, through a real HTML
 * parser (htmlparser2). Shortcodes are expanded first, as WordPress does before it renders:
 * [caption] becomes a captioned image, [embed] a link, any other keeps its inner text. Then the
 * classic editor's paragraph rules apply where the content is not block-editor content: a blank
 * line starts a paragraph, a single line break is a line break. What blocks cannot hold degrades
 * to its text; whatever is dropped (scripts, forms, unsafe links, shortcodes) is named in `notes`.
 * Nothing from the markup survives but text, safe link targets and image addresses.
 */
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type {
  Block,
  BlockImage,
  InlineNode,
  LinkNode,
  ListBlock,
  ListItemNode,
  TextNode,
} from '@blog/shared';

export interface ConvertedContent {
  blocks: Block[];
  /** The images the content uses, by their old address (for the import to upload and rewrite). */
  images: string[];
  /** What did not come over as it was, for the import's report. */
  notes: string[];
}

type Marks = Pick<TextNode, 'bold' | 'italic' | 'underline' | 'strikethrough' | 'code'>;

/** Elements that end a paragraph (the classic editor's block-level list, in short). */
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'figure',
  'figcaption', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'address',
  'form', 'fieldset', 'details', 'summary', 'wp-caption', 'iframe', 'video', 'audio', 'object',
  'embed',
]); // prettier-ignore
/** Dropped with everything in them. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'form', 'button', 'select', 'textarea', 'input', 'svg', 'math', 'head', 'title', 'meta', 'link']); // prettier-ignore
const MARKS: Record<string, keyof Marks> = {
  strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', del: 'strikethrough', strike: 'strikethrough', code: 'code', kbd: 'code',
  samp: 'code', tt: 'code',
}; // prettier-ignore

export function wordpressToBlocks(content: string): ConvertedContent {
  const notes: string[] = [];
  const images: string[] = [];
  const gutenberg = content.includes('<!-- wp:');
  const html = expandShortcodes(content, notes);
  const document = parseDocument(html, { decodeEntities: true });
  const blocks: Block[] = [];
  convertChildren(document.children, blocks, { gutenberg, notes, images });
  return { blocks, images: [...new Set(images)], notes: [...new Set(notes)] };
}

interface Context {
  gutenberg: boolean;
  notes: string[];
  images: string[];
}

/** Turns a run of nodes into blocks: block elements on their own, inline runs into paragraphs. */
function convertChildren(nodes: ChildNode[], out: Block[], context: Context): void {
  let inline: ChildNode[] = [];
  const flush = () => {
    if (inline.length) out.push(...paragraphs(inline, context));
    inline = [];
  };
  for (const node of nodes) {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const element = node as Element;
      const name = element.name.toLowerCase();
      if (DROPPED.has(name)) {
        flush();
        context.notes.push(`removed <${name}>`);
      } else if (BLOCK_ELEMENTS.has(name)) {
        flush();
        convertBlock(element, name, out, context);
      } else if (name === 'img') {
        flush();
        const image = imageOf(element, context);
        if (image) out.push({ type: 'image', image, children: [{ type: 'text', text: '' }] });
      } else inline.push(node);
    } else if (node.type === 'text' || node.type === 'cdata') inline.push(node);
    // comments (Gutenberg's block delimiters among them) carry no content
  }
  flush();
}

function convertBlock(element: Element, name: string, out: Block[], context: Context): void {
  const heading = /^h([1-6])$/.exec(name);
  if (heading) {
    // The page's title is its only h1: a heading of the first level in a post becomes the second.
    const level = Math.max(2, Number(heading[1])) as 2 | 3 | 4 | 5 | 6;
    const children = inlineOf(element.children, {}, context, false);
    if (hasText(children)) out.push({ type: 'heading', level, children });
    return;
  }
  switch (name) {
    case 'p':
      return convertChildren(element.children, out, context);
    case 'ul':
    case 'ol': {
      const list = listOf(element, 0, context);
      if (list.children.length) out.push(list);
      return;
    }
    case 'blockquote': {
      // A quote holds text only: its paragraphs (and what else it held, as text) on lines of their own.
      const inner: Block[] = [];
      convertChildren(element.children, inner, context);
      const lines = inner.map(inlineOfBlock).filter(hasText);
      if (lines.length)
        out.push({
          type: 'quote',
          children: mergeText(
            lines.flatMap((line, index) =>
              index ? [{ type: 'text' as const, text: '\n' }, ...line] : line,
            ),
          ),
        });
      return;
    }
    case 'pre': {
      const text = textOf(element).replace(/^\n/, '').replace(/\s+$/, '');
      if (text) out.push({ type: 'code', children: [{ type: 'text', text }] });
      return;
    }
    case 'figure':
    case 'wp-caption': {
      const img = findElement(element, 'img');
      if (!img) {
        // An embed's figure: its address becomes a link; anything else its text.
        const url = textOf(element).trim();
        if (/^https?:\/\/\S+$/.test(url)) {
          context.notes.push(`embed as a link: ${url}`);
          out.push(linkParagraph(url));
        } else convertChildren(element.children, out, context);
        return;
      }
      const image = imageOf(img, context);
      const caption = findElement(element, 'figcaption');
      const captionText = collapse(
        caption ? textOf(caption) : textOf(element, (node) => node === img),
      ).trim();
      if (image) {
        if (captionText) image.caption = captionText;
        out.push({ type: 'image', image, children: [{ type: 'text', text: '' }] });
      }
      return;
    }
    case 'iframe':
    case 'video':
    case 'audio':
    case 'embed':
    case 'object': {
      const src = element.attribs.src ?? element.attribs.data ?? '';
      if (/^https?:\/\//.test(src)) {
        context.notes.push(`<${name}> as a link: ${src}`);
        out.push(linkParagraph(src));
      } else context.notes.push(`removed <${name}>`);
      return;
    }
    case 'hr':
      context.notes.push('removed <hr> (a dividing line)');
      return;
    case 'table':
    case 'tr': {
      if (name === 'table') context.notes.push('a table as paragraphs, one per row');
      const rows = findAll(element, 'tr');
      if (name === 'tr' || !rows.length) {
        const text = collapse(textOf(element)).trim();
        if (text) out.push({ type: 'paragraph', children: [{ type: 'text', text }] });
        return;
      }
      for (const row of rows) {
        const cells = row.children
          .filter((cell): cell is Element => cell.type === 'tag')
          .map((cell) => collapse(textOf(cell)).trim())
          .filter(Boolean);
        if (cells.length)
          out.push({ type: 'paragraph', children: [{ type: 'text', text: cells.join(' · ') }] });
      }
      return;
    }
    default:
      // div, section, li outside a list, …: their content, in order
      return convertChildren(element.children, out, context);
  }
}

/** Inline nodes as paragraphs; in classic content a blank line starts a new one. */
function paragraphs(nodes: ChildNode[], context: Context): Block[] {
  const inline = inlineOf(nodes, {}, context, !context.gutenberg);
  const result: Block[] = [];
  let current: InlineNode[] = [];
  const end = () => {
    const trimmed = trimInline(current);
    if (hasText(trimmed)) result.push({ type: 'paragraph', children: trimmed });
    current = [];
  };
  for (const node of inline) {
    if (node.type === 'text' && node.text.includes('\n\n') && !context.gutenberg) {
      const parts = node.text.split(/\n{2,}/);
      parts.forEach((part, index) => {
        if (index > 0) end();
        if (part) current.push({ ...node, text: part });
      });
    } else current.push(node);
  }
  end();
  return result;
}

/**
 * Text with its marks and links. `lineBreaks`: the classic editor's rule (a newline is a line
 * break, a blank line a paragraph); otherwise HTML's (whitespace collapses, only <br> breaks).
 */
function inlineOf(
  nodes: ChildNode[],
  marks: Marks,
  context: Context,
  lineBreaks: boolean,
): InlineNode[] {
  const out: InlineNode[] = [];
  const text = (value: string) => {
    const normalised = lineBreaks
      ? value
          .replace(/[ \t\r\f]+/g, ' ')
          .replace(/ ?\n ?/g, '\n')
          .replace(/\n{3,}/g, '\n\n')
      : collapse(value);
    if (normalised) out.push({ type: 'text', text: normalised, ...marks });
  };
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'cdata') text(textOf(node));
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const element = node as Element;
      const name = element.name.toLowerCase();
      if (DROPPED.has(name)) context.notes.push(`removed <${name}>`);
      else if (name === 'br') out.push({ type: 'text', text: '\n', ...marks });
      else if (name === 'a') out.push(...linkOf(element, marks, context, lineBreaks));
      else if (name === 'img') {
        // An image inside text: blocks hold images only on their own, so its alt text stands in.
        const image = imageOf(element, context);
        if (image?.alternativeText) text(image.alternativeText);
        context.notes.push('an image inside a paragraph as its text');
      } else {
        const mark = MARKS[name];
        out.push(
          ...inlineOf(
            element.children,
            mark ? { ...marks, [mark]: true } : marks,
            context,
            lineBreaks,
          ),
        );
      }
    }
  }
  return mergeText(out);
}

function linkOf(
  element: Element,
  marks: Marks,
  context: Context,
  lineBreaks: boolean,
): InlineNode[] {
  const children = inlineOf(element.children, marks, context, lineBreaks).flatMap((child) =>
    child.type === 'link' ? child.children : [child],
  );
  const url = safeUrl(element.attribs.href ?? '');
  if (!url) {
    if (element.attribs.href)
      context.notes.push(`an unsafe link kept as text: ${element.attribs.href.slice(0, 80)}`);
    return children;
  }
  return hasText(children) ? [{ type: 'link', url, children: children as TextNode[] }] : [];
}

function listOf(element: Element, depth: number, context: Context): ListBlock {
  const list: ListBlock = {
    type: 'list',
    format: element.name.toLowerCase() === 'ol' ? 'ordered' : 'unordered',
    ...(depth ? { indentLevel: depth } : {}),
    children: [],
  };
  for (const child of element.children) {
    if (child.type !== 'tag') continue;
    const item = child as Element;
    if (item.name.toLowerCase() !== 'li') continue;
    const nested = item.children.filter(
      (node): node is Element =>
        node.type === 'tag' && ['ul', 'ol'].includes((node as Element).name.toLowerCase()),
    );
    const own = item.children.filter((node) => !nested.includes(node as Element));
    const children = trimInline(inlineOf(own, {}, context, false));
    if (hasText(children))
      list.children.push({ type: 'list-item', children } satisfies ListItemNode);
    for (const sub of nested) {
      const subList = listOf(sub, depth + 1, context);
      if (subList.children.length) list.children.push(subList);
    }
  }
  return list;
}

function imageOf(element: Element, context: Context): BlockImage | null {
  const src = element.attribs.src ?? '';
  if (!/^https?:\/\//.test(src) && !src.startsWith('/')) {
    if (src) context.notes.push(`an image with an unusable address removed: ${src.slice(0, 80)}`);
    return null;
  }
  context.images.push(src);
  const number = (value: string | undefined) =>
    value && /^\d+$/.test(value) ? Number(value) : null;
  return {
    url: src,
    alternativeText: element.attribs.alt?.trim() || null,
    width: number(element.attribs.width),
    height: number(element.attribs.height),
  };
}

/** Links the site keeps: web addresses, mail, phone, and addresses on the same site. */
function safeUrl(href: string): string | null {
  const url = href.trim();
  if (/^(https?:|mailto:|tel:)/i.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (url.startsWith('#')) return url;
  return null;
}

/**
 * WordPress's shortcodes, expanded as do_shortcode would before rendering: [caption] and
 * [wp_caption] into a captioned image, [embed]URL[/embed] into a link; any other (a gallery, a
 * contact form plugin, …) is removed and its inner text kept. This scans the text for
 * [name …] … [/name] tokens; it does not touch the HTML in between.
 */
export function expandShortcodes(content: string, notes: string[]): string {
  let result = '';
  let at = 0;
  const open = /\[(\/?)([a-zA-Z][\w-]*)(?:[^\]"']|"[^"]*"|'[^']*')*?\/?\]/g;
  const stack: string[] = [];
  for (let match = open.exec(content); match; match = open.exec(content)) {
    const [token, closing, rawName] = match;
    const name = rawName!.toLowerCase();
    // [[escaped]] shortcodes print as text
    if (content[match.index - 1] === '[' && content[match.index + token.length] === ']') continue;
    result += content.slice(at, match.index);
    at = match.index + token.length;
    if (name === 'caption' || name === 'wp_caption') {
      if (closing) {
        result += '</wp-caption>';
        stack.pop();
      } else {
        result += '<wp-caption>';
        stack.push(name);
      }
    } else if (name === 'embed') {
      if (closing) result += '</a>';
      else {
        const end = content.indexOf('[/embed]', at);
        const url = (end >= 0 ? content.slice(at, end) : '').trim();
        result += `<a href="${url.replace(/"/g, '')}">`;
        notes.push(`embed as a link: ${url}`);
      }
    } else {
      if (!closing) notes.push(`shortcode [${name}] removed, its text kept`);
    }
  }
  return result + content.slice(at);
}

function textOf(node: ChildNode, skip?: (node: ChildNode) => boolean): string {
  if (skip?.(node)) return '';
  if (node.type === 'text' || node.type === 'cdata') return (node as { data: string }).data ?? '';
  if ('children' in node && node.type === 'tag') {
    const element = node as Element;
    if (DROPPED.has(element.name.toLowerCase())) return '';
    return element.children.map((child) => textOf(child, skip)).join('');
  }
  if ('children' in node)
    return (node as Element).children.map((child) => textOf(child, skip)).join('');
  return '';
}

function findElement(root: Element, name: string): Element | null {
  for (const child of root.children) {
    if (child.type !== 'tag') continue;
    const element = child as Element;
    if (element.name.toLowerCase() === name) return element;
    const found = findElement(element, name);
    if (found) return found;
  }
  return null;
}

function findAll(root: Element, name: string): Element[] {
  return root.children.flatMap((child) => {
    if (child.type !== 'tag') return [];
    const element = child as Element;
    return element.name.toLowerCase() === name ? [element] : findAll(element, name);
  });
}

const collapse = (text: string) => text.replace(/\s+/g, ' ');

function hasText(nodes: InlineNode[]): boolean {
  return nodes.some((node) =>
    node.type === 'text' ? node.text.trim() !== '' : hasText(node.children),
  );
}

/** Leading and trailing whitespace of a paragraph removed, inside its first and last text. */
function trimInline(nodes: InlineNode[]): InlineNode[] {
  const copy = nodes.map((node) =>
    node.type === 'link' ? { ...node, children: [...node.children] } : { ...node },
  );
  const edge = (node: InlineNode | undefined, side: 'start' | 'end') => {
    const text: TextNode | undefined =
      node?.type === 'link' ? node.children[side === 'start' ? 0 : node.children.length - 1] : node;
    if (text)
      text.text = side === 'start' ? text.text.replace(/^\s+/, '') : text.text.replace(/\s+$/, '');
  };
  edge(copy[0], 'start');
  edge(copy.at(-1), 'end');
  return copy.filter((node) => node.type === 'link' || node.text !== '');
}

/** Neighbouring text with the same marks as one text node. */
function mergeText(nodes: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const node of nodes) {
    const last = out.at(-1);
    if (last?.type === 'text' && node.type === 'text' && sameMarks(last, node))
      out[out.length - 1] = { ...last, text: last.text + node.text };
    else out.push(node);
  }
  return out;
}

function sameMarks(a: TextNode, b: TextNode): boolean {
  return (['bold', 'italic', 'underline', 'strikethrough', 'code'] as const).every(
    (mark) => !!a[mark] === !!b[mark],
  );
}

/** A block's inline content (a list's or an image's as its text), for a quote. */
function inlineOfBlock(block: Block): InlineNode[] {
  if (block.type === 'image')
    return [{ type: 'text', text: block.image.caption ?? block.image.alternativeText ?? '' }];
  if (block.type === 'list')
    return block.children.flatMap((item, index) => [
      ...(index ? [{ type: 'text' as const, text: '\n' }] : []),
      ...(item.type === 'list-item' ? item.children : inlineOfBlock(item)),
    ]);
  return block.children;
}

function linkParagraph(url: string): Block {
  const link: LinkNode = { type: 'link', url, children: [{ type: 'text', text: url }] };
  return { type: 'paragraph', children: [link] };
}
