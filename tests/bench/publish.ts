// `npm run bench:publish`: publish-to-live latency, from the publish call in the CMS to the new page
// being served by the site server, for the seed site and for 1,000 posts. Medians of several runs;
// the figures go to tests/bench/results/publish.json and the README. Not a test: nothing here asserts.
import fs from 'node:fs';
import path from 'node:path';
import { syntheticPost } from './corpus';
import { webDir } from '../helpers/paths';
import {
  freePort,
  settledStatus,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  waitFor,
} from '../helpers/site-server';
import { machine, median, writeReadmeSection, writeResult } from './report';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const SCENARIOS = [
  { name: 'seed site', posts: 0, target: 5000 },
  { name: 'seed + 1,000 posts', posts: 1000, target: 15000 },
];
const SECRETS = { webhook: 'bench-webhook-secret', preview: 'bench-preview-secret' };

interface ScenarioResult {
  name: string;
  posts: number;
  targetMs: number;
  runsMs: number[];
  medianMs: number;
  firstBuildMs: number;
}

async function scenario(name: string, extraPosts: number, target: number): Promise<ScenarioResult> {
  console.log(`\n== ${name}: ${RUNS} publishes`);
  const sitePort = await freePort();
  const cms = await startCmsForSite(sitePort, SECRETS);
  const posts = cms.strapi.documents('api::post.post');
  if (extraPosts > 0) {
    console.log(`Creating ${extraPosts} published posts …`);
    for (let i = 1; i <= extraPosts; i++) {
      await posts.create({ data: syntheticPost(i), status: 'published' });
      if (i % 250 === 0) console.log(`  ${i}/${extraPosts}`);
    }
  }
  const buildsDir = path.join(webDir, `.test-builds-bench-${process.pid}`);
  const started = Date.now();
  const site = await startSiteServer(siteServerEnv(cms, SECRETS, buildsDir), sitePort);
  const firstBuildMs = Date.now() - started;
  console.log(`First build (full sync) served after ${(firstBuildMs / 1000).toFixed(1)} s`);

  const runsMs: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      // As an editor publishes: not within seconds of the last build, whose worker has made way for
      // a warmed-up successor by then.
      await settledStatus(site);
      const title = `Benchmark-indlæg ${run} ${Date.now()}`;
      const t0 = Date.now();
      // No date, as an editor publishes: the CMS dates it now (a synthetic date lies far in the future: scheduled).
      const post = await posts.create({
        data: { ...syntheticPost(100_000 + run), title, date: undefined },
        status: 'published',
      });
      const pageUrl = `${site.url}/blog/${post.slug}/`;
      await waitFor(
        `${pageUrl} to be served`,
        async () => (await fetch(pageUrl)).status === 200,
        120_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\nThe site server said:\n${site.output().slice(-4000)}`);
      });
      runsMs.push(Date.now() - t0);
      console.log(`  run ${run}: ${runsMs.at(-1)} ms`);
    }
  } finally {
    await site.stop();
    await cms.destroy();
    fs.rmSync(buildsDir, { recursive: true, force: true });
    fs.rmSync(cms.dir, { recursive: true, force: true });
  }
  const result = {
    name,
    posts: extraPosts + 1,
    targetMs: target,
    runsMs,
    medianMs: median(runsMs),
    firstBuildMs,
  };
  console.log(`${name}: median ${result.medianMs} ms (target ≤ ${target} ms)`);
  return result;
}

const results: ScenarioResult[] = [];
for (const { name, posts, target } of SCENARIOS) results.push(await scenario(name, posts, target));

const report = {
  benchmark: 'publish-to-live',
  date: new Date().toISOString(),
  machine: machine(),
  runsPerScenario: RUNS,
  results,
};
writeResult('publish.json', report);

const table = [
  '| site | posts | median publish → live | runs (ms) | target | first full build |',
  '|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.posts} | **${(r.medianMs / 1000).toFixed(1)} s** | ${r.runsMs.join(', ')} | ≤ ${r.targetMs / 1000} s ${r.medianMs <= r.targetMs ? '✓' : '✗'} | ${(r.firstBuildMs / 1000).toFixed(1)} s |`,
  ),
  '',
  `Measured ${report.date.slice(0, 10)} on ${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}; ${RUNS} publishes each. Rerun: \`npm run bench:publish\`.`,
].join('\n');
writeReadmeSection('bench:publish', table);
console.log(`\n${table}`);
process.exit(0);
