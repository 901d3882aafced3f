// `npm run bench:import`: the WordPress import at scale. Writes a WordPress export of 5,000 posts
// (plus pages, attachments, menu items, revisions, comments; --posts N for another size) with a
// folder of uploads, boots a CMS on a temporary database, and runs the real import command against
// it twice: the first run brings everything in, the second finds it all unchanged. Reports posts per
// second and the importer's peak memory (it streams the file: its memory must not grow with it).
// The figures go to tests/bench/results/import.json and docs/benchmarks.md. Not a test: nothing asserts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runImportCommand } from '../helpers/import-command';
import { testsDir } from '../helpers/paths';
import { startTestCms } from '../helpers/test-cms';
import { uploadsMadeFromNow } from '../helpers/test-media';
import { peakRssSampler } from './process-tree';
import { machine, writeBenchmarksSection, writeResult } from './report';

const { values } = parseArgs({ options: { posts: { type: 'string', default: '5000' } } });
const POSTS = Number(values.posts);
const PAGES = 20;
const IMAGES = 100;
const MB = 2 ** 20;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
const exportFile = path.join(scratch, 'export.xml');
/** A tenth of the size, to show the importer's memory does not grow with the file. */
const smallExportFile = path.join(scratch, 'export-small.xml');
const uploadsDir = path.join(scratch, 'uploads');

