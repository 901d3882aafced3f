import { blocksText } from './blocks.js';

/** Words a minute for reading time; a common figure for Danish prose on screen. */
const WORDS_PER_MINUTE = 200;

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whole minutes, at least 1. */
export function readingMinutes(blocks: unknown): number {
  return Math.max(
    1,
    Math.round(wordCount(blocksText(Array.isArray(blocks) ? blocks : [])) / WORDS_PER_MINUTE),
  );
}

/** "4 min. læsning" */
export function formatReadingTime(minutes: number): string {
  return `${minutes} min. læsning`;
}

/** The opening words of a text, cut at a word boundary, for excerpts and descriptions. */
export function openingWords(text: string, maxLength = 160): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const cut = clean.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/u, '')}…`;
}
