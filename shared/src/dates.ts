/** The site's time zone: every calendar date a reader sees is the date in Copenhagen. */
export const SITE_TIME_ZONE = 'Europe/Copenhagen';

const DANISH_MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const longDate = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: SITE_TIME_ZONE,
});

const timeOfDay = new Intl.DateTimeFormat('da-DK', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: SITE_TIME_ZONE,
});

const dateParts = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: SITE_TIME_ZONE,
});

function toDate(value: Date | string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid date: ${String(value)}`);
  return date;
}

/** "18. juni 2014": the date as a Danish reader in Copenhagen reads it. */
export function formatDanishDate(value: Date | string): string {
  return longDate.format(toDate(value));
}

/** "5. december 2026 kl. 10.00": a moment in Copenhagen time, as the admin shows a scheduled publication. */
export function formatDanishDateTime(value: Date | string): string {
  const date = toDate(value);
  return `${longDate.format(date)} kl. ${timeOfDay.format(date)}`;
}

/** "2014-06-18": the Copenhagen calendar date, for `<time datetime>` and archives. */
export function copenhagenDateKey(value: Date | string): string {
  return dateParts.format(toDate(value)); // en-CA formats as YYYY-MM-DD
}

/** Minutes east of UTC that Copenhagen is at the given instant (60 in winter, 120 in summer). */
function copenhagenOffsetMinutes(instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', {
    timeZone: SITE_TIME_ZONE,
    timeZoneName: 'longOffset',
  })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone means offset zero
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The instant of midnight in Copenhagen starting the given calendar day. */
export function copenhagenMidnight(year: number, month: number, day: number): Date {
  return copenhagenTime(year, month, day);
}

/** The instant a Copenhagen wall clock shows the given date and time. */
export function copenhagenTime(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const guess = new Date(asUtc - copenhagenOffsetMinutes(new Date(asUtc)) * 60_000);
  // Near a DST switch the offset at the guess can differ from the one at the UTC reading.
  return new Date(asUtc - copenhagenOffsetMinutes(guess) * 60_000);
}

/** Parses a Danish long date such as "18. juni 2014" into midnight Copenhagen time, or null. */
export function parseDanishDate(text: string): Date | null {
  const match = /(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})/iu.exec(text);
  if (!match) return null;
  const month =
    DANISH_MONTHS.indexOf(match[2]!.toLowerCase() as (typeof DANISH_MONTHS)[number]) + 1;
  const day = Number(match[1]);
  const year = Number(match[3]);
  if (month === 0 || day < 1 || day > 31) return null;
  const date = copenhagenMidnight(year, month, day);
  // Reject days that roll over into the next month, e.g. "31. juni".
  return copenhagenDateKey(date) ===
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    ? date
    : null;
}
