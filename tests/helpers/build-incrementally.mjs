// A stand-in for a build worker (web/server/builder/build-worker.ts): warms up the same way, then
// builds the site server's way (web/server/builder/incremental-site.ts) into a builds directory
// each time a line arrives on stdin, answering each with a line `RESULT <json>` (the result, and
// the manifest the build had when its pages were ready, before its search index: what went live
// first), or `FAILED <message>`. One process builds again and again, so state a build leaves in
// its process shows up here. With --cold it skips the warm-up: the first build is the process's
// first work, as for the equivalence test's reference full builds. Spawned with plain node by startIncrementalBuilder (site-build.ts);
// JavaScript, so that the tests' type check does not reach into the site's Astro modules.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { buildIncrementally } from '../../web/server/builder/incremental-site.ts';
import { warmUp } from '../../web/server/builder/warm-up.ts';

const buildsDir = path.resolve(process.argv[2]);
if (process.argv[3] !== '--cold') await warmUp(path.join(buildsDir, 'warm-up'));
console.log('READY');
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line !== 'build') continue;
  try {
    let early = null;
    const result = await buildIncrementally(
      { url: process.env.CMS_URL, token: process.env.CMS_TOKEN },
      buildsDir,
      path.join(buildsDir, `build-${Date.now()}`),
      {
        preview: true,
        log: (text) => console.log(text),
        onPagesReady: (pages) => {
          early = JSON.parse(fs.readFileSync(path.join(pages.outDir, 'site-files.json'), 'utf8'));
        },
      },
    );
    console.log(`RESULT ${JSON.stringify({ result, early })}`);
  } catch (error) {
    console.log(`FAILED ${String(error?.stack ?? error).replace(/\n/g, ' | ')}`);
  }
}
