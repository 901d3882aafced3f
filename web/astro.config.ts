import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { previewRoutes } from './src/preview/integration';
import { devContentRefresh } from './src/dev/content-refresh';
import { isRedirectPath, lastModified } from './src/lib/page-registry';
import { SITE_URL } from './src/lib/site-url';
import { mediaBaseUrl } from './src/lib/media';
import { siteSetting } from './src/settings';

// The site server (npm start, npm run serve) builds with SITE_PREVIEW=1: the same static pages plus
// on-demand draft previews. `npm run build` leaves it off and produces a purely static site.
const preview = process.env.SITE_PREVIEW === '1';
const cacheDir = siteSetting('cacheDir');

export default defineConfig({
  site: SITE_URL,
  output: 'static',
  // Astro's cache (content store, processed images); the benchmark gives each build kind its own.
  ...(cacheDir ? { cacheDir } : {}),
  trailingSlash: 'always',
  // Stylesheets as files, never inline: the Content-Security-Policy allows no inline code.
  build: { format: 'directory', inlineStylesheets: 'never' },
  adapter: preview ? node({ mode: 'middleware' }) : undefined,
  // CMS media is fetched at build time and resized by astro:assets; only the CMS's media host is allowed.
  image: { remotePatterns: mediaHostPatterns() },
  // Nothing on the site needs Astro's dev toolbar or telemetry.
  devToolbar: { enabled: false },
  integrations: [
    sitemap({
      filter: (page) =>
        !page.endsWith('/404/') &&
        !page.includes('/preview/') &&
        !isRedirectPath(new URL(page).pathname),
      // Pages that know when their content last changed (posts, opinions) say so.
      serialize: (item) => {
        const changed = lastModified(new URL(item.url).pathname);
        return changed ? { ...item, lastmod: changed.toISOString() } : item;
      },
    }),
    ...(preview ? [previewRoutes()] : []),
    devContentRefresh(),
  ],
});

function mediaHostPatterns() {
  const base = mediaBaseUrl();
  if (!base) return [];
  const { protocol, hostname, port } = new URL(base);
  return [{ protocol: protocol.replace(':', ''), hostname, ...(port ? { port } : {}) }];
}
