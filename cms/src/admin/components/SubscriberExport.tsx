import * as React from 'react';
import { useParams } from 'react-router-dom';
import { Button } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { SUBSCRIBER_UID, copenhagenDateKey } from '@blog/shared';
import { subscribersCsv, type SubscriberRow } from '../subscriber-csv';

/** The content manager's list API gives at most this many a page. */
const PAGE_SIZE = 100;

/**
 * *Eksportér (CSV)* on the subscribers' list: every subscriber, as the editor may read them
 * (through the content manager's own API, with its permissions), in a file for a spreadsheet.
 */
export function SubscriberExport() {
  const { slug } = useParams<{ slug: string }>();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  if (slug !== SUBSCRIBER_UID) return null;

  async function exportAll() {
    setBusy(true);
    try {
      const rows: SubscriberRow[] = [];
      for (let page = 1; ; page++) {
        const { data } = await get<{
          results: SubscriberRow[];
          pagination: { pageCount: number };
        }>(`/content-manager/collection-types/${SUBSCRIBER_UID}`, {
          params: { page, pageSize: PAGE_SIZE, sort: 'signedUpAt:ASC' },
        });
        rows.push(...data.results);
        if (page >= data.pagination.pageCount) break;
      }
      download(`abonnenter-${copenhagenDateKey(new Date())}.csv`, subscribersCsv(rows));
      toggleNotification({
        type: 'success',
        message: `${rows.length} ${rows.length === 1 ? 'abonnent' : 'abonnenter'} eksporteret`,
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: `Eksporten lykkedes ikke: ${(error as Error).message}`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button variant="tertiary" onClick={exportAll} loading={busy}>
      Eksportér (CSV)
    </Button>
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
