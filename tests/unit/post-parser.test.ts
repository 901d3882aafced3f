import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blocksText,
  parsePlainTextPost,
  PostParseError,
  type Block,
  type LinkNode,
} from '@blog/shared';
import { seedPostFile } from '../helpers/paths';
import { SEED_POST_HEADINGS } from '../helpers/seed-post';

const seedText = fs.readFileSync(seedPostFile, 'utf8');

function links(blocks: Block[]): LinkNode[] {
  const children = blocks.flatMap((block): ReadonlyArray<{ type: string }> =>
    'children' in block ? (block.children ?? []) : [],
  );
  return children.filter((node): node is LinkNode => node.type === 'link');
}

describe('the plain-text post parser on the real first post', () => {
  const post = parsePlainTextPost(seedText);

  it('takes the title from line 3, not the "Blog" section label', () => {
    expect(post.title).toBe('Ikke flere kunder tak.');
    expect(post.slug).toBe('ikke-flere-kunder-tak');
  });

  it('dates the post 18 June 2014, midnight in Copenhagen', () => {
    expect(post.date.toISOString()).toBe('2014-06-17T22:00:00.000Z');
  });

  it('makes the eight lines in capitals section headings, in order', () => {
    const headings = post.body.filter((block) => block.type === 'heading');
    expect(headings.map((heading) => blocksText([heading]))).toEqual(SEED_POST_HEADINGS);
    expect(headings.every((heading) => heading.type === 'heading' && heading.level === 2)).toBe(
      true,
    );
  });

  it('keeps every other non-empty line as a paragraph, word for word', () => {
    const paragraphs = post.body.filter((block) => block.type === 'paragraph');
    expect(paragraphs).toHaveLength(14);
    expect(post.body).toHaveLength(22);
    const sourceLines = seedText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const bodyLines = sourceLines.slice(2, -1); // without "Blog", the title and the date line
    expect(blocksText(post.body).split('\n')).toEqual(bodyLines);
  });

  it('links "Kontakt mig" to the contact page and "her" (in "holdninger her") to the opinions index', () => {
    const found = links(post.body).map((link) => ({
      url: link.url,
      text: blocksText([{ type: 'paragraph', children: link.children }]),
    }));
    expect(found).toEqual([
      { url: '/kontakt/', text: 'Kontakt mig' },
      { url: '/holdninger/', text: 'her' },
    ]);
    const last = post.body.at(-1)!;
    expect(last.type).toBe('paragraph');
    expect(blocksText([last])).toMatch(
      /Kontakt mig gerne for en snak\. Eller tjek flere af mine holdninger\u00a0her Hvem ved/u,
    );
  });

  it('excerpts the opening paragraph', () => {
    expect(post.excerpt.startsWith('Engang for længe siden brugte jeg en formiddag')).toBe(true);
    expect(post.excerpt.length).toBeLessThanOrEqual(160);
  });
});

describe('the plain-text post parser on bad input', () => {
  it('names a missing date line', () => {
    expect(() => parsePlainTextPost('Blog\n\nTitel\n\nEt afsnit.')).toThrow(
      /does not end in a date line.*line 5/,
    );
  });

  it('names an unreadable date', () => {
    expect(() => parsePlainTextPost('Titel\n\nEt afsnit.\n\nCalendar 31. juni 2014')).toThrow(
      PostParseError,
    );
    expect(() => parsePlainTextPost('Titel\n\nEt afsnit.\n\nCalendar 31. juni 2014')).toThrow(
      /Not a Danish date: "31. juni 2014"/,
    );
  });

  it('refuses an empty text and a post without paragraphs', () => {
    expect(() => parsePlainTextPost('')).toThrow(/no title/);
    expect(() => parsePlainTextPost('Titel\n\nOVERSKRIFT\n\nCalendar 18. juni 2014')).toThrow(
      /no paragraphs/,
    );
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const post = parsePlainTextPost(
      '\uFEFFBlog\r\n\r\nTitel\r\n\r\nEt afsnit.\r\n\r\nCalendar 2. marts 2015\r\n',
    );
    expect(post.title).toBe('Titel');
    expect(post.date.toISOString()).toBe('2015-03-01T23:00:00.000Z');
  });
});
