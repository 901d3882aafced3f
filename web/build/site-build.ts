import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import node from '@astrojs/node';
import { build } from 'astro';
import type { CmsConnection } from '../src/lib/cms-client.ts';
import { imagesWithoutAlt, nextScheduled, resetPageRegistry } from '../src/lib/page-registry.ts';
import { setBuildId } from '../src/lib/build-id.ts';
import { previewRoutes } from '../src/preview/integration.ts';
import { keepPrerenderApp } from './prerender-app.ts';
import { setShareCardOutputKept, shareCardFiles } from '../src/share-card/integration.ts';
import { syncSessionIntegration } from '../src/sync/loaders.ts';
import { describeSync } from '../src/sync/report.ts';
import { SyncSession } from '../src/sync/session.ts';
import { webDir } from './paths.ts';
import { countPages, type SiteBuildResult } from './site-output.ts';
import { siteSettings } from '../src/site-settings.ts';

export interface BuildOptions {
  /** Also build the on-demand preview routes (served by the site server). */
  preview?: boolean;
  /** Ignore the last sync point and fetch everything again. */
  force?: boolean;
  /** Astro logs errors only (the build workers' warm-up). */
  quiet?: boolean;
  /** Astro's cache (content store, incremental build) when not the configured one. */
  cacheDir?: string;
  /**
   * Renders into a directory that keeps the last build's output (the site server's render
   * directory): pages whose cache key and code are unchanged are left as they are, not restored.
   */
  keepOutput?: boolean;
  /** Called when the content is synced and Astro starts writing the site. */
  onRenderStart?: () => void;
  log?: (line: string) => void;
}

/**
 * Astro's part of a build: syncs the content and renders the pages into an empty or new directory.
 * `null` instead of a CMS builds from the local files in SITE_CONTENT_DIR (the benchmark's floor;
 * see src/content.config.ts).
 */
export async function astroBuild(
  cms: CmsConnection | null,
  outDir: string,
  options: BuildOptions = {},
): Promise<SiteBuildResult & { outputFiles: Set<string> }> {
  const log = options.log ?? console.log;
  const started = Date.now();
  const buildId = randomUUID();
  const settings = siteSettings();
  if (!cms && !settings.contentDir)
    throw new Error('Nothing to build from: no CMS connection and no SITE_CONTENT_DIR.');
  Object.assign(process.env, {
    // The pages (media addresses) and the preview routes read the CMS from the site's settings.
    CMS_URL: cms?.url ?? '',
    CMS_TOKEN: cms?.token ?? '',
    ASTRO_TELEMETRY_DISABLED: '1',
    // A build is a production build, whatever the calling process runs as (tests set NODE_ENV=test).
    NODE_ENV: 'production',
  });
  log(`Building the site from ${cms?.url ?? settings.contentDir} …`);
  // Astro 7 writes its prerender entry under the working directory, not `root`, and resolves the
  // site's packages from there (docs/architecture.md, "Astro internals").
  process.chdir(webDir);
  resetPageRegistry();
  // The build id the synced content must carry (see getSite in src/lib/content.ts).
  setBuildId(cms ? buildId : null);
  setShareCardOutputKept(options.keepOutput ?? false);
  const session = cms ? new SyncSession({ cms, buildId, force: options.force ?? false }) : null;
  void session?.syncState(); // asked now, it arrives while Astro starts up
  // Every file of the site as Astro made or kept it in this build (its pages and endpoints).
  const outputFiles = new Set<string>();
  try {
    await build({
      root: webDir,
      outDir,
      // Astro's incremental build (astro.config.ts) skips unchanged pages; --force renders all.
      force: options.force ?? false,
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.keepOutput ? { vite: { build: { emptyOutDir: false } } } : {}),
      logLevel: options.quiet ? 'error' : settings.buildLogLevel,
      // Astro's log, with the pages an incremental build kept counted instead of listed.
      logger: {
        entrypoint: path.join(webDir, 'build', 'build-log.ts'),
        config: { level: options.quiet ? 'error' : settings.buildLogLevel },
      },
      integrations: [
        ...(session ? [syncSessionIntegration(session)] : []),
        // The site server's build: the same static pages plus on-demand draft previews.
        ...(options.preview ? [previewRoutes()] : []),
        // Its worker renders the next publishes with the code this build loaded (hot-render.ts).
        ...(options.preview && options.keepOutput && cms ? [keepPrerenderApp()] : []),
        ...(options.onRenderStart
          ? [{ name: 'blog:render-start', hooks: { 'astro:build:start': options.onRenderStart } }]
          : []),
        {
          name: 'blog:output-files',
          hooks: {
            'astro:build:done': ({ assets }) => {
              for (const urls of assets.values())
                for (const url of urls) outputFiles.add(fileURLToPath(url));
            },
          },
        },
      ],
      ...(options.preview ? { adapter: node({ mode: 'middleware' }) } : {}),
    });
    // The share cards are files of the build too, written or kept after the pages.
    for (const file of shareCardFiles().files) outputFiles.add(file);
  } finally {
    setBuildId(null); // previews rendered later in this process are no build's
  }
  const clientDir = fs.existsSync(path.join(outDir, 'client'))
    ? path.join(outDir, 'client')
    : outDir;
  const serverEntry = path.join(outDir, 'server', 'entry.mjs');
  // (A render directory that keeps output is counted by its caller, from its manifest.)
  const counts = options.keepOutput
    ? { pages: 0, posts: 0, opinions: 0, authors: 0, tags: 0 }
    : countPages(clientDir);
  const sync = session?.report() ?? null;
  if (sync) log(describeSync(sync));
  return {
    outDir,
    clientDir,
    serverEntry: fs.existsSync(serverEntry) ? serverEntry : null,
    counts,
    imagesWithoutAlt: imagesWithoutAlt(),
    nextScheduledAt: nextScheduled()?.toISOString() ?? null,
    sync,
    startedAt: started,
    outputFiles,
  };
}
