/**
 * Strapi blocks as Markdown, for the benchmark's floor: the same content as local Markdown files.
 * Covers what the synthetic corpus and the seed post use (headings, paragraphs, lists, quotes, code,
 * links, marks); anything else is dropped, as the site's renderer would.
 */
export function blocksToMarkdown(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  return (
    blocks
      .map(block)
      .filter((text) => text !== '')
      .join('\n\n') + '\n'
  );
}

type Node = {
  type?: string;
  text?: string;
  url?: string;
  level?: number;
  format?: string;
  children?: Node[];
  [mark: string]: unknown;
};

function block(node: Node): string {
  switch (node.type) {
    case 'heading':
      return `${'#'.repeat(Math.min(6, Math.max(1, node.level ?? 2)))} ${inline(node.children)}`;
    case 'paragraph':
      return inline(node.children).trim();
    case 'quote':
      return `> ${inline(node.children)}`;
    case 'code':
      return `\`\`\`\n${(node.children ?? []).map((child) => child.text ?? '').join('')}\n\`\`\``;
    case 'list':
      return (node.children ?? [])
        .filter((item) => item.type === 'list-item')
        .map(
          (item, i) => `${node.format === 'ordered' ? `${i + 1}.` : '-'} ${inline(item.children)}`,
        )
        .join('\n');
    default:
      return '';
  }
}

function inline(nodes: Node[] | undefined): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === 'link') return `[${inline(node.children)}](${node.url ?? ''})`;
      let text = escape(node.text ?? '');
      if (text.trim() === '') return text;
      if (node.code) text = `\`${node.text}\``;
      if (node.italic) text = `_${text}_`;
      if (node.bold) text = `**${text}**`;
      if (node.strikethrough) text = `~~${text}~~`;
      return text;
    })
    .join('');
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}
