// GET /api/site-sync: what the site reads first on every build (see the service). Like every
// content route it needs a permission; only the site's read-only token has it (src/site-token.ts).
export default {
  routes: [{ method: 'GET', path: '/site-sync', handler: 'site-sync.find' }],
};
