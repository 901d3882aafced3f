// `npm run bench:lighthouse`: Lighthouse in Debian's Chromium against the real site server, one page of each
// type, for the four category scores and the page weights (HTML, CSS, JS, images, other; gzip).
// Targets: 100 in every category, no JS on content pages, the seed post ≤ 20 KB HTML+CSS gzipped.
// A benchmark, not a test: it reports, it does not fail. Writes tests/bench/results/lighthouse.{json,md}
// and the summary in docs/benchmarks.md.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { CHROMIUM, hasChromium, noChromiumReason } from '../helpers/browser';
import { webDir } from '../helpers/paths';
import { freePort, startSiteServer } from '../helpers/site-server';
import { found, startTestCms } from '../helpers/test-cms';
import { addTestImage } from '../helpers/test-media';
import { installedVersion, machine, writeBenchmarksSection, writeResult } from './report';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
// Lighthouse's own advice: several runs, report the median one (by FCP and TTI); timings are noisy.
const RUNS = Number(process.env.AUDIT_RUNS || 3);
const SEED_POST = '/blog/ikke-flere-kunder-tak/';
const SEED_POST_BUDGET_KB = 20;
const PAGES: Array<[type: string, path: string]> = [
  ['home', '/'],
  ['post (seed)', SEED_POST],
  ['post with images', '/blog/en-tavle-fuld-af-tal/'],
  ['author', '/forfattere/kim-eksempel/'],
  ['opinions', '/holdninger/'],
  ['opinion', '/holdninger/sig-nej-tak/'],
  ['tag', '/emner/salg/'],
  ['archive', '/arkiv/'],
  ['contact', '/kontakt/'],
  ['search', '/soeg/'],
];
type Kind = 'html' | 'css' | 'js' | 'images' | 'other';

interface PageAudit {
  type: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Audits that did not pass, with Lighthouse's title: what keeps a score under 100. */
  failing: string[];
  /** The median run's Total Blocking Time and Largest Contentful Paint (simulated, ms). */
  tbtMs: number;
  lcpMs: number;
  /** Bytes over the wire with gzip (images as they are): what a reader downloads for the page. */
  weightsGzip: Record<Kind, number>;
  requests: number;
}

if (!hasChromium) {
  console.error(noChromiumReason);
  process.exit(1);
}

console.log('Starting a CMS with the seed content and one post with images …');
const sitePort = await freePort();
Object.assign(process.env, {
  SITE_SERVER_URL: `http://127.0.0.1:${sitePort}`,
  SITE_WEBHOOK_SECRET: 'audit-webhook',
  PREVIEW_SECRET: 'audit-preview',
});
const cms = await startTestCms();
const cover = await addTestImage(cms, {
  name: 'tavle',
  width: 1600,
  height: 1000,
  format: 'jpeg',
  alt: 'Tavle med salgstal',
});
const figure = await addTestImage(cms, {
  name: 'graf',
  width: 900,
  height: 600,
  format: 'png',
  alt: 'Graf over kundetilgang',
});
const author = found(
  (await cms.strapi.documents('api::author.author').findMany({ status: 'published' }))[0],
  'the seeded author',
);
await cms.strapi.documents('api::post.post').create({
  data: {
    title: 'En tavle fuld af tal',
    author: author.documentId,
    cover: cover.file.id,
    excerpt: 'Et indlæg med et forsidebillede og en figur i teksten.',
    body: [
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Tallene på tavlen fortæller, hvilke kunder der betaler sig.' },
        ],
      },
      figure.block,
      {
        type: 'paragraph',
        children: [{ type: 'text', text: 'Grafen viser kundetilgangen måned for måned.' }],
      },
    ],
  },
  status: 'published',
});

const buildsDir = path.join(webDir, `.test-builds-audit-${process.pid}`);
console.log('Building the site and starting the site server …');
const site = await startSiteServer(
  {
    CMS_URL: cms.url,
    CMS_TOKEN: cms.token,
    SITE_WEBHOOK_SECRET: 'audit-webhook',
    PREVIEW_SECRET: 'audit-preview',
    SITE_BUILDS_DIR: buildsDir,
  },
  sitePort,
);
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

// A baseline: a nearly empty page from a bare server, scored the same way. What it loses, the
// machine and browser lose, not the site.
const BASELINE_HTML =
  '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tom side</title><meta name="description" content="En næsten tom side."></head><body><main><h1>Tom side</h1><p>Intet andet.</p></main></body></html>';
const baseline = http.createServer((_req, res) =>
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(BASELINE_HTML),
);
await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;

