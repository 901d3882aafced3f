import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { renderBlocks } from '@blog/shared';

const text = (value: string, marks: Record<string, boolean> = {}) => ({
  type: 'text',
  text: value,
  ...marks,
});
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });

describe('renderBlocks: every block type', () => {
  it('renders paragraphs, headings of each level, quotes and code', () => {
    const html = renderBlocks([
      paragraph(text('Et afsnit.')),
      ...[1, 2, 3, 4, 5, 6].map((level) => ({
        type: 'heading',
        level,
        children: [text(`Niveau ${level}`)],
      })),
      { type: 'quote', children: [text('Et citat')] },
      { type: 'code', language: 'js', children: [text('const a = 1 < 2;')] },
    ]);
    expect(html).toContain('<p>Et afsnit.</p>');
    for (const level of [1, 2, 3, 4, 5, 6])
      expect(html).toContain(`<h${level}>Niveau ${level}</h${level}>`);
    expect(html).toContain('<blockquote><p>Et citat</p></blockquote>');
    expect(html).toContain('<pre><code>const a = 1 &lt; 2;</code></pre>');
  });

  it('renders ordered and unordered lists, nesting a sub-list inside the preceding item', () => {
    const html = renderBlocks([
      {
        type: 'list',
        format: 'unordered',
        children: [
          { type: 'list-item', children: [text('Et')] },
          {
            type: 'list',
            format: 'ordered',
            indentLevel: 1,
            children: [{ type: 'list-item', children: [text('Under')] }],
          },
          { type: 'list-item', children: [text('To')] },
        ],
      },
    ]);
    expect(html).toBe('<ul><li>Et<ol><li>Under</li></ol></li><li>To</li></ul>');
  });

  it('renders images with alt text, size and caption, with media URLs made absolute', () => {
    const html = renderBlocks(
      [
        {
          type: 'image',
          image: {
            url: '/uploads/a.jpg',
            alternativeText: 'En "tavle"',
            width: 800,
            height: 600,
            caption: 'Foto',
          },
        },
      ],
      { mediaBaseUrl: 'https://cms.example.test' },
    );
    const img = parse(html).querySelector('figure img')!;
    expect(img.getAttribute('src')).toBe('https://cms.example.test/uploads/a.jpg');
    expect(img.getAttribute('alt')).toBe('En "tavle"');
    expect(img.getAttribute('width')).toBe('800');
    expect(img.getAttribute('height')).toBe('600');
    expect(parse(html).querySelector('figcaption')!.text).toBe('Foto');
  });

  it('uses the prepared sizes and formats of an image when the page has them, every value escaped', () => {
    const media = {
      url: '/uploads/a.jpg',
      alternativeText: 'Alt" onerror="x',
      width: 800,
      height: 600,
    };
    const html = renderBlocks([{ type: 'image', image: media }], {
      images: (image) =>
        image.url === '/uploads/a.jpg'
          ? {
              src: '/_astro/a.jpg',
              srcset: '/_astro/a-360.jpg 360w, /_astro/a.jpg 800w',
              sizes: '100vw',
              width: 800,
              height: 600,
              sources: [{ type: 'image/avif', srcset: '/_astro/a.avif 800w" onload="x' }],
            }
          : undefined,
    });
    const picture = parse(html).querySelector('figure picture')!;
    expect(picture.querySelector('source')!.attributes).toEqual({
      type: 'image/avif',
      srcset: '/_astro/a.avif 800w" onload="x',
      sizes: '100vw',
    });
    const img = picture.querySelector('img')!;
    expect(img.attributes).toMatchObject({
      src: '/_astro/a.jpg',
      srcset: '/_astro/a-360.jpg 360w, /_astro/a.jpg 800w',
      alt: 'Alt" onerror="x',
      width: '800',
      height: '600',
      loading: 'lazy',
    });
    expect(img.getAttribute('onerror')).toBeUndefined();
  });

  it('nests marks in a fixed order and turns line breaks into <br>', () => {
    const html = renderBlocks([
      paragraph(
        text('alt', { bold: true, italic: true, underline: true, strikethrough: true, code: true }),
        text('a\nb'),
      ),
    ]);
    expect(html).toBe('<p><strong><em><u><s><code>alt</code></s></u></em></strong>a<br>b</p>');
  });

  it('drops empty paragraphs and unknown block types', () => {
    expect(
      renderBlocks([paragraph(text('')), { type: 'iframe', url: 'https://x.test' }, 'junk', null]),
    ).toBe('');
  });
});

