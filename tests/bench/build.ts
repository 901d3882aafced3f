// `npm run bench` (-- --posts 10000 --runs 3): what a CMS-backed build costs over the same site built
// from files. Generates a synthetic Danish corpus straight into a fresh CMS (document service, a
// temporary SQLite file), writes the same content as Markdown/JSON files, then builds both ways,
// alternating: (a) the real site from the CMS, (b) the floor — Astro's glob()/file() loaders over
// those files, through the same pages and layouts. Then edits one post at a time and rebuilds from
// the CMS (the incremental sync). Reports medians, ratios, peak memory of the build's process tree
// and page weights to tests/bench/results/ and docs/benchmarks.md. Not a test: nothing here asserts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import type { SiteBuildResult } from '../../web/build/site-output';
import { repoRoot } from '../helpers/paths';
import {
  CONTENT_MODEL,
  type AuthorJson,
  type ContentTypeName,
  type OpinionJson,
  type PostJson,
  type SiteJson,
  type SlugRef,
  type TagJson,
} from '@blog/shared';
import { fetchAllPages, fetchJson } from '../../web/src/lib/cms-client';
import { queryFor } from '../../web/src/lib/content-queries';
import { siteBuildArgs } from '../helpers/site-build';
import { found, startTestCms, type TestCms } from '../helpers/test-cms';
import { CORPUS, generateCorpus } from './corpus';
import { blocksToMarkdown } from './markdown';
import { peakRssSampler } from './process-tree';
import {
  installedVersion,
  machine,
  median,
  resultsDir,
  writeBenchmarksSection,
  writeResult,
} from './report';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    edits: { type: 'string', default: '3' },
    // For profiling: set up the corpus, print how to build from it, and keep the CMS running.
    serve: { type: 'boolean', default: false },
    // Reuse the corpus of an earlier run (its work directory, kept by --serve) instead of writing
    // a new one: 10,000 posts take about 14 minutes to write.
    corpus: { type: 'string' },
  },
});
const POSTS = Number(args.posts);
const RUNS = Number(args.runs);
const EDITS = Number(args.edits);
const SITE_URL = 'https://blog.example.test';
const TARGETS = { buildRatio: 1.15, syncRatio: 0.05, peakMemoryMb10k: 1024, postPageJsBytes: 0 };

interface BuildRun {
  kind: 'cms' | 'files' | 'cms-after-edit';
  wallMs: number;
  peakRssMb: number;
  /** The peak before search indexing: the rendering part of the build, before any Pagefind process. */
  peakRssBeforeIndexMb: number;
  /** From the first loader's start to the last one's end. */
  syncMs: number | null;
  /** The sync state request, asked before Astro starts (so it mostly overlaps Astro's start-up). */
  stateMs: number | null;
  requests: number | null;
  pages: number;
}

const work = args.corpus
  ? path.resolve(args.corpus)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'blog-bench-'));
const contentDir = path.join(work, 'content');
const cache = { cms: path.join(work, 'cache-cms'), files: path.join(work, 'cache-files') };
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

