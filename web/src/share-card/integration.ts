import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { setShareCardCache } from './card-cache.ts';

/** Keeps the share cards (card-cache.ts) in Astro's cache folder, `share-cards/`. */
export function shareCards(): AstroIntegration {
  return {
    name: 'blog:share-cards',
    hooks: {
      'astro:config:done': ({ config }) => {
        setShareCardCache(path.join(fileURLToPath(config.cacheDir), 'share-cards'));
      },
    },
  };
}
