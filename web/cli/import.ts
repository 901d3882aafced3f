// `npm run import -- wordpress FILE.xml [--uploads DIR] [--dry-run] [--report FILE]`: brings an
// old blog into the CMS. Into the CMS that CMS_URL names (with CMS_IMPORT_TOKEN, or the token file
// the local CMS wrote), else the local CMS: the one `npm start` runs if it answers, or the
// embedded one, started for the import. Safe to run again: what it brought is updated, what the
// editor changed since is left alone, and nothing is made twice.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportReport } from '../import/wordpress-import.ts';

const USAGE =
  'Usage: npm run import -- wordpress FILE.xml [--uploads DIR] [--dry-run] [--report FILE]\n' +
  '  FILE.xml       a WordPress export (Tools → Export → All content)\n' +
  "  --uploads DIR  a copy of the old site's wp-content/uploads folder, for the images\n" +
  '  --dry-run      report what would happen, change nothing\n' +
  '  --report FILE  also write the report as JSON';

// npm runs scripts from the repository's root; paths are meant from where the command was typed.
const here = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    uploads: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    report: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

try {
  await main();
} catch (error) {
  console.error(`\nThe import stopped: ${(error as Error).message}`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  if (values.help) return void console.log(USAGE);
  const [format, given] = positionals;
  if (format !== 'wordpress' || !given || positionals.length > 2)
    throw new Error(
      `${format && format !== 'wordpress' ? `Unknown format "${format}". ` : ''}\n${USAGE}`,
    );
  const file = here(given);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new Error(`No file at ${file}.`);
  const uploadsDir = values.uploads ? here(values.uploads) : null;
  if (uploadsDir && !fs.existsSync(uploadsDir))
    throw new Error(`No uploads folder at ${uploadsDir}.`);

  const { contentImportClient } = await import('../import/content-import-client.ts');
  const { importWordpress } = await import('../import/wordpress-import.ts');
  const cms = await connectToCms(console.log);
  const started = Date.now();
  try {
    const progress = progressLine();
    const report = await importWordpress({
      file,
      uploadsDir,
      dryRun: values['dry-run'],
      client: contentImportClient(cms),
      log: console.log,
      progress: progress.update,
    });
    progress.end();
    console.log(summary(report, (Date.now() - started) / 1000));
    if (values.report) {
      fs.writeFileSync(here(values.report), `${JSON.stringify(report, null, 2)}\n`);
      console.log(`The whole report is in ${here(values.report)}.`);
    }
    if (!report.dryRun)
      console.log(
        '\nOn the site: `npm start` builds it (a running one rebuilds by itself after each import), ' +
          'or `npm run build:site` for a static copy. Old addresses answer with a redirect there.',
      );
    if (report.entries.some((entry) => entry.action === 'failed')) process.exitCode = 1;
  } finally {
    await cms.stop();
  }
}

/** The CMS to import into, and how to let go of it afterwards. */
async function connectToCms(log: (line: string) => void) {
  const { cmsAnswers, embeddedCmsUrl, readImportToken, startEmbeddedCms } =
    await import('../local-cms/embedded-cms.ts');
  const { siteSetting } = await import('../src/site-settings.ts');
  const given = siteSetting('cmsUrl');
  if (given) {
    log(`Importing into the CMS at ${given} …`);
    return { url: given, token: readImportToken(), stop: async () => {} };
  }
  const local = embeddedCmsUrl();
  if (await cmsAnswers(local)) {
    log(`Importing into the running CMS at ${local} …`);
    return { url: local, token: readImportToken(), stop: async () => {} };
  }
  log('No CMS is running (and CMS_URL is not set): starting the embedded CMS for the import …');
  const embedded = await startEmbeddedCms();
  return { url: embedded.url, token: readImportToken(), stop: embedded.stop };
}

/** "Posts and pages: 120 of 5000": rewritten in place on a terminal, a line every few seconds otherwise. */
function progressLine() {
  const tty = process.stdout.isTTY;
  let lastLine = 0;
  let shown = '';
  return {
    update(done: number, total: number) {
      shown = `  posts and pages: ${done} of ${total}`;
      if (tty) process.stdout.write(`\r${shown}`);
      else if (Date.now() - lastLine > 3000 || done === total) {
        lastLine = Date.now();
        console.log(shown);
      }
    },
    end() {
      if (tty && shown) process.stdout.write('\n');
    },
  };
}

/** The report as the operator reads it at the end. */
export function summary(report: ImportReport, seconds: number): string {
  const lines: string[] = [''];
  const verb = report.dryRun ? 'Dry run (nothing was written)' : 'Imported';
  lines.push(
    `${verb}: ${report.file}${report.site ? ` (${report.site.title}, ${report.site.link})` : ''} in ${seconds.toFixed(1)} s`,
  );
  const names = { post: 'posts', page: 'pages', author: 'authors', tag: 'tags' } as const;
  for (const [type, counts] of Object.entries(report.counts) as Array<
    [keyof typeof names, Record<string, number>]
  >) {
    const parts = Object.entries(counts).map(([action, count]) => `${count} ${action}`);
    if (parts.length) lines.push(`  ${names[type]}: ${parts.join(', ')}`);
  }
  const images = Object.entries(report.images).map(([action, count]) => `${count} ${action}`);
  if (images.length) lines.push(`  images: ${images.join(', ')}`);
  const skipped = Object.entries(report.skipped);
  if (skipped.length) {
    lines.push('  not brought over:');
    for (const [reason, count] of skipped) lines.push(`    ${count} × ${reason}`);
  }
  const leftAlone = report.entries.filter(
    (entry) => entry.action === 'edited' || entry.action === 'deleted',
  );
  if (leftAlone.length) {
    lines.push('  left as they are in the CMS (changed or deleted there since the last import):');
    for (const entry of leftAlone)
      lines.push(
        `    ${entry.title} (${entry.action}${entry.address ? `, ${entry.address}` : ''})`,
      );
  }
  const failed = report.entries.filter((entry) => entry.action === 'failed');
  if (failed.length) {
    lines.push('  FAILED:');
    for (const entry of failed) lines.push(`    ${entry.title}: ${entry.notes.join('; ')}`);
  }
  const noted = report.entries.filter((entry) => entry.action !== 'failed' && entry.notes.length);
  if (noted.length) {
    lines.push(`  changed on the way (${noted.length}):`);
    for (const entry of noted.slice(0, 20))
      lines.push(`    ${entry.title}: ${entry.notes.join('; ')}`);
    if (noted.length > 20)
      lines.push(`    … and ${noted.length - 20} more (--report FILE has them all)`);
  }
  if (report.missingImages.length) {
    lines.push(`  images not found (${report.missingImages.length}):`);
    for (const image of report.missingImages.slice(0, 20))
      lines.push(`    ${image.url} (in ${image.usedBy.join(', ')})`);
    if (report.missingImages.length > 20)
      lines.push(`    … and ${report.missingImages.length - 20} more (--report FILE has them all)`);
  }
  return lines.join('\n');
}
