// Share cards made once per content: each is kept on disk under a hash of what it shows (and of
// the card's design), so a build from scratch, a code change (Astro renders every page again) and
// `npm run build:site` take the picture from there instead of drawing it anew. The folder is in
// Astro's cache (the integration sets it), which the site server keeps between builds.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CARD_DESIGN, renderShareCard, type ShareCardText } from './render-card.ts';

// A process-wide value, as the build id is (build-id.ts): the endpoint's bundled copy of this
// module must see what the integration set in the config's copy.
const KEY = Symbol.for('blog.share-card-cache');
type Holder = { [KEY]?: string | null };

export function setShareCardCache(dir: string | null): void {
  (globalThis as Holder)[KEY] = dir;
}

/** What a card shows, as a key: the same text and design give the same picture. */
export function cardKey(card: ShareCardText): string {
  return createHash('sha256')
    .update(JSON.stringify([CARD_DESIGN, card]))
    .digest('base64url')
    .slice(0, 32);
}

/**
 * The card's PNG, from the cache when it was drawn before; `warn` is told about characters the
 * card had to leave out.
 */
export async function shareCardPng(
  card: ShareCardText,
  warn: (message: string) => void,
): Promise<Buffer> {
  const dir = (globalThis as Holder)[KEY] ?? null;
  const file = dir && path.join(dir, `${cardKey(card)}.png`);
  if (file) {
    try {
      return await fs.promises.readFile(file);
    } catch {
      // not drawn yet
    }
  }
  const { png, missing } = await renderShareCard(card);
  if (missing.length)
    warn(`The share card of "${card.title}" leaves out ${missing.join(' ')} (not in its fonts)`);
  if (file) {
    // Written whole, then renamed: a build killed half-way leaves no broken picture behind.
    await fs.promises.mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(partial, png);
    await fs.promises.rename(partial, file);
  }
  return png;
}
