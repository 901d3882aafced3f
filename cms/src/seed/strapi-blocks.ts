import type { Schema } from '@strapi/strapi';
import type { Block, InlineNode } from '@blog/shared';

type StrapiBlocks = Schema.Attribute.BlocksValue;
type StrapiInline = Extract<StrapiBlocks[number], { type: 'paragraph' }>['children'][number];
type StrapiList = Extract<StrapiBlocks[number], { type: 'list' }>;

/**
 * Rich text parsed from plain text (shared's Block) as Strapi stores it: links carry `rel` and
 * `target`, empty as the admin's own link button leaves them. Images need a file in the media
 * library, which plain text cannot name.
 */
export function toStrapiBlocks(blocks: Block[]): StrapiBlocks {
  return blocks.map((block): StrapiBlocks[number] => {
    switch (block.type) {
      case 'paragraph':
      case 'quote':
        return { type: block.type, children: block.children.map(inline) };
      case 'heading':
        return { type: 'heading', level: block.level, children: block.children.map(inline) };
      case 'code':
        return { type: 'code', language: block.language, children: block.children };
      case 'list':
        return list(block);
      case 'image':
        throw new Error(
          `An image block (${block.image.url}) cannot be imported from text: upload the image to the media library and add it in the editor.`,
        );
    }
  });
}

function list(block: Extract<Block, { type: 'list' }>): StrapiList {
  return {
    type: 'list',
    format: block.format,
    ...(block.indentLevel !== undefined ? { indentLevel: block.indentLevel } : {}),
    children: block.children.map((item) =>
      item.type === 'list'
        ? list(item)
        : { type: 'list-item', children: item.children.map(inline) },
    ),
  };
}

function inline(node: InlineNode): StrapiInline {
  return node.type === 'link'
    ? { type: 'link', url: node.url, rel: '', target: '', children: node.children }
    : node;
}
