// `npm run build`: the static site into web/dist (or --out DIR). From CMS_URL (+ CMS_TOKEN, or the
// token file the local CMS wrote) when set; otherwise the embedded CMS is started for the build.
// --force ignores the last sync point and fetches all content again.
// The build runs in a child process with a heap limit (scripts/heap-budget.ts); the build's own
// modules are loaded only there.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EmbeddedCms } from './embedded-cms';
import { runUnderHeapBudget } from './heap-budget';

const exitCode = await runUnderHeapBudget();
if (exitCode !== null) process.exit(exitCode);

const { connectionFromEnv } = await import('../src/lib/cms-client');
const { readSiteToken, startEmbeddedCms } = await import('./embedded-cms');
const { defaultOutDir } = await import('./paths');
const { buildSite } = await import('./site-build');

const { values } = parseArgs({ options: { out: { type: 'string' }, force: { type: 'boolean', default: false } } });
const outDir = values.out ? path.resolve(process.cwd(), values.out) : defaultOutDir;

let embedded: EmbeddedCms | undefined;
try {
  let cms = null;
  if (process.env.SITE_CONTENT_DIR) {
    console.log(`Building from the local files in ${process.env.SITE_CONTENT_DIR} (benchmark floor) …`);
  } else if (process.env.CMS_URL) {
    cms = connectionFromEnv({ ...process.env, CMS_TOKEN: process.env.CMS_TOKEN || readSiteToken() });
  } else {
    console.log('CMS_URL is not set: starting the embedded CMS for this build …');
    embedded = await startEmbeddedCms();
    cms = embedded;
  }
  await buildSite(cms, outDir, { force: values.force });
} catch (error) {
  console.error(`\nThe site was not built; the previous build in ${outDir} (if any) is unchanged.\n${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
