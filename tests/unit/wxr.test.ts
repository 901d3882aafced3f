import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WxrError, readWxr, type WxrEntry } from '../../web/import/wordpress';
import { testsDir } from '../helpers/paths';

const FIXTURE = path.join(testsDir, 'fixtures', 'wordpress', 'gammel-blog.xml');

async function readAll(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<WxrEntry[]> {
  const entries: WxrEntry[] = [];
  for await (const entry of readWxr(chunks)) entries.push(entry);
  return entries;
}

async function* inPieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

const items = (entries: WxrEntry[]) =>
  entries.flatMap((entry) => (entry.kind === 'item' ? [entry.item] : []));

describe('readWxr', () => {
  it('reads the site, its authors and terms, then every item with its fields', async () => {
    const entries = await readAll(fs.createReadStream(FIXTURE));
    expect(entries[0]).toEqual({
      kind: 'site',
      site: {
        title: 'Salg med holdning',
        link: 'https://gammel.example.dk',
        baseUrls: ['https://gammel.example.dk', 'https://gammel.example.dk'],
        version: '1.2',
      },
    });
    const authors = entries.flatMap((entry) => (entry.kind === 'author' ? [entry.author] : []));
    expect(authors.map((author) => [author.login, author.displayName])).toEqual([
      ['kim', 'Kim Ækvator'],
      ['gaest', 'Gæsteskribent'],
    ]);
    const terms = entries.flatMap((entry) => (entry.kind === 'term' ? [entry.term] : []));
    expect(terms.map((term) => [term.taxonomy, term.slug, term.name, term.parent])).toEqual([
      ['category', 'uncategorized', 'Uncategorized', null],
      ['category', 'salg', 'Salg', null],
      ['category', 'salgstraening', 'Salgstræning', 'salg'],
      ['post_tag', 'kunder', 'Kunder', null],
      ['post_tag', 'salg-2', 'salg', null],
      ['nav_menu', 'hovedmenu', 'Hovedmenu', null],
    ]);

    const all = items(entries);
    expect(all.map((item) => [item.id, item.type, item.status])).toEqual([
      [12, 'post', 'publish'],
      [20, 'post', 'publish'],
      [21, 'post', 'draft'],
      [22, 'post', 'pending'],
      [23, 'post', 'private'],
      [24, 'post', 'future'],
      [25, 'post', 'trash'],
      [30, 'page', 'publish'],
      [34, 'attachment', 'inherit'],
      [40, 'nav_menu_item', 'publish'],
      [41, 'revision', 'inherit'],
      [50, 'post', 'publish'],
      [31, 'page', 'publish'],
      [32, 'page', 'publish'],
      [42, 'nav_menu_item', 'publish'],
    ]);
    const first = all[0]!;
    expect(first).toMatchObject({
      title: 'Ikke flere kunder tak.',
      link: 'https://gammel.example.dk/2014/06/18/ikke-flere-kunder-tak/',
      slug: 'ikke-flere-kunder-tak',
      date: '2014-06-18 10:00:00',
      dateGmt: '2014-06-18 08:00:00',
      creator: 'kim',
      excerpt: 'Om kunder, der ikke passer.',
      comments: 2,
      meta: { _thumbnail_id: '34', _edit_last: '1' },
      terms: [
        { taxonomy: 'category', slug: 'salgstraening', name: 'Salgstræning' },
        { taxonomy: 'post_tag', slug: 'kunder', name: 'Kunder' },
      ],
    });
    // CDATA kept exactly: line breaks, shortcodes, markup.
    expect(first.content).toContain('Første afsnit fortsætter\npå en ny linje.');
    expect(first.content).toContain('[caption id="attachment_34"');
    expect(all[1]!.content).toContain('&amp; med et <a href="https://example.dk/kilde">link</a>');
    expect(all.find((item) => item.type === 'attachment')).toMatchObject({
      parentId: 12,
      attachmentUrl: 'https://gammel.example.dk/wp-content/uploads/2014/06/strand.jpg',
      meta: { _wp_attachment_image_alt: 'Klitter og hav ved Skagen' },
    });
    expect(all.find((item) => item.id === 50)!.title).toBe('<script>alert("titel")</script>Farlig');
    expect(first.line).toBeGreaterThan(20);
  });

  it('gives the same entries however the bytes are cut (a Danish letter split across chunks too)', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const whole = await readAll(inPieces(text, 1 << 20));
    for (const size of [1, 7, 4096]) expect(await readAll(inPieces(text, size))).toEqual(whole);
  });

  it('reads WXR 1.1 as well', async () => {
    const text = fs
      .readFileSync(FIXTURE, 'utf8')
      .replaceAll('wordpress.org/export/1.2/', 'wordpress.org/export/1.1/')
      .replace('<wp:wxr_version>1.2</wp:wxr_version>', '<wp:wxr_version>1.1</wp:wxr_version>');
    const entries = await readAll(inPieces(text, 8192));
    expect(entries[0]).toMatchObject({ kind: 'site', site: { version: '1.1' } });
    expect(items(entries)).toHaveLength(15);
  });

  it('refuses malformed XML, naming the line', async () => {
    const text = fs
      .readFileSync(FIXTURE, 'utf8')
      .replace('<wp:post_id>20</wp:post_id>', '<wp:post_id>20</wp:post_idd>');
    const line = text.split('\n').findIndex((row) => row.includes('</wp:post_idd>')) + 1;
    const error = await readAll(inPieces(text, 1000)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WxrError);
    expect((error as WxrError).line).toBe(line);
    expect((error as Error).message).toMatch(
      new RegExp(`^Not well-formed XML: .+ \\(line ${line}\\)$`),
    );
  });

  it('refuses a file that is not a WordPress export, saying why', async () => {
    const rss =
      '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Et feed</title><item><title>A</title></item></channel></rss>';
    await expect(readAll(inPieces(rss, 100))).rejects.toThrow(
      /^Not a WordPress export: its <channel> has no <wp:wxr_version> \(1\.1 or 1\.2\) \(line 2\)$/,
    );
    await expect(readAll(inPieces('<html><body>Hej</body></html>', 100))).rejects.toThrow(
      /^Not a WordPress export: the document is <html>, not <rss> \(line 1\)$/,
    );
    await expect(readAll(inPieces('ikke xml', 100))).rejects.toThrow(/^Not well-formed XML/);
    await expect(readAll([new Uint8Array([0x3c, 0x72, 0xff, 0xfe])])).rejects.toThrow(/not UTF-8/);
  });
});