console.log(
  `Benchmark: ${POSTS} posts, ${RUNS} alternating build pairs, ${EDITS} single-post edits (work dir ${work})`,
);
fs.mkdirSync(path.join(work, 'cms'), { recursive: true });
const cms = await startTestCms({ dir: path.join(work, 'cms') });
const runs: BuildRun[] = [];
let sizes: ReturnType<typeof postPageSizes>;
try {
  if (args.corpus) {
    const posts = await cms.strapi.documents('api::post.post').count({ status: 'published' });
    if (posts !== POSTS + 1)
      throw new Error(
        `${work} holds ${posts} published posts; expected ${POSTS + 1} (--posts ${POSTS} plus the seed post).`,
      );
    console.log(`[${elapsed()}] Reusing the corpus in ${work}: ${posts} posts`);
  } else {
    console.log(`[${elapsed()}] Writing the corpus into the CMS (document service) …`);
    await generateCorpus(cms, POSTS, (line) => console.log(`[${elapsed()}] ${line}`));
  }
  // Written afresh from the CMS each time, so the files follow the content model as it is now.
  await writeContentFiles(cms);
  if (args.serve) {
    console.log(
      `\nThe corpus is ready. Build from the CMS:\n  CMS_URL=${cms.url} CMS_TOKEN=${cms.token} npm run build:site -- --out /tmp/out-cms`,
    );
    console.log(
      `or from the files:\n  SITE_CONTENT_DIR=${contentDir} npm run build:site -- --out /tmp/out-files\nStop with Ctrl+C.`,
    );
    await new Promise(() => {});
  }

  for (let run = 1; run <= RUNS; run++) {
    for (const kind of ['cms', 'files'] as const) {
      fs.rmSync(cache[kind], { recursive: true, force: true }); // a full build: nothing cached
      const result = await timedBuild(kind, path.join(work, `out-${kind}`));
      runs.push(result);
      console.log(
        `[${elapsed()}] run ${run} ${kind === 'cms' ? 'from the CMS ' : 'from files   '}: ${(result.wallMs / 1000).toFixed(1)} s, ${result.pages} pages, peak ${result.peakRssMb} MB` +
          (result.syncMs !== null
            ? `, sync ${result.syncMs} ms / ${result.requests} requests`
            : ''),
      );
    }
  }
  sizes = postPageSizes(path.join(work, 'out-cms'));

  const posts = cms.strapi.documents('api::post.post');
  for (let edit = 1; edit <= EDITS; edit++) {
    const post = found(
      (
        await posts.findMany({
          status: 'published',
          filters: { title: { $contains: `(${edit * 7})` } },
          fields: ['title'],
        })
      )[0],
      `post (${edit * 7})`,
    );
    await posts.update({
      documentId: post.documentId,
      // One suffix, replaced: a reused corpus (--corpus) is edited again in every run.
      data: {
        title: `${(post.title ?? '').replace(/ – rettet .*$/, '')} – rettet ${edit} (${Date.now()})`,
      },
    });
    await posts.publish({ documentId: post.documentId });
    const result = await timedBuild('cms', path.join(work, 'out-cms'), 'cms-after-edit');
    runs.push(result);
    console.log(
      `[${elapsed()}] after editing 1 post: ${(result.wallMs / 1000).toFixed(1)} s, sync ${result.syncMs} ms / ${result.requests} requests (the sync state: ${result.stateMs} ms, during Astro's start-up)`,
    );
  }
} finally {
  await cms.destroy();
}
if (args.corpus)
  for (const dir of ['out-cms', 'out-files', ...Object.values(cache)])
    fs.rmSync(path.resolve(work, dir), { recursive: true, force: true });
else fs.rmSync(work, { recursive: true, force: true });
writeReport(runs, sizes!);
process.exit(0);

