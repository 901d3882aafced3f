import type { ImportAction, ImportOutcome, ImportRecord, ImportedType } from '@blog/shared';

export interface ImportReport {
  file: string;
  site: { title: string; link: string } | null;
  dryRun: boolean;
  /** Per type, how many entries ended how. */
  counts: Record<ImportedType, Partial<Record<ImportAction, number>>>;
  /** What was not brought over, by reason ("a revision": 3). */
  skipped: Record<string, number>;
  /** Entries left alone (edited or deleted since the last import) or refused, and what changed on the way. */
  entries: Array<{
    key: string;
    title: string;
    action: ImportAction;
    address?: string;
    notes: string[];
  }>;
  /** Images the content uses that are not in the uploads folder. */
  missingImages: Array<{ url: string; usedBy: string[] }>;
  images: Partial<Record<'created' | 'unchanged' | 'failed', number>>;
}

/** A record on its way to the CMS, with what the report says of it. */
export interface Pending {
  record: ImportRecord;
  title: string;
  notes: string[];
}

/** Counts an entry's outcome; lists it when it was left alone or refused, or something changed on the way. */
export function tally(
  report: ImportReport,
  { record, title, notes }: Pending,
  outcome: ImportOutcome,
) {
  const counts = report.counts[record.type];
  counts[outcome.action] = (counts[outcome.action] ?? 0) + 1;
  const all = [...notes, ...(outcome.message ? [outcome.message] : [])];
  const leftAlone = ['edited', 'deleted', 'failed'].includes(outcome.action);
  if (leftAlone || all.length)
    report.entries.push({
      key: record.key,
      title,
      action: outcome.action,
      ...(outcome.slug ? { address: addressOf(record.type, outcome.slug) } : {}),
      notes: all,
    });
}

/** Counts a reason for leaving something out. */
export function skip(report: Pick<ImportReport, 'skipped'>, reason: string, count = 1) {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + count;
}

function addressOf(type: ImportedType, slug: string): string {
  const section = { post: '/blog/', page: '/', author: '/forfattere/', tag: '/emner/' }[type];
  return `${section}${slug}/`;
}
