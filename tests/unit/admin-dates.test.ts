import { describe, expect, it } from 'vitest';
import { publicationState } from '../../cms/src/admin/publication-state';
import { parseTime } from '../../cms/src/admin/time-text';

describe('the admin date field', () => {
  it('reads times as the editor writes them, in Danish or with a colon', () => {
    expect(parseTime('16.45')).toEqual([16, 45]);
    expect(parseTime('16:45')).toEqual([16, 45]);
    expect(parseTime(' 9.05 ')).toEqual([9, 5]);
    expect(parseTime('00.00')).toEqual([0, 0]);
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['', '24.00', '12.60', '1645', '16', 'kl. 16.45', undefined])
      expect(parseTime(text), String(text)).toBeNull();
  });
});

describe("the side panel's publication state", () => {
  const now = new Date('2026-12-02T12:00:00Z');

  it('tells a scheduled entry from a published one, in Copenhagen time', () => {
    expect(publicationState('2026-12-24T15:45:00Z', true, now)).toBe(
      'Planlagt: kommer på sitet 24. december 2026 kl. 16.45.',
    );
    expect(publicationState('2014-06-17T22:00:00Z', true, now)).toBe(
      'På sitet, dateret 18. juni 2014.',
    );
  });

  it('says what publishing a draft will do', () => {
    expect(publicationState(null, false, now)).toBe(
      'Kladde. Datoen bliver det tidspunkt, du udgiver.',
    );
    expect(publicationState('2026-12-24T15:45:00Z', false, now)).toBe(
      'Udgiver du nu, kommer den på sitet 24. december 2026 kl. 16.45.',
    );
    expect(publicationState('2014-06-17T22:00:00Z', false, now)).toBe(
      'Kladde, dateret 18. juni 2014.',
    );
  });
});
