/**
 * Plain text from the block renderer's HTML (render-blocks.ts), for the text part of a mail: the
 * one renderer makes both parts, so they never say different things. It reads only the markup
 * that renderer writes (every text in it escaped): paragraphs and headings apart by a blank line,
 * list items as "- " or "1. ", links as "text (address)", images by their alternative text.
 */
export function htmlToText(html: string): string {
  const lists: Array<{ ordered: boolean; count: number }> = [];
  let href: string | null = null;
  let preformatted = false;
  let linkText = '';
  let out = '';
  const write = (text: string) => {
    if (href !== null) linkText += text;
    else out += text;
  };
  for (const token of html.split(/(<[^>]*>)/)) {
    if (!token.startsWith('<')) {
      write(decode(preformatted ? token : token.replace(/\s+/g, ' ')));
      continue;
    }
    const [, closing, name = ''] = /^<(\/?)([a-z0-9]+)/i.exec(token) ?? [];
    const tag = name.toLowerCase();
    if (tag === 'pre') preformatted = !closing;
    if (tag === 'a' && !closing) {
      href = decode(/\shref="([^"]*)"/.exec(token)?.[1] ?? '');
      linkText = '';
    } else if (tag === 'a' && href !== null) {
      const text = linkText.trim();
      const address = href;
      href = null;
      write(!text || text === address ? address : `${text} (${address})`);
    } else if (tag === 'img') {
      const alt = decode(/\salt="([^"]*)"/.exec(token)?.[1] ?? '');
      if (alt) write(`[Billede: ${alt}]`);
    } else if (tag === 'br') write('\n');
    else if ((tag === 'ul' || tag === 'ol') && !closing)
      lists.push({ ordered: tag === 'ol', count: 0 });
    else if (tag === 'ul' || tag === 'ol') {
      lists.pop();
      if (!lists.length) write('\n\n');
    } else if (tag === 'li' && !closing) {
      const list = lists.at(-1);
      const indent = '   '.repeat(Math.max(0, lists.length - 1));
      write(`\n${indent}${list?.ordered ? `${++list.count}. ` : '- '}`);
    } else if (/^(p|h[1-6]|blockquote|pre|figure|figcaption)$/.test(tag) && closing) write('\n\n');
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!);
}