/** The same published content as the site reads it, as Markdown (posts, opinions) and JSON files. */
async function writeContentFiles(cms: TestCms): Promise<void> {
  // Read as the site reads it: the same REST queries (web/src/lib/content-queries.ts), typed JSON.
  const connection = { url: cms.url, token: cms.token };
  const all = <T>(type: ContentTypeName) =>
    fetchAllPages<T>(connection, CONTENT_MODEL.types[type].plural, queryFor(type));
  const slugs = (items: SlugRef[] | null) => (items ?? []).map((item) => item.slug);
  const frontmatter = (data: object, body: unknown) =>
    `---\n${JSON.stringify(data)}\n---\n\n${blocksToMarkdown(body)}`;
  for (const dir of ['posts', 'opinions'])
    fs.mkdirSync(path.join(contentDir, dir), { recursive: true });

  for (const post of await all<PostJson>('post')) {
    const data = {
      documentId: post.documentId,
      title: post.title,
      slug: post.slug,
      previousSlugs: [],
      date: post.date,
      updatedAt: post.updatedAt,
      excerpt: post.excerpt,
      cover: null,
      author: post.author?.slug ?? null,
      tags: slugs(post.tags),
      opinions: slugs(post.opinions),
      seo: null,
    };
    fs.writeFileSync(
      path.join(contentDir, 'posts', `${post.slug}.md`),
      frontmatter(data, post.body),
    );
  }
  for (const opinion of await all<OpinionJson>('opinion')) {
    const data = {
      documentId: opinion.documentId,
      updatedAt: opinion.updatedAt,
      title: opinion.title,
      slug: opinion.slug,
      previousSlugs: [],
      statement: opinion.statement,
      order: opinion.order,
    };
    fs.writeFileSync(
      path.join(contentDir, 'opinions', `${opinion.slug}.md`),
      frontmatter(data, opinion.body),
    );
  }
  const authors = (await all<AuthorJson>('author')).map((author) => ({
    id: author.slug,
    documentId: author.documentId,
    updatedAt: author.updatedAt,
    name: author.name,
    slug: author.slug,
    role: author.role,
    bio: author.bio,
    photo: null,
    email: author.email,
    phone: author.phone,
    links: (author.links ?? []).map((link) => ({
      label: link.label,
      url: link.url,
    })),
  }));
  fs.writeFileSync(path.join(contentDir, 'authors.json'), JSON.stringify(authors));
  const tags = (await all<TagJson>('tag')).map((tag) => ({
    id: tag.slug,
    documentId: tag.documentId,
    updatedAt: tag.updatedAt,
    name: tag.name,
    slug: tag.slug,
  }));
  fs.writeFileSync(path.join(contentDir, 'tags.json'), JSON.stringify(tags));
  // The standalone pages are few; the floor build has none.
  fs.writeFileSync(path.join(contentDir, 'pages.json'), '[]');
  const { data: site } = await fetchJson<{ data: SiteJson }>(connection, 'site', queryFor('site'));
  const { siteTitle, tagline, description, contact, navigation } = site;
  const strip = (value: object | null) =>
    value && Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'id'));
  fs.writeFileSync(
    path.join(contentDir, 'site.json'),
    JSON.stringify([
      {
        id: 'site',
        siteTitle,
        tagline,
        description,
        contact: strip(contact),
        navigation: strip(navigation),
      },
    ]),
  );
  console.log(`[${elapsed()}] Wrote the same content as files into ${contentDir}`);
}

/** Runs `web/cli/build.ts` (what `npm run build:site` runs) in a child process, sampling its memory. */
function timedBuild(
  kind: 'cms' | 'files',
  outDir: string,
  label: BuildRun['kind'] = kind,
): Promise<BuildRun> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    SITE_URL,
    SITE_CACHE_DIR: cache[kind],
    ASTRO_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  };
  if (kind === 'cms') Object.assign(env, { CMS_URL: cms.url, CMS_TOKEN: cms.token });
  // The floor runs as plain Astro does, with Node's default heap: under the CMS build's budget
  // (web/build/heap-budget.ts) it runs out of memory at 10,000 posts.
  else
    Object.assign(env, {
      SITE_CONTENT_DIR: contentDir,
      CMS_URL: '',
      CMS_TOKEN: '',
      SITE_BUILD_HEAP_MB: '0',
    });
  const reportFile = `${outDir}.report.json`;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, siteBuildArgs(outDir, reportFile), {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const memory = peakRssSampler(child.pid!);
    let output = '';
    let beforeIndex: number | null = null;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      // Only the tail: a 10,000-post build prints a line per page.
      if (
        beforeIndex === null &&
        output.slice(-chunk.length - 40).includes('for search (Pagefind)')
      )
        beforeIndex = memory.peak();
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Date.now() - started;
      const peakRssMb = Math.round(memory.stop() / 2 ** 20);
      if (code !== 0)
        return reject(new Error(`The ${kind} build failed (${code}):\n${output.slice(-4000)}`));
      const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as SiteBuildResult;
      fs.rmSync(reportFile, { force: true });
      const { sync } = report;
      const pages = report.counts.pages;
      const peakRssBeforeIndexMb =
        beforeIndex === null ? peakRssMb : Math.round(beforeIndex / 2 ** 20);
      resolve({
        kind: label,
        wallMs,
        peakRssMb,
        peakRssBeforeIndexMb,
        syncMs: sync?.ms ?? null,
        stateMs: sync?.stateMs ?? null,
        requests: sync?.requests ?? null,
        pages,
      });
    });
  });
}

