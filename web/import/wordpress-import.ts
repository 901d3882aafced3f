// A WordPress export (WXR) into the CMS: authors, categories and tags (as tags), posts and pages,
// with their images and every old address. The file is read twice as a stream, never whole: first
// to learn what there is (export-survey.ts: attachments, the old menu, counts for progress), then
// to convert the posts and pages (entry-records.ts, image-import.ts) and send them a batch at a time.
import fs from 'node:fs';
import { IMPORT_BATCH_SIZE } from '@blog/shared';
import type { ContentImportClient } from './content-import-client.ts';
import { authorRecord, itemRecord, tagRecord, termIndex } from './entry-records.ts';
import { surveyExport } from './export-survey.ts';
import { imageImporter } from './image-import.ts';
import { skip, tally, type ImportReport, type Pending } from './import-report.ts';
import { sendInBatches } from './record-batches.ts';
import { mergeTerms, planItem, readWxr, termKey } from './wordpress/index.ts';

export type { ImportReport };

export interface WordpressImportOptions {
  file: string;
  /** A local copy of the old site's wp-content/uploads; without it no image comes over. */
  uploadsDir: string | null;
  dryRun: boolean;
  client: ContentImportClient;
  log: (line: string) => void;
  /** Called as posts and pages are handed over: how many of how many. */
  progress?: (done: number, total: number) => void;
}

export async function importWordpress(options: WordpressImportOptions): Promise<ImportReport> {
  const { log, client, dryRun } = options;
  log(`Reading ${options.file} …`);
  const survey = await surveyExport(options.file);
  const report: ImportReport = {
    file: options.file,
    site: survey.site && { title: survey.site.title, link: survey.site.link },
    dryRun,
    counts: { author: {}, tag: {}, post: {}, page: {} },
    skipped: survey.skipped,
    entries: [],
    missingImages: [],
    images: {},
  };
  const send = (pending: Pending[]) =>
    sendInBatches(client, dryRun, pending, (item, outcome) => tally(report, item, outcome));

  const named = (record: Pending['record']): Pending => ({
    record,
    title: String(record.fields.name),
    notes: [],
  });
  const authorRecords = survey.authors
    .filter((author) => survey.usedAuthors.has(author.login))
    .map((author) => named(authorRecord(author)));
  const { tags, tagOf } = mergeTerms(
    survey.terms.filter((term) => survey.usedTerms.has(termKey(term.taxonomy, term.slug))),
  );
  const terms = termIndex(survey.terms);
  const tagRecords = tags.map((tag) => named(tagRecord(tag, terms)));
  log(
    `${dryRun ? 'Checking' : 'Importing'} ${authorRecords.length} authors and ${tagRecords.length} tags …`,
  );
  await send([...authorRecords, ...tagRecords]);

  const images = imageImporter(options, survey, report);
  log(
    `${dryRun ? 'Checking' : 'Importing'} ${survey.total} posts and pages${options.uploadsDir ? `, with images from ${options.uploadsDir}` : ' (no --uploads folder: images are reported, not imported)'} …`,
  );
  const context = {
    logins: new Set(survey.authors.map((author) => author.login)),
    tagOf,
    menuPages: survey.menuPages,
  };
  let done = 0;
  let batch: Pending[] = [];
  const sendBatch = async () => {
    await send(batch);
    done += batch.length;
    batch = [];
    options.progress?.(done, survey.total);
  };
  for await (const entry of readWxr(fs.createReadStream(options.file))) {
    if (entry.kind !== 'item') continue;
    const plan = planItem(entry.item);
    if (plan.kind !== 'post' && plan.kind !== 'page') continue;
    const next = await itemRecord(entry.item, plan, context, images);
    if ('skipped' in next) {
      skip(report, next.skipped);
      options.progress?.(++done, survey.total);
      continue;
    }
    batch.push(next);
    if (batch.length >= IMPORT_BATCH_SIZE) await sendBatch();
  }
  if (batch.length) await sendBatch();
  report.missingImages = images.missing();
  return report;
}
