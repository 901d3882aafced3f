// The editor's export of the newsletter's subscribers: a file Excel set to Danish opens right,
// whatever a reader typed into the form.
import { describe, expect, it } from 'vitest';
import { formatDanishDateTime } from '@blog/shared';
import { subscribersCsv } from '../../cms/src/admin/subscriber-csv';

/** The file's rows, each a list of cells, read back by the rules it was written with. */
function rowsOf(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    rows.at(-1)!.push(cell);
    cell = '';
  };
  for (let i = 1; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted && c === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ';') endCell();
    else if (c === '\r' && csv[i + 1] === '\n') {
      endCell();
      rows.push([]);
      i++;
    } else cell += c;
  }
  return rows.filter((row) => row.length);
}

describe('the subscribers export', () => {
  it('has a Danish header, Danish states and Copenhagen times, one row per subscriber', () => {
    const signedUpAt = '2026-06-01T08:30:00.000Z';
    const rows = rowsOf(
      subscribersCsv([
        {
          email: 'mette@firma.example',
          state: 'tilmeldt',
          signedUpAt,
          consentAt: signedUpAt,
          source: '/blog/et/',
        },
        {
          email: 'jens@firma.example',
          state: 'afventer',
          signedUpAt,
          consentAt: null,
          source: null,
        },
      ]),
    );
    expect(rows).toEqual([
      ['E-mail', 'Status', 'Tilmeldt den', 'Bekræftet den', 'Fra siden'],
      [
        'mette@firma.example',
        'Tilmeldt',
        formatDanishDateTime(signedUpAt),
        formatDanishDateTime(signedUpAt),
        '/blog/et/',
      ],
      ['jens@firma.example', 'Afventer', formatDanishDateTime(signedUpAt), '', ''],
    ]);
    expect(formatDanishDateTime(signedUpAt)).toBe('1. juni 2026 kl. 10.30');
  });

  it('keeps separators, quotes and line breaks inside their cell, and formulas as text', () => {
    const hostile = [
      'a;b@firma.example',
      '"citat"@firma.example',
      '=HYPERLINK("http://evil.example")',
      '+1@firma.example',
      '-2@firma.example',
      '@sum@firma.example',
      'linje\r\nskift@firma.example',
    ];
    const rows = rowsOf(subscribersCsv(hostile.map((email) => ({ email, state: 'afventer' }))));
    expect(rows.slice(1).map((row) => row[0])).toEqual([
      'a;b@firma.example',
      '"citat"@firma.example',
      `'=HYPERLINK("http://evil.example")`,
      `'+1@firma.example`,
      `'-2@firma.example`,
      `'@sum@firma.example`,
      'linje\r\nskift@firma.example',
    ]);
    expect(rows.every((row) => row.length === 5)).toBe(true);
  });
});