const audits: PageAudit[] = [];
let benchmarkIndex = 0;
try {
  const targets: Array<[type: string, path: string, origin: string]> = [
    ...PAGES.map(([type, pagePath]): [string, string, string] => [type, pagePath, site.url]),
    ['baseline: an empty page', '/', baselineUrl],
  ];
  for (const [type, pagePath, origin] of targets) {
    process.stdout.write(`Lighthouse ${type} (${pagePath}) … `);
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      runs.push(
        (await lighthouse(`${origin}${pagePath}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        }))!.lhr,
      );
    }
    const lhr: (typeof runs)[number] = computeMedianRun(runs);
    const scores = Object.fromEntries(
      CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]),
    ) as PageAudit['scores'];
    const failing = CATEGORIES.flatMap((id) =>
      (lhr.categories[id]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${id}: ${lhr.audits[ref.id]!.title}`),
    );
    const items = (
      (
        lhr.audits['network-requests']?.details as {
          items?: Array<{ url: string; resourceType?: string }>;
        }
      )?.items ?? []
    ).filter((item) => item.url.startsWith(origin));
    const weightsGzip: PageAudit['weightsGzip'] = { html: 0, css: 0, js: 0, images: 0, other: 0 };
    for (const item of items) {
      const body = Buffer.from(await (await fetch(item.url)).arrayBuffer());
      const kind = kindOf(item.resourceType);
      weightsGzip[kind] += kind === 'images' ? body.length : gzipSync(body).length;
    }
    const tbtMs = Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0);
    const lcpMs = Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0);
    audits.push({
      type,
      path: pagePath,
      scores,
      failing,
      tbtMs,
      lcpMs,
      weightsGzip,
      requests: items.length,
    });
    benchmarkIndex = lhr.environment.benchmarkIndex;
    console.log(CATEGORIES.map((id) => scores[id]).join(' / '));
    for (const line of failing) console.log(`    ${line}`);
  }
} finally {
  await chrome.kill();
  baseline.close();
  await site.stop();
  await cms.destroy();
  cover.remove();
  figure.remove();
  fs.rmSync(buildsDir, { recursive: true, force: true });
  fs.rmSync(cms.dir, { recursive: true, force: true });
}

function kindOf(resourceType: string | undefined): Kind {
  if (resourceType === 'Document') return 'html';
  if (resourceType === 'Stylesheet') return 'css';
  if (resourceType === 'Script') return 'js';
  if (resourceType === 'Image') return 'images';
  return 'other'; // the search index and WebAssembly (fetched by the search page)
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const seed = audits.find((audit) => audit.path === SEED_POST)!;
const seedKb = (seed.weightsGzip.html + seed.weightsGzip.css) / 1024;
const sitePages = audits.filter((audit) => !audit.type.startsWith('baseline'));
const contentPagesWithJs = sitePages
  .filter((audit) => audit.type !== 'search' && audit.weightsGzip.js > 0)
  .map((audit) => audit.path);
const all100 = sitePages.every((audit) => CATEGORIES.every((id) => audit.scores[id] === 100));
const report = {
  benchmark: 'lighthouse-audit',
  date: new Date().toISOString(),
  machine: {
    ...machine(),
    chromium: await chromiumVersion(),
    lighthouseBenchmarkIndex: benchmarkIndex,
  },
  runsPerPage: RUNS,
  lighthouse: installedVersion('lighthouse'),
  settings: 'Lighthouse defaults: mobile emulation, simulated throttling',
  targets: {
    everyCategory: 100,
    contentPageJsBytes: 0,
    seedPostHtmlCssGzipKb: SEED_POST_BUDGET_KB,
  },
  summary: { all100, contentPagesWithJs, seedPostHtmlCssGzipKb: Number(seedKb.toFixed(1)) },
  pages: audits,
};
writeResult('lighthouse.json', report);

const table = [
  '| page | performance | accessibility | best practices | SEO | TBT | HTML | CSS | JS | images | other |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...audits.map(
    (audit) =>
      `| ${audit.type} | ${CATEGORIES.map((id) => audit.scores[id]).join(' | ')} | ${audit.tbtMs} ms | ${(['html', 'css', 'js', 'images', 'other'] as const).map((kind) => `${kb(audit.weightsGzip[kind])} KB`).join(' | ')} |`,
  ),
  '',
  `Every category 100: ${all100 ? 'yes ✓' : 'no ✗'}. JS on content pages: ${contentPagesWithJs.length ? contentPagesWithJs.join(', ') + ' ✗' : 'none ✓'}. ` +
    `Seed post HTML+CSS: **${seedKb.toFixed(1)} KB** gzipped (target ≤ ${SEED_POST_BUDGET_KB} KB ${seedKb <= SEED_POST_BUDGET_KB ? '✓' : '✗'}).`,
  '',
  `Weights are gzip sizes (images as served); "other" is the favicon (the search page loads its index once a query is typed). ` +
    `Lighthouse ${report.lighthouse} (mobile, simulated throttling, median of ${RUNS} runs per page) in ${report.machine.chromium}, benchmark index ${benchmarkIndex}, ` +
    `${report.date.slice(0, 10)}, ${report.machine.cpus} cores. Rerun: \`npm run bench:lighthouse\`; every failing audit is listed in tests/bench/results/lighthouse.json.`,
].join('\n');
writeResult('lighthouse.md', `# Lighthouse audit\n\n${table}\n`);
writeBenchmarksSection('lighthouse', table);
console.log(`\n${table}`);
process.exit(0);

async function chromiumVersion(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  return execFileSync(CHROMIUM, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}
