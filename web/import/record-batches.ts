import { IMPORT_BATCH_SIZE, type ImportOutcome } from '@blog/shared';
import type { ContentImportClient } from './content-import-client.ts';
import type { Pending } from './import-report.ts';

/** What one request may carry: the CMS takes JSON bodies up to 1 MB (strapi::body's default). */
const MAX_REQUEST_BYTES = 900 * 1024;

/**
 * Hands records to the CMS a batch at a time, each request under the CMS's JSON limit: a batch is
 * cut short when it would pass it, and a record that alone would is reported as failed, not sent.
 */
export async function sendInBatches(
  client: ContentImportClient,
  dryRun: boolean,
  pending: Pending[],
  done: (item: Pending, outcome: ImportOutcome) => void,
): Promise<void> {
  let batch: Pending[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const outcomes = await client.entries(
      batch.map((item) => item.record),
      dryRun,
    );
    outcomes.forEach((outcome, i) => done(batch[i]!, outcome));
    batch = [];
    bytes = 0;
  };
  for (const item of pending) {
    const size = Buffer.byteLength(JSON.stringify(item.record));
    if (size > MAX_REQUEST_BYTES) {
      done(item, {
        key: item.record.key,
        action: 'failed',
        message: `too large to hand to the CMS (${Math.round(size / 1024)} KB; at most ${MAX_REQUEST_BYTES / 1024} KB)`,
      });
      continue;
    }
    if (batch.length >= IMPORT_BATCH_SIZE || bytes + size > MAX_REQUEST_BYTES) await flush();
    batch.push(item);
    bytes += size;
  }
  await flush();
}
