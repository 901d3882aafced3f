// `npm run build:site`: the static site into web/dist (or --out DIR). From CMS_URL (+ CMS_TOKEN, or the
// token file the local CMS wrote) when set; otherwise the embedded CMS is started for the build.
// --force ignores the last sync point and fetches all content again; --report FILE writes what the
// build did (page counts, the content sync collection by collection) to FILE as JSON.
// Two processes, so that their memory never adds up: a child under the heap budget
// (build/heap-budget.ts) syncs the content and renders the pages into a staging directory (this
// script again, with --stage-into); once it has exited, this small parent indexes the pages for
// search and swaps them into place. A failed build leaves the last good site untouched.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runUnderHeapBudget } from '../build/heap-budget.ts';
import { defaultOutDir } from '../build/paths.ts';
import { siteSetting, siteSettings } from '../src/site-settings.ts';
import {
  finishBuild,
  replaceDirectory,
  stagingDirFor,
  type SiteBuildResult,
} from '../build/site-output.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    report: { type: 'string' },
    'stage-into': { type: 'string' },
  },
});
const outDir = values.out ? path.resolve(process.cwd(), values.out) : defaultOutDir;
const notBuilt = (message: string) =>
  console.error(
    `\nThe site was not built; the previous build in ${outDir} (if any) is unchanged.\n${message}`,
  );

if (values['stage-into']) await renderInto(values['stage-into']);
else await build();

/** The parent: the render step in a child, then search indexing and the swap here. */
async function build(): Promise<void> {
  const staging = stagingDirFor(outDir);
  try {
    siteSettings(); // a bad setting fails now, not after the whole render
    const { code, result } = await runUnderHeapBudget<SiteBuildResult>([
      ...process.argv.slice(2),
      '--stage-into',
      staging,
    ]);
    if (code !== 0 || !result) {
      process.exitCode = code || 1; // the child said why
      return;
    }
    // The pages compressed by the last build and unchanged since are not compressed again.
    const previous = fs.existsSync(outDir) ? { clientDir: outDir, files: null } : null;
    const { durationMs } = await finishBuild({ ...result, outDir }, console.log, previous);
    replaceDirectory(staging, outDir);
    if (values.report)
      fs.writeFileSync(
        path.resolve(process.cwd(), values.report),
        `${JSON.stringify({ ...result, outDir, clientDir: outDir, durationMs }, null, 2)}\n`,
      );
  } catch (error) {
    notBuilt((error as Error).message);
    process.exitCode = 1;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The child: content sync and pages into the staging directory; the result goes to the parent. */
async function renderInto(staging: string): Promise<void> {
  const { configuredCms, startEmbeddedCms } = await import('../local-cms/embedded-cms.ts');
  const { astroBuild } = await import('../build/site-build.ts');
  let embedded: import('../local-cms/embedded-cms.ts').EmbeddedCms | undefined;
  try {
    const contentDir = siteSetting('contentDir');
    let cms = contentDir ? null : configuredCms();
    if (contentDir) {
      console.log(`Building from the local files in ${contentDir} (benchmark floor) …`);
    } else if (!cms) {
      console.log('CMS_URL is not set: starting the embedded CMS for this build …');
      embedded = await startEmbeddedCms();
      cms = embedded;
    }
    const result: Partial<Awaited<ReturnType<typeof astroBuild>>> = await astroBuild(cms, staging, {
      force: values.force,
    });
    delete result.outputFiles; // a Set: not for the message, and the parent does not need it
    await new Promise<void>((resolve, reject) =>
      process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    notBuilt((error as Error).message);
    process.exitCode = 1;
  } finally {
    await embedded?.stop();
    process.disconnect?.(); // the channel to the parent would keep this process alive
  }
}
