import { describe, expect, it } from 'vitest';
import {
  copenhagenDateKey,
  copenhagenMidnight,
  formatDanishDate,
  parseDanishDate,
} from '@blog/shared';

describe('Danish dates in Copenhagen time', () => {
  it('formats like the old site: "18. juni 2014"', () => {
    expect(formatDanishDate(new Date('2014-06-18T12:00:00+02:00'))).toBe('18. juni 2014');
    expect(formatDanishDate('2020-01-05T10:00:00Z')).toBe('5. januar 2020');
  });

  it('keeps a post dated 00:30 Copenhagen time on its own day, though it is the day before in UTC', () => {
    const halfPastMidnight = new Date('2014-06-18T00:30:00+02:00'); // 2014-06-17T22:30Z
    expect(halfPastMidnight.getUTCDate()).toBe(17);
    expect(formatDanishDate(halfPastMidnight)).toBe('18. juni 2014');
    expect(copenhagenDateKey(halfPastMidnight)).toBe('2014-06-18');
  });

  it('uses winter time (UTC+1) in winter', () => {
    expect(formatDanishDate(new Date('2014-12-31T23:30:00Z'))).toBe('1. januar 2015');
    expect(formatDanishDate(new Date('2014-12-31T22:30:00Z'))).toBe('31. december 2014');
  });

  it('finds midnight in Copenhagen on either side of a DST switch', () => {
    expect(copenhagenMidnight(2014, 6, 18).toISOString()).toBe('2014-06-17T22:00:00.000Z');
    expect(copenhagenMidnight(2014, 1, 10).toISOString()).toBe('2014-01-09T23:00:00.000Z');
    expect(copenhagenMidnight(2014, 3, 30).toISOString()).toBe('2014-03-29T23:00:00.000Z'); // the spring-forward day
    expect(copenhagenMidnight(2014, 10, 26).toISOString()).toBe('2014-10-25T22:00:00.000Z'); // the fall-back day
  });

  it('parses Danish long dates and rejects impossible ones', () => {
    expect(parseDanishDate('18. juni 2014')?.toISOString()).toBe('2014-06-17T22:00:00.000Z');
    expect(parseDanishDate('Calendar 1. December 2013')?.toISOString()).toBe(
      '2013-11-30T23:00:00.000Z',
    );
    expect(parseDanishDate('31. juni 2014')).toBeNull();
    expect(parseDanishDate('18. juno 2014')).toBeNull();
    expect(parseDanishDate('juni 2014')).toBeNull();
  });

  it('refuses an invalid date instead of printing "Invalid Date"', () => {
    expect(() => formatDanishDate('not a date')).toThrow(/Not a valid date/);
  });
});
