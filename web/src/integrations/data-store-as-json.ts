import fs from 'node:fs';
import type { AstroIntegration } from 'astro';

const DATA_STORE_MODULE = '\0astro:data-layer-content';

/**
 * Astro 5.18 bundles the synced content (its data store) as one JavaScript object literal, which
 * Rollup parses into a syntax tree as big as the content: at 1,000 posts (6.5 MB) that tree was most
 * of the build's memory, and it grows with every post. This emits the same data as one JSON string
 * instead, `JSON.parse("…")`, whose syntax tree is a single literal. Astro itself made the same
 * change later (withastro/astro#17430); drop this when upgrading past it.
 */
export function dataStoreAsJson(): AstroIntegration {
  return {
    name: 'blog:data-store-as-json',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return; // dev keeps its store elsewhere and small
        const storeFile = new URL('data-store.json', config.cacheDir);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'blog:data-store-as-json',
                // Astro's own plugin loads the module first; this replaces its code before Rollup parses it.
                transform(_code, id) {
                  if (id !== DATA_STORE_MODULE || !fs.existsSync(storeFile)) return null;
                  const json = fs.readFileSync(storeFile, 'utf8');
                  JSON.parse(json); // a broken store fails here, naming the file, not inside the bundle
                  return { code: `export default JSON.parse(${JSON.stringify(json)});`, map: { mappings: '' } };
                },
              },
            ],
          },
        });
      },
    },
  };
}