/** Writes an export of `posts` posts as a stream, as WordPress does; returns its size. */
async function writeExport(file: string, posts: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  const cdata = (text: string) => `<![CDATA[${text}]]>`;
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Salg gennem 12 år</title><link>https://gammel.example.dk</link><language>da-DK</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://gammel.example.dk</wp:base_site_url><wp:base_blog_url>https://gammel.example.dk</wp:base_blog_url>
`);
  for (let a = 1; a <= 5; a++)
    await write(
      `<wp:author><wp:author_id>${a}</wp:author_id><wp:author_login>${cdata(`skribent${a}`)}</wp:author_login><wp:author_email>${cdata(`s${a}@example.dk`)}</wp:author_email><wp:author_display_name>${cdata(`Skribent Nummer ${a}`)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>\n`,
    );
  for (let c = 1; c <= 20; c++)
    await write(
      `<wp:category><wp:term_id>${c}</wp:term_id><wp:category_nicename>${cdata(`kategori-${c}`)}</wp:category_nicename><wp:category_parent>${cdata(c > 5 ? `kategori-${c % 5 || 5}` : '')}</wp:category_parent><wp:cat_name>${cdata(`Kategori ${c}`)}</wp:cat_name></wp:category>\n`,
    );
  for (let t = 1; t <= 50; t++)
    await write(
      `<wp:tag><wp:term_id>${100 + t}</wp:term_id><wp:tag_slug>${cdata(`emne-${t}`)}</wp:tag_slug><wp:tag_name>${cdata(`Emne ${t}`)}</wp:tag_name></wp:tag>\n`,
    );
  const item = (fields: string) => write(`<item>${fields}</item>\n`);
  for (let i = 1; i <= IMAGES; i++)
    await item(
      `<title>Billede ${i}</title><link>https://gammel.example.dk/billede-${i}/</link><dc:creator>${cdata('skribent1')}</dc:creator><content:encoded>${cdata('')}</content:encoded><excerpt:encoded>${cdata(`Billedtekst ${i}`)}</excerpt:encoded><wp:post_id>${100_000 + i}</wp:post_id><wp:post_date>2014-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2014-01-01 09:00:00</wp:post_date_gmt><wp:post_name>billede-${i}</wp:post_name><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://gammel.example.dk/wp-content/uploads/2014/01/billede-${i}.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>${cdata(`2014/01/billede-${i}.jpg`)}</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(`Alt-tekst ${i}`)}</wp:meta_value></wp:postmeta>`,
    );
  for (let p = 1; p <= posts; p++) {
    const when = new Date(Date.UTC(2014, 0, 1) + p * 17 * 3600 * 1000);
    const stamp = when.toISOString().slice(0, 19).replace('T', ' ');
    const image = (p % IMAGES) + 1;
    const body = [
      `Indlæg nummer ${p} om salg, kunder og træning. Første afsnit har en <strong>vigtig</strong> pointe og et <a href="https://example.dk/kilde-${p}">link</a>.`,
      `Andet afsnit fortsætter\npå en ny linje, som den klassiske editor gjorde det.`,
      p % 3 === 0
        ? `[caption id="attachment_${100_000 + image}" width="800"]<img src="https://gammel.example.dk/wp-content/uploads/2014/01/billede-${image}-300x200.jpg" alt="" width="300" height="200" /> Billedtekst[/caption]`
        : `<h2>Hvad betyder det for dig?</h2>`,
      `<ul>\n<li>Første punkt</li>\n<li>Andet punkt med <em>vægt</em></li>\n</ul>`,
      `<blockquote>Sælg det, kunden har brug for – ikke det, du har på lager.</blockquote>`,
      `Et afsluttende afsnit med lidt mere tekst, så indlægget har en rimelig længde, som rigtige indlæg har det. `.repeat(
        4,
      ),
    ].join('\n\n');
    await item(
      `<title>${cdata(`Indlæg ${p}: salg med holdning`)}</title><link>https://gammel.example.dk/${stamp.slice(0, 4)}/${stamp.slice(5, 7)}/${stamp.slice(8, 10)}/indlaeg-${p}/</link><dc:creator>${cdata(`skribent${(p % 5) + 1}`)}</dc:creator><content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata(p % 2 ? `Kort resumé af indlæg ${p}.` : '')}</excerpt:encoded><wp:post_id>${p}</wp:post_id><wp:post_date>${stamp}</wp:post_date><wp:post_date_gmt>${stamp}</wp:post_date_gmt><wp:post_name>indlaeg-${p}</wp:post_name><wp:status>${p % 25 === 0 ? 'draft' : 'publish'}</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="kategori-${(p % 20) + 1}">${cdata(`Kategori ${(p % 20) + 1}`)}</category><category domain="post_tag" nicename="emne-${(p % 50) + 1}">${cdata(`Emne ${(p % 50) + 1}`)}</category>${p % 4 === 0 ? `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${100_000 + image}</wp:meta_value></wp:postmeta>` : ''}${p % 10 === 0 ? `<wp:comment><wp:comment_id>${p}</wp:comment_id><wp:comment_content>${cdata('Godt skrevet')}</wp:comment_content></wp:comment>` : ''}`,
    );
    if (p % 50 === 0)
      await item(
        `<title>Indlæg ${p}</title><link>https://gammel.example.dk/?p=${200_000 + p}</link><dc:creator>${cdata('skribent1')}</dc:creator><content:encoded>${cdata('Tidligere udgave')}</content:encoded><wp:post_id>${200_000 + p}</wp:post_id><wp:post_name>${p}-revision-v1</wp:post_name><wp:status>inherit</wp:status><wp:post_type>revision</wp:post_type>`,
      );
  }
  for (let s = 1; s <= PAGES; s++)
    await item(
      `<title>${cdata(`Side ${s}`)}</title><link>https://gammel.example.dk/side-nummer-${s}/</link><dc:creator>${cdata('skribent1')}</dc:creator><content:encoded>${cdata(`<p>Indholdet af side ${s}.</p>`)}</content:encoded><wp:post_id>${300_000 + s}</wp:post_id><wp:post_date>2014-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2014-01-01 09:00:00</wp:post_date_gmt><wp:post_name>side-nummer-${s}</wp:post_name><wp:status>publish</wp:status><wp:menu_order>${s}</wp:menu_order><wp:post_type>page</wp:post_type>`,
    );
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return fs.statSync(file).size;
}

function writeUploads(): void {
  const image = fs.readFileSync(
    path.join(testsDir, 'fixtures', 'wordpress', 'uploads', '2014', '06', 'strand.jpg'),
  );
  fs.mkdirSync(path.join(uploadsDir, '2014', '01'), { recursive: true });
  for (let i = 1; i <= IMAGES; i++)
    fs.writeFileSync(path.join(uploadsDir, '2014', '01', `billede-${i}.jpg`), image);
}

interface Run {
  seconds: number;
  importerPeakMb: number;
  output: string;
}

/** Runs the import command (what `npm run import` runs) and samples its memory while it runs. */
async function runImport(
  cms: { url: string; importToken: string },
  file: string,
  extra: string[] = [],
): Promise<Run> {
  const started = Date.now();
  let memory: ReturnType<typeof peakRssSampler> | undefined;
  const run = await runImportCommand(cms, ['wordpress', file, '--uploads', uploadsDir, ...extra], {
    onStart: (pid) => (memory = peakRssSampler(pid, 250)),
    echo: true,
  });
  const peak = memory?.stop() ?? 0;
  if (run.code !== 0) throw new Error(`The import failed (${run.code}):\n${run.output}`);
  return {
    seconds: (Date.now() - started) / 1000,
    importerPeakMb: Math.round(peak / MB),
    output: run.output,
  };
}

