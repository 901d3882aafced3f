import { describe, expect, it } from 'vitest';
import { slugify } from '@blog/shared';

describe('slugify', () => {
  it.each([
    ['Ikke flere kunder tak.', 'ikke-flere-kunder-tak'],
    ['Særlig ærlig', 'saerlig-aerlig'],
    ['Før og efter', 'foer-og-efter'],
    ['Års erfaring på Ærø', 'aars-erfaring-paa-aeroe'],
    ['KOM SÅ VIDERE', 'kom-saa-videre'],
    ['ÆØÅ æøå', 'aeoeaa-aeoeaa'],
    ['Café crème', 'cafe-creme'],
    ['  --Salg -- & kunder!! ', 'salg-kunder'],
    ['Tak, men nej tak', 'tak-men-nej-tak'],
    ['100 spørgsmål', '100-spoergsmaal'],
    ['<script>', 'script'],
    ['🙂', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});
