// `npm run bench:publish` (-- --posts 1000,10000 --runs 10 --corpus DIR): publish → live, from the
// publish call in the CMS to the page being served by the site server with the change, on sites of
// several sizes. Each size gets a corpus (tests/bench/corpus.ts: posts with authors, tags and
// opinions) in a fresh CMS, or the one kept in --corpus DIR from an earlier run; the site server's
// first build is its full build (time and the peak memory of the server and its build workers).
// Then it alternates the two things an editor does: a new post, and a fix to an old post's text.
// Medians go to tests/bench/results/publish.json and docs/benchmarks.md. Not a test: nothing here asserts.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { webDir } from '../helpers/paths';
import {
  freePort,
  settledStatus,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  waitFor,
} from '../helpers/site-server';
import { found } from '../helpers/test-cms';
import { generateCorpus, syntheticPost } from './corpus';
import { peakRssSampler } from './process-tree';
import { machine, median, resultsDir, writeBenchmarksSection, writeResult } from './report';

const { values: args } = parseArgs({
  options: {
    // Posts beside the seed post, one site per size.
    posts: { type: 'string', default: '0,1000' },
    runs: { type: 'string', default: '10' },
    // Keeps each size's CMS (its database) in DIR/posts-N and reuses it next time.
    corpus: { type: 'string' },
    // Prints the site server's log of the last publish (what the build did, step by step).
    log: { type: 'boolean', default: false },
  },
});
const SIZES = args.posts.split(',').map(Number);
const RUNS = Number(args.runs);
/** Targets by size: the (publish → live that does not grow with the site). */
const targetMs = (posts: number) => (posts >= 10_000 ? 5000 : 3000);
const SECRETS = { webhook: 'bench-webhook-secret', preview: 'bench-preview-secret' };

interface SizeResult {
  posts: number;
  targetMs: number;
  runs: Array<{ kind: 'new post' | 'edit'; ms: number }>;
  medianMs: number;
  newPostMedianMs: number;
  editMedianMs: number;
  fullBuildMs: number;
  fullBuildPeakMb: number;
  /** Memory of the site server and its build workers, settled, after the first and the last publish. */
  memoryMb: { first: number; last: number };
}

async function measure(extraPosts: number): Promise<SizeResult> {
  console.log(`\n== ${extraPosts + 1} posts: ${RUNS} publishes`);
  const sitePort = await freePort();
  const kept = args.corpus ? path.resolve(args.corpus, `posts-${extraPosts}`) : null;
  const reuse = kept !== null && fs.existsSync(path.join(kept, 'data.db'));
  if (kept) fs.mkdirSync(kept, { recursive: true });
  const cms = await startCmsForSite(sitePort, SECRETS, kept ? { dir: kept } : {});
  const posts = cms.strapi.documents('api::post.post');
  if (reuse) {
    console.log(`Reusing the corpus in ${kept}`);
  } else if (extraPosts > 0) {
    console.log(`Writing ${extraPosts} posts into the CMS …`);
    await generateCorpus(cms, extraPosts);
  }
  const count = await posts.count({ status: 'published' });
  console.log(`${count} published posts`);

  const buildsDir = path.join(webDir, `.test-builds-bench-${process.pid}`);
  const samplers: Array<ReturnType<typeof peakRssSampler>> = [];
  const started = Date.now();
  const site = await startSiteServer(siteServerEnv(cms, SECRETS, buildsDir), sitePort, {
    onSpawn: (pid) => samplers.push(peakRssSampler(pid)),
    // A first build at 10,000 posts draws 10,000 share cards.
    firstBuildMs: 30 * 60_000,
  });
  const fullBuildMs = Date.now() - started;
  const fullBuildPeakMb = Math.round((samplers[0]?.stop() ?? 0) / 2 ** 20);
  console.log(
    `Full build (first start) served after ${(fullBuildMs / 1000).toFixed(1)} s, peak ${fullBuildPeakMb} MB`,
  );

  // The posts an editor goes back to: old ones from the corpus (or the seed post).
  const old = await posts.findMany({
    status: 'published',
    fields: ['title', 'slug'],
    sort: 'date:asc',
    limit: RUNS,
  });
  const runs: SizeResult['runs'] = [];
  const memory: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      // As an editor publishes: not within seconds of the last build, whose worker has made way
      // for a warmed-up successor by then.
      await settledStatus(site);
      const kind = run % 2 ? 'new post' : 'edit';
      const marker = `Rettelse ${run} ${Date.now()}`;
      const t0 = Date.now();
      let pageUrl: string;
      if (kind === 'new post') {
        // No date, as an editor publishes: the CMS dates it now.
        const post = await posts.create({
          data: { ...syntheticPost(100_000 + run), title: marker, date: undefined },
          status: 'published',
        });
        pageUrl = `${site.url}/blog/${post.slug}/`;
      } else {
        const post = found(old[(run / 2) % old.length], 'an old post to edit');
        const text = syntheticPost(200_000 + run);
        await posts.update({
          documentId: post.documentId,
          data: {
            excerpt: marker,
            body: [{ type: 'paragraph', children: [{ type: 'text', text: marker }] }, ...text.body],
          },
        });
        await posts.publish({ documentId: post.documentId });
        pageUrl = `${site.url}/blog/${post.slug}/`;
      }
      await waitFor(
        `${pageUrl} to show "${marker}"`,
        async () => {
          const response = await fetch(pageUrl);
          return response.status === 200 && (await response.text()).includes(marker);
        },
        180_000,
        20,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\nThe site server said:\n${site.output().slice(-4000)}`);
      });
      runs.push({ kind, ms: Date.now() - t0 });
      const settled = await settledStatus(site);
      memory.push(settled.memoryMb);
      console.log(
        `  run ${run} (${kind}): ${runs.at(-1)!.ms} ms; build ${settled.lastSuccess?.durationMs ?? '?'} ms; memory ${settled.memoryMb} MB (server ${settled.serverMemoryMb}, worker ${settled.workers.map((worker) => worker.mb).join(' + ')})`,
      );
    }
    if (args.log)
      console.log(`\nThe site server's log of the last publish:\n${lastBuildLog(site.output())}`);
  } finally {
    await site.stop();
    await cms.destroy();
    fs.rmSync(buildsDir, { recursive: true, force: true });
    if (!kept) fs.rmSync(cms.dir, { recursive: true, force: true });
  }
  const of = (kind: string) => median(runs.filter((r) => r.kind === kind).map((r) => r.ms));
  const result: SizeResult = {
    posts: count,
    targetMs: targetMs(extraPosts),
    runs,
    medianMs: median(runs.map((r) => r.ms)),
    newPostMedianMs: of('new post'),
    editMedianMs: of('edit'),
    fullBuildMs,
    fullBuildPeakMb,
    memoryMb: { first: memory[0]!, last: memory.at(-1)! },
  };
  console.log(`${count} posts: median ${result.medianMs} ms (target ≤ ${result.targetMs} ms)`);
  return result;
}

