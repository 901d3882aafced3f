// `npm run bench:profile -- --corpus DIR --posts N`: where a publish's time goes. Takes the CMS kept
// by `npm run bench:publish -- --corpus DIR` for N posts, builds the site server's way into
// web/.profile-builds-N (kept: the first run renders everything once), edits the oldest post and
// runs one incremental build in a build-worker stand-in under V8's CPU profiler. Prints the build's
// log; the profile (open it in Chrome's DevTools, Performance) goes to --out. Not a test, no figures kept.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, webDir } from '../helpers/paths';
import { startIncrementalBuilder } from '../helpers/site-build';
import { freePort, startCmsForSite } from '../helpers/site-server';
import { found } from '../helpers/test-cms';
import { syntheticPost } from './corpus';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    posts: { type: 'string', default: '1000' },
    out: { type: 'string', default: path.join(repoRoot, 'profiles') },
  },
});
if (!args.corpus)
  throw new Error('--corpus DIR: the directory `npm run bench:publish -- --corpus DIR` kept');
const cmsDir = path.resolve(args.corpus, `posts-${args.posts}`);
if (!fs.existsSync(path.join(cmsDir, 'data.db')))
  throw new Error(
    `${cmsDir} holds no CMS: run npm run bench:publish -- --posts ${args.posts} --corpus ${args.corpus} first`,
  );
const buildsDir = path.join(webDir, `.profile-builds-${args.posts}`);
const outDir = path.resolve(args.out);
fs.mkdirSync(outDir, { recursive: true });

const cms = await startCmsForSite(
  await freePort(),
  { webhook: 'profile', preview: 'profile' },
  { dir: cmsDir },
);
// Media addresses name the CMS, whose port is new each run: this build renders every page again.
const env = { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL: 'https://blog.example.test' };
try {
  console.log(`Building ${buildsDir} up to the CMS's content (every page, the first time) …`);
  const settling = await startIncrementalBuilder(env, buildsDir);
  console.log(lastLines((await settling.build()).output, 3));
  settling.stop();

  const posts = cms.strapi.documents('api::post.post');
  const [oldest] = await posts.findMany({ status: 'published', sort: 'date:asc', limit: 1 });
  const post = found(oldest, 'a published post');
  await posts.update({
    documentId: post.documentId,
    data: {
      body: [
        { type: 'paragraph', children: [{ type: 'text', text: `Profil ${Date.now()}` }] },
        ...syntheticPost(5).body,
      ],
    },
  });
  await posts.publish({ documentId: post.documentId });

  console.log(`Edited "${post.title}"; building once under the profiler …`);
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${outDir}`,
      path.join(repoRoot, 'tests/helpers/build-incrementally.mjs'),
      buildsDir,
    ],
    { env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  child.stdin.end('build\n'); // one build, then the stand-in ends and the profile is written
  await new Promise((resolve) => child.on('exit', resolve));
  console.log(lastLines(output.replace(/^RESULT .*$/m, ''), 45));
  console.log(
    `\nOne build (with the warm-up before it) in ${Date.now() - started} ms; profile in ${outDir}`,
  );
} finally {
  await cms.strapi.destroy();
}

/** The end of a build's log, without the page lines. */
function lastLines(log: string, count: number): string {
  return log
    .split('\n')
    .filter((line) => !/[├└]─/.test(line) && line.trim())
    .slice(-count)
    .join('\n');
}
