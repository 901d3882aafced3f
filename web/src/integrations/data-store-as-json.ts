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
                // Runs before Astro's own load of the module ('pre' order), which would read the
                // store, parse it and print it as a JavaScript literal: at 10,000 posts several
                // hundred MB at once, for code that would be replaced anyway.
                load: {
                  order: 'pre',
                  handler(id) {
                    if (id !== DATA_STORE_MODULE || !fs.existsSync(storeFile)) return null;
                    return {
                      code: [
                        `import { readFileSync } from 'node:fs';`,
                        `const file = new URL('./${DATA_FILE}', import.meta.url);`,
                        `let data;`,
                        `try { data = JSON.parse(readFileSync(file, 'utf8')); }`,
                        `catch (error) { throw new Error('The content store ' + file.pathname + ' cannot be read: ' + error.message + ' (build again).'); }`,
                        `export default data;`,
                      ].join('\n'),
                      map: { mappings: '' },
                    };
                  },
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