/** The site server's output from the start of its last build. */
function lastBuildLog(output: string): string {
  const from = output.lastIndexOf('Building the site from');
  return from < 0 ? output.slice(-6000) : output.slice(from);
}

const when = new Date().toISOString();
for (const size of SIZES) {
  const result = await measure(size);
  // One file per size: docs/benchmarks.md shows every size measured so far, each from its own run.
  // Named by the corpus size asked for: its publishes add posts, so the count grows run by run.
  writeResult(`publish-${size}.json`, {
    benchmark: 'publish-to-live',
    date: when,
    machine: machine(),
    runs: RUNS,
    result,
  });
}

const measured = fs
  .readdirSync(resultsDir)
  .filter((name) => /^publish-\d+\.json$/.test(name))
  .map(
    (name) =>
      JSON.parse(fs.readFileSync(path.join(resultsDir, name), 'utf8')) as {
        date: string;
        machine: ReturnType<typeof machine>;
        runs: number;
        result: SizeResult;
      },
  )
  .sort((a, b) => a.result.posts - b.result.posts);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const table = [
  '| posts | median publish → live | new post | edit | target | runs (ms) | full build | its peak memory | memory after first / last publish | measured |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...measured.map(
    ({ result: r, date, machine: m }) =>
      `| ${r.posts} | **${seconds(r.medianMs)}** | ${seconds(r.newPostMedianMs)} | ${seconds(r.editMedianMs)} | ≤ ${r.targetMs / 1000} s ${r.medianMs <= r.targetMs ? '✓' : '✗'} | ${r.runs.map((x) => x.ms).join(', ')} | ${seconds(r.fullBuildMs)} | ${r.fullBuildPeakMb} MB | ${r.memoryMb.first} / ${r.memoryMb.last} MB | ${date.slice(0, 10)}, ${m.cpus} cores, Node ${m.node} |`,
  ),
  '',
  `Each size: its own CMS with that many published posts (authors, tags, opinions), the site server's first (full) build, then publishes alternating a new post and an edit to an old post's text, each timed from the publish call until the page shows it. Memory: the site server with its build workers, settled. Rerun: \`npm run bench:publish\` (\`-- --posts 10000 --corpus DIR\`; --runs, --log); figures in tests/bench/results/publish-<posts>.json.`,
].join('\n');
console.log(`\n${table}`);
writeBenchmarksSection('bench:publish', table);
process.exit(0);
