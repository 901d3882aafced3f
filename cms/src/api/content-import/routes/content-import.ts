// The import's two routes (see @blog/shared's content-import.ts). Like every content route they need
// a permission; only the import's own token has them (src/api-tokens.ts).
export default {
  routes: [
    { method: 'POST', path: '/content-import/entries', handler: 'content-import.entries' },
    { method: 'POST', path: '/content-import/media', handler: 'content-import.media' },
  ],
};
