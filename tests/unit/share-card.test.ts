import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cardKey, setShareCardCache, shareCardPng } from '../../web/src/share-card/card-cache';
import { renderShareCard } from '../../web/src/share-card/render-card';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-cards-'));
afterAll(() => {
  setShareCardCache(null);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const DANISH = {
  title: 'Æbler, søer og Åge: „hvorfor“ sælgere – også i år – må lære at lytte… først',
  author: 'Ørnulf Ærø-Åberg',
  date: '18. juni 2014',
  siteName: 'Salg med holdning',
};

describe('share cards', () => {
  it('are 1200×630 PNGs under 300 KB, with every Danish letter and mark in their fonts', async () => {
    for (const card of [DANISH, { ...DANISH, title: 'Langt '.repeat(80), kicker: 'Holdning' }]) {
      const { png, missing } = await renderShareCard(card);
      expect(missing).toEqual([]);
      const { format, width, height } = await sharp(png).metadata();
      expect({ format, width, height }).toEqual({ format: 'png', width: 1200, height: 630 });
      expect(png.length).toBeLessThan(300 * 1024);
    }
  });

  it('draw a letter differently from its plain cousin (Å is no A)', async () => {
    const a = await renderShareCard({ ...DANISH, title: 'Aben', author: null });
    const å = await renderShareCard({ ...DANISH, title: 'Åben', author: null });
    expect(Buffer.compare(a.png, å.png)).not.toBe(0);
  });

  it('name what their fonts cannot draw, and leave it out', async () => {
    const { png, missing } = await renderShareCard({ ...DANISH, title: 'Salg 🙂 og Ωmega' });
    expect(missing.sort()).toEqual(['Ω', '🙂'].sort());
    const without = await renderShareCard({ ...DANISH, title: 'Salg og mega' });
    expect(Buffer.compare(png, without.png)).toBe(0);
  });

  it('are drawn once for what they show: the cache answers the same text, new text is drawn', async () => {
    setShareCardCache(cacheDir);
    const warnings: string[] = [];
    const first = await shareCardPng(DANISH, (message) => warnings.push(message));
    const file = path.join(cacheDir, `${cardKey(DANISH)}.png`);
    expect(fs.readFileSync(file)).toEqual(first);
    // A stand-in in the cache is what comes back: the card was not drawn again.
    fs.writeFileSync(file, 'cached');
    expect((await shareCardPng(DANISH, () => {})).toString()).toBe('cached');
    const changed = { ...DANISH, title: `${DANISH.title}!` };
    expect(cardKey(changed)).not.toBe(cardKey(DANISH));
    expect((await shareCardPng(changed, () => {})).subarray(1, 4).toString()).toBe('PNG');
    expect(fs.readdirSync(cacheDir).sort()).toEqual(
      [`${cardKey(DANISH)}.png`, `${cardKey(changed)}.png`].sort(),
    );
    await shareCardPng({ ...DANISH, title: 'Smil 🙂' }, (message) => warnings.push(message));
    expect(warnings).toEqual(['The share card of "Smil 🙂" leaves out 🙂 (not in its fonts)']);
  });
});