describe('renderBlocks: links', () => {
  const link = (url: string) =>
    renderBlocks([paragraph({ type: 'link', url, children: [text('klik')] })]);

  it.each([
    'https://example.test/a?b=1&c=2',
    'http://example.test',
    'mailto:a@example.test',
    'tel:+4512345678',
    '/holdninger/',
    '#kontakt',
  ])('keeps the allowed link %s', (url) => {
    const a = parse(link(url)).querySelector('a');
    expect(a?.getAttribute('href')).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\u0000script:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example.test/',
    '/\\evil.example.test',
    'relative/path',
  ])('drops the link %j but keeps its words', (url) => {
    const html = link(url);
    expect(parse(html).querySelector('a')).toBeNull();
    expect(html).toBe('<p>klik</p>');
  });

  it('makes site-relative links absolute when a site URL is given (for feeds)', () => {
    const html = renderBlocks(
      [paragraph({ type: 'link', url: '/holdninger/', children: [text('her')] })],
      { siteUrl: 'https://blog.example.test/' },
    );
    expect(html).toBe('<p><a href="https://blog.example.test/holdninger/">her</a></p>');
  });
});

describe('renderBlocks: hostile input', () => {
  it('escapes markup in text, so a <script> is text and not an element', () => {
    const html = renderBlocks([
      paragraph(text('<script>alert("x")</script><img src=x onerror=alert(1)>')),
    ]);
    const root = parse(html);
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('p')!.text).toBe(
      '<script>alert("x")</script><img src=x onerror=alert(1)>',
    );
  });

  it('escapes quotes in attributes, so a URL cannot add an attribute', () => {
    const html = renderBlocks([
      paragraph({
        type: 'link',
        url: 'https://x.test/" onmouseover="alert(1)',
        children: [text('x')],
      }),
    ]);
    const a = parse(html).querySelector('a')!;
    expect(a.getAttribute('onmouseover')).toBeUndefined();
    expect(a.getAttribute('href')).toBe('https://x.test/" onmouseover="alert(1)');
  });

  it('escapes markup in headings, link text, image alt text and captions', () => {
    const evil = '<b onclick="x()">';
    const html = renderBlocks([
      { type: 'heading', level: 2, children: [text(evil)] },
      paragraph({ type: 'link', url: '/a/', children: [text(evil)] }),
      { type: 'image', image: { url: '/uploads/x.png', alternativeText: evil, caption: evil } },
    ]);
    expect(parse(html).querySelectorAll('b')).toHaveLength(0);
    expect(html).not.toContain('<b');
  });

  it('clamps heading levels and ignores non-boolean marks and malformed nodes', () => {
    const html = renderBlocks([
      { type: 'heading', level: 99, children: [text('x')] },
      { type: 'heading', level: -3, children: [text('y')] },
      paragraph(
        text('z', { bold: 'yes' } as never),
        { type: 'text' },
        { type: 'link', url: 5, children: 'nope' },
      ),
    ]);
    expect(html).toBe('<h6>x</h6>\n<h1>y</h1>\n<p>z</p>');
  });

  it('removes control characters that are not allowed in HTML or XML', () => {
    expect(renderBlocks([paragraph(text('a\u0000b\u0007c\u001Fd'))])).toBe('<p>abcd</p>');
  });

  it('returns an empty string for anything that is not a list of blocks', () => {
    expect(renderBlocks(null)).toBe('');
    expect(renderBlocks('<script>')).toBe('');
    expect(renderBlocks({ type: 'paragraph' })).toBe('');
  });
});
