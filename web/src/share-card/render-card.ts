// A share card: the 1200×630 picture LinkedIn, Facebook and others show for a link to a post or an
// opinion without a cover of its own. Its text (title, author, date, site name) is laid out by
// satori in fonts shipped from npm (Source Serif 4 and Source Sans 3, latin: æ, ø and å included),
// which turns the text into outlines, so sharp makes the PNG without any font of the machine's.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import satori from 'satori';
import sharp from 'sharp';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a card shows. */
export interface ShareCardText {
  title: string;
  /** Above the title: "Holdning" for an opinion; none for a post. */
  kicker?: string | null;
  author?: string | null;
  /** As the site writes dates ("18. juni 2014"). */
  date?: string | null;
  siteName: string;
}

/** Bump when the card's look changes: cached cards of the old look are then made again. */
export const CARD_DESIGN = 1;

const COLORS = { text: '#1d1d1f', muted: '#55575c', accent: '#8a2b0e', bg: '#fdfcfa' };

const require = createRequire(import.meta.url);
const fontFile = (family: string, weight: number) =>
  fs.readFileSync(
    require.resolve(`@fontsource/${family}/files/${family}-latin-${weight}-normal.woff`),
  );
let fonts: Parameters<typeof satori>[1]['fonts'] | null = null;
const loadFonts = () =>
  (fonts ??= [
    { name: 'Source Serif 4', data: fontFile('source-serif-4', 600), weight: 600, style: 'normal' },
    { name: 'Source Sans 3', data: fontFile('source-sans-3', 400), weight: 400, style: 'normal' },
    { name: 'Source Sans 3', data: fontFile('source-sans-3', 600), weight: 600, style: 'normal' },
  ]);

/**
 * A card as PNG, and the characters its fonts have no glyph for (an emoji, Greek): they are left
 * out of the picture rather than drawn as empty boxes.
 */
export async function renderShareCard(
  card: ShareCardText,
): Promise<{ png: Buffer; missing: string[] }> {
  const missing = new Set<string>();
  let svg = await toSvg(card, missing);
  if (missing.size) {
    const strip = (text: string) =>
      [...text]
        .filter((character) => !missing.has(character))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
    svg = await toSvg(
      {
        ...card,
        title: strip(card.title),
        kicker: card.kicker && strip(card.kicker),
        author: card.author && strip(card.author),
        siteName: strip(card.siteName),
      },
      new Set(),
    );
  }
  // A plain PNG: 40–60 KB, and 40 ms a card (a palette would halve the size and take 2.5 times as long).
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, missing: [...missing] };
}

function toSvg(card: ShareCardText, missing: Set<string>): Promise<string> {
  // Satori reads plain { type, props } objects, React's element shape (its types name React's).
  return satori(layout(card) as unknown as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: loadFonts(),
    // Called for text no font covers.
    loadAdditionalAsset: async (_language, segment) => {
      for (const character of segment) if (character.trim()) missing.add(character);
      return [];
    },
  });
}

/** Long titles get a smaller size; satori cuts what still does not fit with an ellipsis. */
function titleSize(title: string): number {
  if (title.length <= 40) return 72;
  if (title.length <= 80) return 60;
  return 50;
}

type Node = { type: string; props: Record<string, unknown> };
const box = (style: Record<string, unknown>, children: unknown): Node => ({
  type: 'div',
  props: { style: { display: 'flex', ...style }, children },
});

function layout(card: ShareCardText): Node {
  const byline = [card.author, card.date].filter(Boolean).join(' · ');
  return box(
    {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      boxSizing: 'border-box',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: '64px 80px',
      background: COLORS.bg,
      borderTop: `16px solid ${COLORS.accent}`,
      fontFamily: 'Source Sans 3',
      color: COLORS.text,
    },
    [
      box(
        { fontSize: 32, fontWeight: 600, color: COLORS.accent, letterSpacing: '0.02em' },
        card.siteName,
      ),
      box({ flexDirection: 'column', flexShrink: 1 }, [
        ...(card.kicker
          ? [box({ fontSize: 30, color: COLORS.muted, marginBottom: 16 }, card.kicker)]
          : []),
        box(
          {
            fontFamily: 'Source Serif 4',
            fontWeight: 600,
            fontSize: titleSize(card.title),
            lineHeight: 1.15,
            // At most four lines; satori ends a longer title with an ellipsis.
            display: 'block',
            lineClamp: 4,
          },
          card.title,
        ),
      ]),
      box({ fontSize: 30, color: COLORS.muted, height: 40, flexShrink: 0 }, byline),
    ],
  );
}
