import { formatDanishDate, formatDanishDateTime } from '@blog/shared';

/** An entry's date as the admin holds it (an ISO string, or empty before its first publication). */
export function entryDate(date: unknown): Date | null {
  return typeof date === 'string' && date ? new Date(date) : null;
}

/** What the site shows of a post or opinion, and when: on the site, scheduled, or a draft. */
export function publicationState(date: unknown, published: boolean, now = new Date()): string {
  const when = entryDate(date);
  if (when && when > now) {
    return published
      ? `Planlagt: kommer på sitet ${formatDanishDateTime(when)}.`
      : `Udgiver du nu, kommer den på sitet ${formatDanishDateTime(when)}.`;
  }
  if (published) return `På sitet, dateret ${formatDanishDate(when ?? now)}.`;
  return when
    ? `Kladde, dateret ${formatDanishDate(when)}.`
    : 'Kladde. Datoen bliver det tidspunkt, du udgiver.';
}
