/** Strapi 5 "blocks" rich text, as the REST API returns it. */

export interface TextNode {
  type: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
}

export interface LinkNode {
  type: 'link';
  url: string;
  children: TextNode[];
}

export type InlineNode = TextNode | LinkNode;

export interface ParagraphBlock {
  type: 'paragraph';
  children: InlineNode[];
}

export interface HeadingBlock {
  type: 'heading';
  level: 1 | 2 | 3 | 4 | 5 | 6;
  children: InlineNode[];
}

export interface QuoteBlock {
  type: 'quote';
  children: InlineNode[];
}

export interface CodeBlock {
  type: 'code';
  language?: string;
  children: TextNode[];
}

export interface ListItemNode {
  type: 'list-item';
  children: InlineNode[];
}

export interface ListBlock {
  type: 'list';
  format: 'ordered' | 'unordered';
  indentLevel?: number;
  children: Array<ListItemNode | ListBlock>;
}

export interface BlockImage {
  url: string;
  alternativeText?: string | null;
  caption?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface ImageBlock {
  type: 'image';
  image: BlockImage;
  children?: InlineNode[];
}

export type Block = ParagraphBlock | HeadingBlock | QuoteBlock | CodeBlock | ListBlock | ImageBlock;

/** The plain text of inline nodes (for excerpts, reading time and headings' ids). */
export function inlineText(nodes: readonly unknown[] | undefined): string {
  if (!Array.isArray(nodes)) return '';
  return nodes
    .map((node) => {
      if (!isRecord(node)) return '';
      if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
      return inlineText(node.children as unknown[]);
    })
    .join('');
}

/** The plain text of a whole document, one line per block. */
export function blocksText(blocks: readonly unknown[] | null | undefined): string {
  if (!Array.isArray(blocks)) return '';
  return blocks
    .map((block) => {
      if (!isRecord(block)) return '';
      if (block.type === 'list') return blocksText(block.children as unknown[]);
      return inlineText(block.children as unknown[]);
    })
    .filter((line) => line !== '')
    .join('\n');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
