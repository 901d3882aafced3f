import type { Block, InlineNode, TextNode } from './blocks.js';
import { parseDanishDate } from './dates.js';
import { openingWords } from './reading.js';
import { routes } from './routes.js';
import { slugify } from './slug.js';

/** A phrase in the text that becomes a link: the first capturing group is the linked words. */
export interface LinkRule {
  pattern: RegExp;
  href: string;
}

/**
 * The old blog's calls to action: "Kontakt mig" goes to the contact details and the "her" in
 * "mine holdninger her" to the opinions index.
 */
export const OLD_BLOG_LINK_RULES: readonly LinkRule[] = [
  { pattern: /(Kontakt mig)/u, href: routes.contact() },
  { pattern: /holdninger\s(her)(?![\p{L}])/u, href: routes.opinions() },
];

export interface ParsedPost {
  title: string;
  slug: string;
  /** Midnight Copenhagen time on the publication date. */
  date: Date;
  excerpt: string;
  body: Block[];
}

export class PostParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `${message} (line ${line})` : message);
    this.name = 'PostParseError';
  }
}

const SECTION_LABELS = new Set(['Blog']);
const DATE_LINE = /^Calendar\s+(.+)$/u;

/** A line in capitals (at least two letters, none lower case) is a section heading. */
function isHeading(line: string): boolean {
  const letters = line.match(/\p{L}/gu) ?? [];
  return letters.length >= 2 && !/\p{Ll}/u.test(line) && line.length <= 120;
}

/**
 * Parses a post exported as plain text from the old blog: an optional section label ("Blog"),
 * the title, paragraphs, headings in capitals, and a closing "Calendar 18. juni 2014" date line.
 */
export function parsePlainTextPost(
  text: string,
  linkRules: readonly LinkRule[] = OLD_BLOG_LINK_RULES,
): ParsedPost {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((line, index) => ({ text: line.trim(), number: index + 1 }))
    .filter((line) => line.text !== '');

  if (lines[0] && SECTION_LABELS.has(lines[0].text)) lines.shift();
  const titleLine = lines.shift();
  if (!titleLine) throw new PostParseError('The post has no title line');

  const dateLine = lines.at(-1);
  const dateMatch = dateLine ? DATE_LINE.exec(dateLine.text) : null;
  if (!dateLine || !dateMatch) {
    throw new PostParseError(
      'The post does not end in a date line such as "Calendar 18. juni 2014"',
      dateLine?.number,
    );
  }
  const date = parseDanishDate(dateMatch[1]!);
  if (!date) throw new PostParseError(`Not a Danish date: "${dateMatch[1]}"`, dateLine.number);
  lines.pop();

  const body: Block[] = lines.map((line): Block =>
    isHeading(line.text)
      ? { type: 'heading', level: 2, children: [{ type: 'text', text: line.text }] }
      : { type: 'paragraph', children: linkify(line.text, linkRules) },
  );
  if (!body.some((block) => block.type === 'paragraph'))
    throw new PostParseError('The post has no paragraphs');

  const firstParagraph = lines.find((line) => !isHeading(line.text))!.text;
  return {
    title: titleLine.text,
    slug: slugify(titleLine.text),
    date,
    excerpt: openingWords(firstParagraph),
    body,
  };
}

/** Splits a paragraph into text and link nodes at the first match of each rule. */
function linkify(text: string, rules: readonly LinkRule[]): InlineNode[] {
  let nodes: InlineNode[] = [{ type: 'text', text }];
  for (const rule of rules) {
    nodes = nodes.flatMap((node) => {
      if (node.type !== 'text') return [node];
      const match = rule.pattern.exec(node.text);
      if (!match || match[1] === undefined) return [node];
      const start = match.index + match[0].indexOf(match[1]);
      const end = start + match[1].length;
      const parts: InlineNode[] = [];
      if (start > 0) parts.push(textNode(node.text.slice(0, start)));
      parts.push({ type: 'link', url: rule.href, children: [textNode(match[1])] });
      if (end < node.text.length) parts.push(textNode(node.text.slice(end)));
      return parts;
    });
  }
  return nodes;
}

function textNode(text: string): TextNode {
  return { type: 'text', text };
}
