// The newsletter's subscribers as a spreadsheet file, for the editor's export (an overview, or a
// reader asking what is kept about them). Semicolons and a byte-order mark: Excel set to Danish
// opens it with the columns and the letters æ, ø and å right.
import { formatDanishDateTime } from '@blog/shared';

export interface SubscriberRow {
  email: string;
  state: 'afventer' | 'tilmeldt' | string;
  signedUpAt?: string | null;
  consentAt?: string | null;
  source?: string | null;
}

const COLUMNS = ['E-mail', 'Status', 'Tilmeldt den', 'Bekræftet den', 'Fra siden'];
const STATES: Record<string, string> = { afventer: 'Afventer', tilmeldt: 'Tilmeldt' };

export function subscribersCsv(rows: readonly SubscriberRow[]): string {
  const when = (value: string | null | undefined) => (value ? formatDanishDateTime(value) : '');
  const lines = [
    COLUMNS,
    ...rows.map((row) => [
      row.email,
      STATES[row.state] ?? row.state,
      when(row.signedUpAt),
      when(row.consentAt),
      row.source ?? '',
    ]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map(cell).join(';')).join('\r\n')}\r\n`;
}

/**
 * One cell: quoted when it holds a separator, quote or line break; a value a spreadsheet would
 * run as a formula (=, +, -, @ first) gets a leading apostrophe, so an address typed by anyone
 * stays text.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