/** Gzipped bytes of each post page's HTML and its stylesheets, and the bytes of any script. */
function postPageSizes(outDir: string) {
  const blogDir = path.join(outDir, 'blog');
  const html: number[] = [];
  const css: number[] = [];
  const js: number[] = [];
  const cssCache = new Map<string, number>();
  for (const slug of fs.readdirSync(blogDir)) {
    const file = path.join(blogDir, slug, 'index.html');
    if (!fs.existsSync(file)) continue;
    const source = fs.readFileSync(file);
    if (source.includes('http-equiv="refresh"')) continue; // an old address's redirect page
    const doc = parse(source.toString('utf8'));
    html.push(gzipSync(source).length);
    css.push(
      doc.querySelectorAll('link[rel=stylesheet]').reduce((sum, link) => {
        const href = link.getAttribute('href')!;
        if (!cssCache.has(href))
          cssCache.set(href, gzipSync(fs.readFileSync(path.join(outDir, href))).length);
        return sum + cssCache.get(href)!;
      }, 0),
    );
    js.push(
      doc
        .querySelectorAll('script')
        .filter((script) => script.getAttribute('type') !== 'application/ld+json')
        .reduce(
          (sum, script) =>
            sum +
            (script.getAttribute('src')
              ? fs.statSync(path.join(outDir, script.getAttribute('src')!)).size
              : script.rawText.length),
          0,
        ),
    );
  }
  return {
    postPages: html.length,
    htmlGzipMedian: median(html),
    htmlGzipMax: Math.max(...html),
    cssGzip: median(css),
    jsBytesMax: Math.max(...js),
  };
}