console.log(`Writing a WordPress export of ${POSTS} posts, ${PAGES} pages and ${IMAGES} images …`);
const exportBytes = await writeExport(exportFile, POSTS);
await writeExport(smallExportFile, Math.round(POSTS / 10));
writeUploads();
console.log(`  ${(exportBytes / MB).toFixed(1)} MB in ${exportFile}`);
// The CMS runs in this process: its heap after a full garbage collection tells growth from garbage.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  collectGarbage();
  return Math.round(process.memoryUsage().heapUsed / MB);
};

const removeUploads = uploadsMadeFromNow();
const cms = await startTestCms();
const heapAtStart = heapMb();
const cmsMemory = { peak: 0 };
const cmsSampler = setInterval(
  () => (cmsMemory.peak = Math.max(cmsMemory.peak, process.memoryUsage().rss)),
  500,
);
try {
  // Dry runs read, convert and hand over everything, writing nothing: the importer's own memory
  // for a file of a tenth of the size and of the whole size.
  console.log(`\n== Dry run of ${Math.round(POSTS / 10)} posts`);
  const smallDry = await runImport(cms, smallExportFile, ['--dry-run']);
  console.log(`\n== Dry run of ${POSTS} posts`);
  const dry = await runImport(cms, exportFile, ['--dry-run']);
  console.log('\n== First run: everything is new');
  const first = await runImport(cms, exportFile);
  const heapAfterFirst = heapMb();
  console.log('\n== Second run: nothing changed');
  const second = await runImport(cms, exportFile);
  const heapAfterSecond = heapMb();
  clearInterval(cmsSampler);
  const items = POSTS + PAGES;
  const result = {
    benchmark: 'wordpress-import',
    date: new Date().toISOString(),
    machine: machine(),
    export: {
      posts: POSTS,
      pages: PAGES,
      images: IMAGES,
      megabytes: +(exportBytes / MB).toFixed(1),
    },
    firstRun: {
      seconds: +first.seconds.toFixed(1),
      postsPerSecond: +(items / first.seconds).toFixed(1),
      importerPeakMb: first.importerPeakMb,
    },
    secondRun: {
      seconds: +second.seconds.toFixed(1),
      postsPerSecond: +(items / second.seconds).toFixed(1),
      importerPeakMb: second.importerPeakMb,
    },
    dryRuns: {
      [`posts${Math.round(POSTS / 10)}`]: { importerPeakMb: smallDry.importerPeakMb },
      [`posts${POSTS}`]: { seconds: +dry.seconds.toFixed(1), importerPeakMb: dry.importerPeakMb },
    },
    cmsPeakMb: Math.round(cmsMemory.peak / MB),
    cmsHeapAfterGcMb: {
      atStart: heapAtStart,
      afterFirst: heapAfterFirst,
      afterSecond: heapAfterSecond,
    },
  };
  writeResult('import.json', result);
  const table = [
    '| run | time | posts and pages per second | importer peak memory |',
    '|---|---|---|---|',
    `| first (all new) | ${result.firstRun.seconds} s | **${result.firstRun.postsPerSecond}** | ${result.firstRun.importerPeakMb} MB |`,
    `| second (all unchanged) | ${result.secondRun.seconds} s | ${result.secondRun.postsPerSecond} | ${result.secondRun.importerPeakMb} MB |`,
    `| dry run, ${Math.round(POSTS / 10)} posts / ${POSTS} posts | – / ${result.dryRuns[`posts${POSTS}`]!.seconds} s | | ${smallDry.importerPeakMb} MB / ${dry.importerPeakMb} MB |`,
    '',
    `A generated export of ${POSTS} posts, ${PAGES} pages and ${IMAGES} images (${result.export.megabytes} MB), into a CMS on SQLite on the same machine (its process peaked at ${result.cmsPeakMb} MB resident; its heap after a full garbage collection was ${heapAtStart} MB before, ${heapAfterFirst} MB after the first run and ${heapAfterSecond} MB after the second). Measured ${result.date.slice(0, 10)} on ${result.machine.cpus} cores (${result.machine.cpuModel}), Node ${result.machine.node}. Rerun: \`npm run bench:import\`.`,
  ].join('\n');
  writeBenchmarksSection('bench:import', table);
  console.log(`\n${table}`);
} finally {
  clearInterval(cmsSampler);
  await cms.destroy();
  fs.rmSync(cms.dir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
  removeUploads();
}
process.exit(0);
