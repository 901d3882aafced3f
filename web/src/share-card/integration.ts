import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { setShareCardCache, shareCardPng } from './card-cache.ts';
import { writeShareCards, type CardFiles } from './card-files.ts';
import { registeredShareCards, resetShareCards } from './card-registry.ts';

// Process-wide values, as the build id is: astro.config's copy of this module and the build
// script's copy must see the same.
const FILES = Symbol.for('blog.share-card-files');
const KEPT = Symbol.for('blog.share-card-output-kept');
type Holder = { [FILES]?: CardFiles; [KEPT]?: boolean };
const NONE: CardFiles = { files: [], written: 0, removed: 0, writtenFiles: [], removedFiles: [] };

/** Whether the next builds render into a directory that keeps its files (build/site-build.ts). */
export function setShareCardOutputKept(kept: boolean): void {
  (globalThis as Holder)[KEPT] = kept;
}

/**
 * The share cards: kept in Astro's cache folder, `share-cards/` (card-cache.ts), written into the
 * build's output once its pages are done (card-files.ts), and drawn on request by `astro dev`.
 */
export function shareCards(): AstroIntegration {
  let cacheDir = '';
  return {
    name: 'blog:share-cards',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = path.join(fileURLToPath(config.cacheDir), 'share-cards');
        setShareCardCache(cacheDir);
      },
      'astro:build:start': () => {
        resetShareCards();
        (globalThis as Holder)[FILES] = NONE;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const kept = (globalThis as Holder)[KEPT] ?? false;
        (globalThis as Holder)[FILES] = await writeShareCards(
          registeredShareCards(),
          fileURLToPath(dir),
          kept ? path.join(cacheDir, 'written.json') : null,
          { info: (line) => logger.info(line), warn: (line) => logger.warn(line) },
        );
      },
      // The dev server has no build to write into: it draws a card the pages have told.
      'astro:server:setup': ({ server, logger }) => {
        server.middlewares.use((request, response, next) => {
          const pathname = (request.url ?? '').split('?')[0]!;
          const card = pathname.endsWith('/delekort.png') && registeredShareCards().get(pathname);
          if (!card) return next();
          shareCardPng(card.card, (line) => logger.warn(line)).then(
            (png) => response.writeHead(200, { 'Content-Type': 'image/png' }).end(png),
            next,
          );
        });
      },
    },
  };
}

/** The card files of the last build: all it wrote or kept in its output, and what it changed. */
export function shareCardFiles(): CardFiles {
  return (globalThis as Holder)[FILES] ?? NONE;
}
