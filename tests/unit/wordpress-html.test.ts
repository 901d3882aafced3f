import { describe, expect, it } from 'vitest';
import { renderBlocks } from '@blog/shared';
import { wordpressToBlocks } from '../../web/import/wordpress';

const text = (value: string, marks: Record<string, boolean> = {}) => ({
  type: 'text',
  text: value,
  ...marks,
});
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });

describe('wordpressToBlocks: the classic editor', () => {
  it('makes paragraphs of blank-line-separated text, and line breaks of single newlines', () => {
    const { blocks } = wordpressToBlocks(
      'Første afsnit fortsætter\npå en ny linje.\n\nAndet afsnit &amp; mere.\n\n\n\nTredje.',
    );
    expect(blocks).toEqual([
      paragraph(text('Første afsnit fortsætter\npå en ny linje.')),
      paragraph(text('Andet afsnit & mere.')),
      paragraph(text('Tredje.')),
    ]);
  });

  it('keeps bold, italic, underline, strikethrough, code and links, nested too', () => {
    const { blocks } = wordpressToBlocks(
      'Et <strong>fedt <em>og skråt</em></strong> ord, <u>understreget</u>, <del>streget</del>, <code>kode</code> og <a href="https://example.dk/side">et <b>link</b></a>.',
    );
    expect(blocks).toEqual([
      paragraph(
        text('Et '),
        text('fedt ', { bold: true }),
        text('og skråt', { bold: true, italic: true }),
        text(' ord, '),
        text('understreget', { underline: true }),
        text(', '),
        text('streget', { strikethrough: true }),
        text(', '),
        text('kode', { code: true }),
        text(' og '),
        {
          type: 'link',
          url: 'https://example.dk/side',
          children: [text('et '), text('link', { bold: true })],
        },
        text('.'),
      ),
    ]);
  });

  it('turns [caption] into an image with its caption, and lists the images used', () => {
    const { blocks, images } = wordpressToBlocks(
      'Før.\n\n[caption id="attachment_34" align="alignnone" width="800"]<img src="https://gammel.example.dk/wp-content/uploads/2014/06/strand.jpg" alt="Klitter" width="800" height="450" /> Stranden ved Skagen[/caption]\n\nEfter.',
    );
    expect(blocks).toEqual([
      paragraph(text('Før.')),
      {
        type: 'image',
        image: {
          url: 'https://gammel.example.dk/wp-content/uploads/2014/06/strand.jpg',
          alternativeText: 'Klitter',
          caption: 'Stranden ved Skagen',
          width: 800,
          height: 450,
        },
        children: [text('')],
      },
      paragraph(text('Efter.')),
    ]);
    expect(images).toEqual(['https://gammel.example.dk/wp-content/uploads/2014/06/strand.jpg']);
  });

  it('converts headings (a first-level one becomes second) and nested lists', () => {
    const { blocks } = wordpressToBlocks(
      '<h1>Stor</h1>\n<h3>Mindre</h3>\n<ol>\n\t<li>Et</li>\n\t<li>To\n<ul>\n\t<li>Indrykket</li>\n</ul>\n</li>\n</ol>',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 2, children: [text('Stor')] },
      { type: 'heading', level: 3, children: [text('Mindre')] },
      {
        type: 'list',
        format: 'ordered',
        children: [
          { type: 'list-item', children: [text('Et')] },
          { type: 'list-item', children: [text('To')] },
          {
            type: 'list',
            format: 'unordered',
            indentLevel: 1,
            children: [{ type: 'list-item', children: [text('Indrykket')] }],
          },
        ],
      },
    ]);
  });

  it('keeps the text of unknown shortcodes and reports them; [embed] becomes a link', () => {
    const { blocks, notes } = wordpressToBlocks(
      '[gallery ids="1,2"]\n\n[highlight color="gul"]Vigtigt[/highlight] punkt.\n\n[embed]https://www.youtube.com/watch?v=abc[/embed]',
    );
    expect(blocks).toEqual([
      paragraph(text('Vigtigt punkt.')),
      paragraph({
        type: 'link',
        url: 'https://www.youtube.com/watch?v=abc',
        children: [text('https://www.youtube.com/watch?v=abc')],
      }),
    ]);
    expect(notes).toEqual([
      'shortcode [gallery] removed, its text kept',
      'shortcode [highlight] removed, its text kept',
      'embed as a link: https://www.youtube.com/watch?v=abc',
    ]);
  });
});

