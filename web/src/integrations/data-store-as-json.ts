import fs from 'node:fs';
import path from 'node:path';
import type { AstroIntegration } from 'astro';

const DATA_STORE_MODULE = '\0astro:data-layer-content';
const DATA_FILE = 'data-store.json';

/**
 * Astro 5.18 bundles the synced content (its data store) into the server code as one JavaScript
 * object literal. Rollup then parses a syntax tree as big as the content, and Node compiles it as
 * source: at 10,000 posts (67 MB) importing that module alone took 49 s, and the tree was most of
 * the build's memory. Instead the content is written as a JSON file next to the bundled module,
 * which reads and parses it when it is first imported (JSON.parse: about a second at that size).
 * Astro later stopped emitting an object literal too (withastro/astro#17430).
 */
export function dataStoreAsJson(): AstroIntegration {
  return {
    name: 'blog:data-store-as-json',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build') return; // dev keeps its store elsewhere and small
        const storeFile = new URL(DATA_FILE, config.cacheDir);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'blog:data-store-as-json',
                // Astro's own plugin loads the module first (and fails on a broken store file, naming
                // it); this replaces its code before Rollup parses it.
                transform(_code, id) {
                  if (id !== DATA_STORE_MODULE || !fs.existsSync(storeFile)) return null;
                  return {
                    code: `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(new URL('./${DATA_FILE}', import.meta.url), 'utf8'));`,
                    map: { mappings: '' },
                  };
                },
                // The file goes next to whichever chunk the module ended up in.
                writeBundle(options, bundle) {
                  if (!options.dir || !fs.existsSync(storeFile)) return;
                  for (const output of Object.values(bundle)) {
                    if (output.type === 'chunk' && output.moduleIds.includes(DATA_STORE_MODULE)) {
                      fs.copyFileSync(storeFile, path.join(options.dir, path.dirname(output.fileName), DATA_FILE));
                    }
                  }
                },
              },
            ],
          },
        });
      },
    },
  };
}
