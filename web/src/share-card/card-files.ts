// Writes the build's share cards into its output, each at its path: from the card cache when drawn
// before, drawn otherwise. A directory that keeps its files between builds (the site server's render
// directory) keeps a card whose text is unchanged: a record in its cache says which text each card
// file there shows, so a publish writes only the cards whose text changed. A build into a new
// directory (`npm run build:site`) writes every card and keeps no record.
import fs from 'node:fs';
import path from 'node:path';
import { shareCardPng } from './card-cache.ts';
import type { RegisteredCard } from './card-registry.ts';

export interface CardFiles {
  /** Every card file of the build, written now or kept (absolute paths). */
  files: string[];
  written: number;
  removed: number;
  /** The card files written now and removed now (absolute paths). */
  writtenFiles: string[];
  removedFiles: string[];
}

/** How often a long run of drawing says how far it is. */
const PROGRESS_EVERY = 500;

export async function writeShareCards(
  cards: ReadonlyMap<string, RegisteredCard>,
  outDir: string,
  /** The record of a directory kept between builds, or null. */
  recordFile: string | null,
  log: { info: (line: string) => void; warn: (line: string) => void },
): Promise<CardFiles> {
  const before = recordFile ? readRecord(recordFile) : {};
  const record: Record<string, string> = {};
  const files: string[] = [];
  const fileOf = (pathname: string) => path.join(outDir, decodeURIComponent(pathname));
  const changed = [...cards].filter(
    ([pathname, { key }]) => before[pathname] !== key || !fs.existsSync(fileOf(pathname)),
  );
  const started = Date.now();
  let written = 0;
  const writtenFiles: string[] = [];
  const removedFiles: string[] = [];
  for (const [pathname, { card }] of changed) {
    const png = await shareCardPng(card, log.warn);
    const file = fileOf(pathname);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, png);
    writtenFiles.push(file);
    written++;
    if (written % PROGRESS_EVERY === 0)
      log.info(`${written} of ${changed.length} share cards written …`);
  }
  for (const [pathname, { key }] of cards) {
    record[pathname] = key;
    files.push(fileOf(pathname));
  }
  // A card no page tells any more (a deleted post, an old slug) goes with its page.
  let removed = 0;
  for (const pathname of Object.keys(before))
    if (!cards.has(pathname)) {
      fs.rmSync(fileOf(pathname), { force: true });
      removedFiles.push(fileOf(pathname));
      removed++;
    }
  if (recordFile) {
    fs.mkdirSync(path.dirname(recordFile), { recursive: true });
    fs.writeFileSync(`${recordFile}.tmp`, JSON.stringify(record));
    fs.renameSync(`${recordFile}.tmp`, recordFile);
  }
  if (written || removed)
    log.info(
      `${cards.size} share cards: ${written} written, ${removed} removed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  return { files, written, removed, writtenFiles, removedFiles };
}

function readRecord(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {}; // none yet, or unreadable: every card is written
  }
}