describe('wordpressToBlocks: the block editor (Gutenberg)', () => {
  it('reads blocks by their markup, with HTML whitespace rules, quotes and embeds', () => {
    const { blocks, notes } = wordpressToBlocks(`<!-- wp:paragraph -->
<p>Skrevet i <em>blokeditoren</em>
over to linjer &amp; med et <a href="https://example.dk/kilde">link</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>Sælg det, kunden har <strong>brug</strong> for.</p><p>Anden linje.</p></blockquote>
<!-- /wp:quote -->

<!-- wp:code -->
<pre class="wp-block-code"><code>const x = 1;
if (x &lt; 2) {}</code></pre>
<!-- /wp:code -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc123
</div></figure>
<!-- /wp:embed -->

<!-- wp:image -->
<figure class="wp-block-image"><img src="/wp-content/uploads/a.jpg" alt="A"/><figcaption>Billedtekst</figcaption></figure>
<!-- /wp:image -->`);
    expect(blocks).toEqual([
      paragraph(
        text('Skrevet i '),
        text('blokeditoren', { italic: true }),
        text(' over to linjer & med et '),
        { type: 'link', url: 'https://example.dk/kilde', children: [text('link')] },
        text('.'),
      ),
      {
        type: 'quote',
        children: [
          text('Sælg det, kunden har '),
          text('brug', { bold: true }),
          text(' for.\nAnden linje.'),
        ],
      },
      { type: 'code', children: [text('const x = 1;\nif (x < 2) {}')] },
      paragraph({
        type: 'link',
        url: 'https://www.youtube.com/watch?v=abc123',
        children: [text('https://www.youtube.com/watch?v=abc123')],
      }),
      {
        type: 'image',
        image: {
          url: '/wp-content/uploads/a.jpg',
          alternativeText: 'A',
          caption: 'Billedtekst',
          width: null,
          height: null,
        },
        children: [text('')],
      },
    ]);
    expect(notes).toEqual(['embed as a link: https://www.youtube.com/watch?v=abc123']);
  });
});

describe('wordpressToBlocks: what cannot come over', () => {
  it('never lets scripts, event handlers or javascript: links through, and says what it removed', () => {
    const hostile =
      '<p onclick="alert(1)">Klik <a href="javascript:alert(2)">her</a> <img src="x" onerror="alert(3)"></p><script>alert(4)</script><style>p{}</style><iframe src="javascript:alert(5)"></iframe><form action="/x"><input name="a"></form>';
    const { blocks, notes } = wordpressToBlocks(hostile);
    expect(blocks).toEqual([paragraph(text('Klik her'))]);
    const html = renderBlocks(blocks);
    for (const bad of ['alert', 'onclick', 'onerror', 'javascript', '<script', '<style'])
      expect(html).not.toContain(bad);
    expect(notes).toEqual([
      'an unsafe link kept as text: javascript:alert(2)',
      'an image with an unusable address removed: x',
      'removed <script>',
      'removed <style>',
      'removed <iframe>',
      'removed <form>',
    ]);
  });

  it('degrades a table to a paragraph per row, and reports it', () => {
    const { blocks, notes } = wordpressToBlocks(
      '<table><tr><th>Navn</th><th>Pris</th></tr><tr><td>Kursus</td><td>5.000 kr.</td></tr></table>',
    );
    expect(blocks).toEqual([paragraph(text('Navn · Pris')), paragraph(text('Kursus · 5.000 kr.'))]);
    expect(notes).toEqual(['a table as paragraphs, one per row']);
  });
});

describe('wordpressToBlocks on the export fixture', () => {
  it('converts the old blog’s posts as a reader saw them', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { readWxr } = await import('../../web/import/wordpress');
    const { testsDir } = await import('../helpers/paths');
    const bodies = new Map<number, ReturnType<typeof wordpressToBlocks>>();
    for await (const entry of readWxr(
      fs.createReadStream(path.join(testsDir, 'fixtures', 'wordpress', 'gammel-blog.xml')),
    ))
      if (entry.kind === 'item') bodies.set(entry.item.id, wordpressToBlocks(entry.item.content));

    const seed = bodies.get(12)!;
    expect(seed.blocks.map((block) => block.type)).toEqual([
      'paragraph',
      'paragraph',
      'image',
      'image',
      'heading',
      'list',
      'paragraph',
    ]);
    expect(seed.blocks[1]).toEqual(paragraph(text('Første afsnit fortsætter\npå en ny linje.')));
    expect(seed.blocks[2]).toMatchObject({ image: { caption: 'Stranden ved Skagen' } });
    expect(renderBlocks(seed.blocks)).toContain('<strong>fed</strong>');
    expect(seed.blocks.at(-1)).toEqual(paragraph(text('Kontakt mig gerne for en snak.')));

    const hostile = renderBlocks(bodies.get(50)!.blocks);
    expect(hostile).not.toMatch(/alert|javascript|onclick|<script|<iframe/);
    expect(hostile).toContain('Klik her');
  });
});
