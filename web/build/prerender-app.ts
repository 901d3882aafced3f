// Keeps the site's rendering code loaded after an Astro build, so the build worker can render the
// next publish's changed pages itself (server/builder/hot-render.ts) instead of running Astro's
// whole build again: starting Astro, syncing through its content layer and bundling the site with
// Vite cost 3–4 s of every publish whatever changed (docs/architecture.md, "Publish → live").
//
// The code is the app Astro's build loads from its prerender bundle (`.prerender/prerender-entry.*`)
// and renders every static page with. Astro deletes that folder after rendering; a copy is kept so
// that chunks the pages import lazily are still there when a later publish renders them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';

/** What hot-render.ts needs of Astro's build app (a `BuildApp`, astro/dist/core/build/app.js). */
export interface PrerenderApp {
  manifest: { routes: Array<{ routeData: RouteData }> };
  routeCache: { clearAll(): void };
  getComponentByRoute(route: RouteData): Promise<unknown>;
  getOptions(): { settings: { config: AstroConfig } } & Record<string, unknown>;
}

export interface RouteData {
  route: string;
  component: string;
  type: string;
  pathname?: string;
  prerender: boolean;
  isIndex: boolean;
  params: string[];
}

export interface KeptApp {
  app: PrerenderApp;
  /** The build's output directory (the render directory). */
  outDir: string;
  /** The CMS it was built from (the media host is in its config). */
  cmsUrl: string;
  /** Astro's prerender folder, where the app's chunks are imported from. */
  prerenderDir: string;
  /** A copy of that folder, put back while a later publish renders. */
  codeCopy: string;
  /** astro:assets' function that names a resized image (deleted by Astro after its build). */
  addStaticImage: unknown;
  /** The site's own integrations, whose build hooks a later publish runs too. */
  integrations: AstroIntegration[];
}

const KEPT = Symbol.for('blog.prerender-app');
const LOADED = Symbol.for('blog.prerender-apps-loaded');
type Holder = {
  [KEPT]?: KeptApp | null;
  [LOADED]?: Set<PrerenderApp>;
  astroAsset?: Record<string, unknown>;
};
const loaded = () => ((globalThis as Holder)[LOADED] ??= new Set());

/** The app the last build of this process kept, if it kept one. */
export function keptPrerenderApp(): KeptApp | null {
  return (globalThis as Holder)[KEPT] ?? null;
}

/** Renders no more publishes with the kept app (Astro builds the next). */
export function forgetPrerenderApp(): void {
  (globalThis as Holder)[KEPT] = null;
}

/** The integrations named here run their build hooks when hot-render.ts renders a publish. */
export const HOOKS_KEPT_FOR = new Set(['blog:share-cards', 'blog:sitemap']);

/**
 * Keeps the build's app loaded when it is done (a build with on-demand routes, the site server's).
 * At the start of a build in a process that loaded one, its cache of getStaticPaths() is emptied:
 * when the site's code has not changed, Astro's build imports the same chunk files, and Node hands
 * back the modules it already has, with the last build's paths cached in them.
 */
export function keepPrerenderApp(): AstroIntegration {
  let config: AstroConfig | null = null;
  let addStaticImage: unknown = null;
  return {
    name: 'blog:keep-prerender-app',
    hooks: {
      'astro:config:done': ({ config: done }) => {
        config = done;
      },
      'astro:build:start': () => {
        for (const app of loaded()) app.routeCache.clearAll();
        forgetPrerenderApp();
      },
      // The last hook before Astro renders: astro:assets' build functions are in place.
      'astro:build:ssr': () => {
        addStaticImage = (globalThis as Holder).astroAsset?.addStaticImage ?? null;
      },
      'astro:build:generated': async () => {
        if (!config || !addStaticImage) return;
        const prerenderDir = fileURLToPath(new URL('./.prerender/', config.build.server));
        const entry = fs.existsSync(prerenderDir)
          ? fs.readdirSync(prerenderDir).find((name) => /^prerender-entry\..*\.mjs$/.test(name))
          : undefined;
        if (!entry) return;
        // The module Astro rendered with (Node keeps one instance per file).
        const { app } = (await import(pathToFileURL(path.join(prerenderDir, entry)).href)) as {
          app: PrerenderApp;
        };
        loaded().add(app);
        // Every page's module loaded now, while its chunk is still on disk.
        for (const { routeData } of app.manifest.routes)
          if (routeData.prerender) await app.getComponentByRoute(routeData);
        const codeCopy = fileURLToPath(new URL('./prerender-code/', config.cacheDir));
        fs.rmSync(codeCopy, { recursive: true, force: true });
        fs.cpSync(prerenderDir, codeCopy, { recursive: true });
        (globalThis as Holder)[KEPT] = {
          app,
          outDir: fileURLToPath(config.outDir),
          cmsUrl: process.env.CMS_URL ?? '',
          prerenderDir,
          codeCopy,
          addStaticImage,
          integrations: config.integrations.filter(({ name }) => HOOKS_KEPT_FOR.has(name)),
        };
      },
    },
  };
}
