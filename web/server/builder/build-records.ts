// The builds directory on disk: what a finished build records (so a restart serves it at once),
// the `live` link a web server in front follows, and which builds and objects are kept.
import fs from 'node:fs';
import path from 'node:path';
import type { SyncReport } from '../../src/sync/report.ts';
import { MANIFEST_NAME, readSiteFiles } from '../../build/site-files.ts';
import type { BuildCounts, IncrementalResult } from '../../build/site-output.ts';
import { StaticSite } from '../static-files.ts';
import { WARM_UP_DIR } from './build-workers.ts';
import { KEPT_NAMES, buildsLayout, readRenderState } from './incremental-site.ts';
import { ObjectStore } from './object-store.ts';

export interface LiveBuild {
  id: string;
  dir: string;
  /** The build's files as the server answers them. */
  site: StaticSite;
  /** The build's on-demand (preview) routes, loaded by the build workers. */
  serverEntry: string | null;
  /** Old addresses → current ones (from the build's redirects.json), answered with 301. */
  redirects: Map<string, string>;
  finishedAt: Date;
  durationMs: number;
  counts: BuildCounts;
  /** What the build's content sync did. */
  sync: SyncReport | null;
  /** Who rendered it (absent in the records of older versions). */
  renderedBy?: IncrementalResult['renderedBy'];
}

/** What a finished build records in its directory, so that a restart serves it at once. */
export interface BuildRecord {
  id: string;
  clientDir: string;
  /** The object store with the build's files (relative to the build's directory), if it uses one. */
  objects?: string;
  serverEntry: string | null;
  finishedAt: string;
  durationMs: number;
  counts: BuildCounts;
  sync: SyncReport | null;
  nextScheduledAt: string | null;
  /** Who rendered it (absent in the records of older versions). */
  renderedBy?: IncrementalResult['renderedBy'];
}

/** The record's name: a build directory without it never finished and is removed. */
const RECORD_NAME = 'build.json';

/**
 * `<builds>/live` always names the live build (a symbolic link, swapped in one rename), so that a
 * web server in front can serve `<builds>/live/client` itself (docs/operations.md, "Behind nginx or Caddy").
 */
export const LIVE_LINK = 'live';

/** Written before the switch: a directory with a record is always a complete, good build. */
export function writeBuildRecord(dir: string, record: BuildRecord): void {
  fs.writeFileSync(path.join(dir, RECORD_NAME), JSON.stringify(record));
}

/** A recorded build as the server answers it; the `live` link is pointed at it. */
export function openBuild(buildsDir: string, dir: string, record: BuildRecord): LiveBuild {
  const clientDir = path.join(dir, record.clientDir);
  const site = record.objects
    ? StaticSite.fromObjects(
        clientDir,
        path.join(dir, MANIFEST_NAME),
        path.join(dir, record.objects),
      )
    : StaticSite.load(clientDir, path.join(dir, MANIFEST_NAME));
  // (A build in the object store is linked as a whole tree under site/, kept up to date.)
  pointLiveLink(
    buildsDir,
    record.objects ? path.relative(buildsDir, path.dirname(clientDir)) : record.id,
  );
  return {
    id: record.id,
    dir,
    site,
    serverEntry: record.serverEntry && path.join(dir, record.serverEntry),
    redirects: readRedirects(site),
    finishedAt: new Date(record.finishedAt),
    durationMs: record.durationMs,
    counts: record.counts,
    sync: record.sync,
    ...(record.renderedBy ? { renderedBy: record.renderedBy } : {}),
  };
}

/** The newest complete build in the builds directory (ids sort by time), if there is one. */
export function lastGoodBuild(buildsDir: string): { dir: string; record: BuildRecord } | null {
  const names = fs
    .readdirSync(buildsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !isBuilderFolder(entry.name))
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const name of names) {
    const dir = path.join(buildsDir, name);
    try {
      const record = JSON.parse(fs.readFileSync(path.join(dir, RECORD_NAME), 'utf8'));
      return { dir, record: record as BuildRecord };
    } catch {
      // not a complete build (or not a build at all): the next one is tried
    }
  }
  return null;
}

/**
 * Removes every build but `keep` (and the render directory's last build, which the next one
 * starts from: the live one unless that build could not go live) and those a worker still answers
 * previews from (`inUse`: entry files it loads its pages from on demand); then the objects no kept
 * build names.
 */
export function removeOldBuilds(
  buildsDir: string,
  keep: Array<string | undefined>,
  inUse: string[],
) {
  const rendered = readRenderState(buildsDir)?.build;
  const kept = new Set(
    [...keep, rendered ? path.join(buildsDir, rendered) : undefined].filter((dir): dir is string =>
      Boolean(dir),
    ),
  );
  for (const name of fs.readdirSync(buildsDir)) {
    if (isBuilderFolder(name) || name.startsWith('.')) continue;
    const full = path.join(buildsDir, name);
    if (kept.has(full) || inUse.some((entry) => entry.startsWith(full + path.sep))) continue;
    fs.rmSync(full, { recursive: true, force: true });
  }
  const layout = buildsLayout(buildsDir);
  if (fs.existsSync(layout.objects))
    new ObjectStore(layout.objects).sweep(
      [...kept].map((dir) => readSiteFiles(path.join(dir, MANIFEST_NAME))),
    );
}

/** The builds directory's own entries that are not builds: the live link, the workers' scratch, the store. */
const isBuilderFolder = (name: string) =>
  name === LIVE_LINK || name === WARM_UP_DIR || KEPT_NAMES.has(name);

function pointLiveLink(buildsDir: string, id: string): void {
  const link = path.join(buildsDir, LIVE_LINK);
  const next = `${link}.${process.pid}.next`;
  try {
    fs.rmSync(next, { force: true });
    fs.symlinkSync(id, next);
    fs.renameSync(next, link);
  } catch {
    // a file system without links: only the server itself serves the site
  }
}

function readRedirects(site: StaticSite): Map<string, string> {
  const content = site.read('redirects.json');
  if (!content) return new Map();
  const list = JSON.parse(content.toString('utf8')) as Array<{ from: string; to: string }>;
  return new Map(list.map((redirect) => [redirect.from, redirect.to]));
}
