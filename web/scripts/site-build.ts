import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'astro';
import type { CmsConnection } from '../src/lib/cms-client';
import { webDir } from './paths';

export interface SiteBuildResult {
  outDir: string;
  pages: number;
  durationMs: number;
}

/**
 * Builds the static site from the CMS into outDir. The build goes to a fresh sibling directory
 * first and replaces outDir only when it succeeded, so a failed build never leaves an empty or
 * partial site where the last good one was.
 */
export async function buildSite(cms: CmsConnection, outDir: string, log: (line: string) => void = console.log): Promise<SiteBuildResult> {
  const started = Date.now();
  const buildId = randomUUID();
  const target = path.resolve(outDir);
  const staging = `${target}.building-${buildId.slice(0, 8)}`;

  Object.assign(process.env, {
    CMS_URL: cms.url,
    CMS_TOKEN: cms.token,
    SITE_BUILD_ID: buildId,
    ASTRO_TELEMETRY_DISABLED: '1',
  });
  log(`Building the site from ${cms.url} …`);
  // Parts of Astro's build resolve paths against the working directory, not the root option.
  process.chdir(webDir);
  try {
    await build({ root: webDir, outDir: staging, logLevel: process.env.SITE_BUILD_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceDirectory(staging, target);
  const pages = countFiles(target, (name) => name.endsWith('.html'));
  const durationMs = Date.now() - started;
  log(`Built ${pages} pages into ${target} in ${(durationMs / 1000).toFixed(1)} s`);
  return { outDir: target, pages, durationMs };
}

/** Swaps staging into place with renames, then removes the old directory. */
function replaceDirectory(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  const hadOld = fs.existsSync(target);
  if (hadOld) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

function countFiles(dir: string, match: (name: string) => boolean): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && match(entry.name)).length;
}
