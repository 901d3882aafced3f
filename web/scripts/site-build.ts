import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import node from '@astrojs/node';
import { build } from 'astro';
import type { CmsConnection } from '../src/lib/cms-client.ts';
import { imagesWithoutAlt, nextScheduled, resetPageRegistry } from '../src/lib/page-registry.ts';
import { previewRoutes } from '../src/preview/integration.ts';
import { syncSessionIntegration } from '../src/sync/loaders.ts';
import { describeSync } from '../src/sync/report.ts';
import { SyncSession } from '../src/sync/session.ts';
import { webDir } from './paths.ts';
import type { PreviousFiles } from './precompress.ts';
import { MANIFEST_NAME } from './site-files.ts';
import { countPages, finishBuild, type SiteBuildResult } from './site-output.ts';
import { siteSettings } from '../src/settings.ts';

export interface BuildOptions {
  /** Also build the on-demand preview routes (served by the site server). */
  preview?: boolean;
  /** Ignore the last sync point and fetch everything again. */
  force?: boolean;
  /** Astro logs errors only (the build workers' warm-up). */
  quiet?: boolean;
  log?: (line: string) => void;
}

/**
 * The whole build into an empty or new directory, the site server's way (in its build worker):
 * Astro's part, the search index, the compressed files and their manifest (site-files.json beside
 * the client directory), reusing what `previous` compressed.
 */
export async function buildInto(
  cms: CmsConnection | null,
  outDir: string,
  options: BuildOptions & { previous?: PreviousFiles | null } = {},
): Promise<SiteBuildResult & { durationMs: number }> {
  const result = await astroBuild(cms, outDir, options);
  const { durationMs, files } = await finishBuild(
    result,
    options.log ?? console.log,
    options.previous ?? null,
  );
  if (result.clientDir !== outDir)
    fs.writeFileSync(path.join(outDir, MANIFEST_NAME), JSON.stringify(files));
  return { ...result, durationMs };
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
): Promise<SiteBuildResult> {
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
  const session = cms ? new SyncSession({ cms, buildId, force: options.force ?? false }) : null;
  void session?.syncState(); // asked now, it arrives while Astro starts up
  await build({
    root: webDir,
    outDir,
    logLevel: options.quiet ? 'error' : settings.buildLogLevel,
    integrations: [
      ...(session ? [syncSessionIntegration(session)] : []),
      // The site server's build: the same static pages plus on-demand draft previews.
      ...(options.preview ? [previewRoutes()] : []),
    ],
    ...(options.preview ? { adapter: node({ mode: 'middleware' }) } : {}),
    // The build id the synced content must carry (see getSite in src/lib/content.ts).
    vite: { define: { __SITE_BUILD_ID__: JSON.stringify(buildId) } },
  });
  const clientDir = fs.existsSync(path.join(outDir, 'client'))
    ? path.join(outDir, 'client')
    : outDir;
  const serverEntry = path.join(outDir, 'server', 'entry.mjs');
  const counts = countPages(clientDir);
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
  };
}
