import { defineConfig } from 'astro/config';
import { CONTACT_THANKS_PATH } from '@blog/shared';
import { isRedirectPath, lastModified } from './src/lib/page-registry.ts';
import { SITE_URL } from './src/lib/site-url.ts';
import { shareCards } from './src/share-card/integration.ts';
import { sitemap } from './src/sitemap/integration.ts';
import { mediaBaseUrl } from './src/lib/media.ts';
import { siteSetting } from './src/site-settings.ts';

// The site server's builds (npm start, npm run serve) add the draft previews and their adapter
// (build/site-build.ts); `npm run build:site` produces a purely static site.
const cacheDir = siteSetting('cacheDir');

export default defineConfig({
  site: SITE_URL,
  output: 'static',
  // Astro's cache (content store, processed images); the benchmark gives each build kind its own.
  ...(cacheDir ? { cacheDir } : {}),
  trailingSlash: 'always',
  // Stylesheets as files, never inline: the Content-Security-Policy allows no inline code.
  build: { format: 'directory', inlineStylesheets: 'never' },
  // …and scripts and assets as files too (Vite would inline small ones).
  vite: { build: { assetsInlineLimit: 0 } },
  // CMS media is fetched at build time and resized by astro:assets; only the CMS's media host is allowed.
  image: { remotePatterns: mediaHostPatterns() },
  // A build renders again only the pages whose cache key (src/lib/page-keys.ts) or code changed.
  experimental: { incrementalBuild: true },
  // Nothing on the site needs Astro's dev toolbar or telemetry.
  devToolbar: { enabled: false },
  integrations: [
    shareCards(),
    sitemap({
      filter: (page) =>
        !page.endsWith('/404/') &&
        !page.includes('/preview/') &&
        !page.endsWith(CONTACT_THANKS_PATH) &&
        !isRedirectPath(new URL(page).pathname),
      // Pages that know when their content last changed (posts, opinions) say so.
      lastModified,
    }),
  ],
});

function mediaHostPatterns() {
  const base = mediaBaseUrl();
  if (!base) return [];
  const { protocol, hostname, port } = new URL(base);
  return [{ protocol: protocol.replace(':', ''), hostname, ...(port ? { port } : {}) }];
}