function writeReport(runs: BuildRun[], sizes: ReturnType<typeof postPageSizes>): void {
  const of = (kind: BuildRun['kind']) => runs.filter((run) => run.kind === kind);
  const peaks = (field: 'peakRssMb' | 'peakRssBeforeIndexMb') => ({
    cms: Math.max(...of('cms').map((run) => run[field])),
    files: Math.max(...of('files').map((run) => run[field])),
  });
  const cmsWall = median(of('cms').map((run) => run.wallMs));
  const filesWall = median(of('files').map((run) => run.wallMs));
  const fullSync = median(of('cms').map((run) => run.syncMs!));
  const editSync = median(of('cms-after-edit').map((run) => run.syncMs!));
  const summary = {
    buildCmsMs: cmsWall,
    buildFilesMs: filesWall,
    buildRatio: Number((cmsWall / filesWall).toFixed(3)),
    fullSyncMs: fullSync,
    fullSyncRequests: median(of('cms').map((run) => run.requests!)),
    editSyncMs: editSync,
    editStateMs: median(of('cms-after-edit').map((run) => run.stateMs!)),
    editBuildMs: median(of('cms-after-edit').map((run) => run.wallMs)),
    editSyncRequests: median(of('cms-after-edit').map((run) => run.requests!)),
    syncRatio: Number((editSync / fullSync).toFixed(3)),
    peakRssMb: peaks('peakRssMb'),
    peakRssBeforeIndexMb: peaks('peakRssBeforeIndexMb'),
    postPages: sizes,
  };
  const report = {
    benchmark: 'build-from-cms-vs-files',
    date: new Date().toISOString(),
    machine: machine(),
    versions: Object.fromEntries(
      ['astro', '@strapi/strapi', 'pagefind'].map((name) => [name, installedVersion(name)]),
    ),
    corpus: {
      posts: POSTS + 1,
      authors: CORPUS.authors + 1,
      tags: CORPUS.tags + 3,
      opinions: CORPUS.opinions + 4,
    },
    targets: TARGETS,
    summary,
    runs,
  };
  writeResult(`build-${POSTS}.json`, report);

  // docs/benchmarks.md shows every corpus size measured so far (1,000 and 10,000 posts).
  const reports = fs
    .readdirSync(resultsDir)
    .filter((name) => /^build-\d+\.json$/.test(name))
    .map(
      (name) => JSON.parse(fs.readFileSync(path.join(resultsDir, name), 'utf8')) as typeof report,
    )
    .sort((a, b) => a.corpus.posts - b.corpus.posts);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const table = [
    '| posts | build from CMS | build from files | ratio (≤ 1.15) | full sync | sync after 1 edit | ratio (≤ 0.05) | peak memory CMS / files (≤ 1 GB at 10k) | … before search indexing | post page HTML / CSS gz | JS |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...reports.map(({ corpus, summary: r }) => {
      const cells = [
        `${corpus.posts}`,
        s(r.buildCmsMs),
        s(r.buildFilesMs),
        `**${r.buildRatio.toFixed(2)}** ${mark(r.buildRatio <= TARGETS.buildRatio)}`,
        `${r.fullSyncMs} ms, ${r.fullSyncRequests} req`,
        `${r.editSyncMs} ms, ${r.editSyncRequests} req`,
        `**${r.syncRatio.toFixed(3)}** ${mark(r.syncRatio <= TARGETS.syncRatio)}`,
        `${r.peakRssMb.cms} / ${r.peakRssMb.files} MB${corpus.posts >= 10_000 ? ` ${mark(r.peakRssMb.cms <= TARGETS.peakMemoryMb10k)}` : ''}`,
        r.peakRssBeforeIndexMb
          ? `${r.peakRssBeforeIndexMb.cms} / ${r.peakRssBeforeIndexMb.files} MB`
          : '–',
        `${(r.postPages.htmlGzipMedian / 1024).toFixed(1)} / ${(r.postPages.cssGzip / 1024).toFixed(1)} KB`,
        `${r.postPages.jsBytesMax} B ${mark(r.postPages.jsBytesMax === 0)}`,
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    `Medians of alternating full builds each way (no cache) and of builds after editing one post (${reports
      .map(
        ({ corpus, runs: all }) =>
          `${corpus.posts} posts: ${all.filter((run) => run.kind === 'cms').length} each way, ${plural(all.filter((run) => run.kind === 'cms-after-edit').length, 'edit')}`,
      )
      .join('; ')}). ` +
      `Wall time of \`web/cli/build.ts\` in a child process, Pagefind indexing included; memory is the peak RSS of the build's whole process tree ` +
      `(the small parent, the rendering child, esbuild, Pagefind), overall and up to the start of search indexing. ` +
      `Search indexing starts once the rendering child has exited, one shard of 32 MB of HTML at a time. ` +
      `The CMS build runs under its heap budget (SITE_BUILD_HEAP_MB, 640 MB), the floor with Node's default (under that budget it runs out of memory at 10,000 posts). ` +
      `${reports
        .map(
          ({ corpus, date, machine: on, versions }) =>
            `${corpus.posts} posts measured ${date.slice(0, 10)} on ${on.cpus} cores (${on.cpuModel}), Node ${on.node}, Astro ${versions.astro}`,
        )
        .join('; ')}. ` +
      'Rerun: `npm run bench` (`-- --posts 10000` for the large corpus); every run is in `tests/bench/results/build-<posts>.json`.',
  ].join('\n');
  writeResult('build.md', `# Build benchmark: CMS vs. files\n\n${table}\n`);
  writeBenchmarksSection('bench:build', table);
  console.log(`\n${table}`);
}
