// The import's side of `/api/content-import` (see @blog/shared's content-import.ts): records and
// files handed to the CMS with the import's token. Every request is safe to repeat (the CMS keys
// what it imports), so a dropped connection or a 5xx is tried again before the import gives up.
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CONTENT_IMPORT_PATH,
  type ImportOutcome,
  type ImportRecord,
  type MediaOutcome,
} from '@blog/shared';
import type { CmsConnection } from '../src/lib/cms-client.ts';
import { withRetries } from '../src/lib/retry.ts';
import { contentType } from '../build/site-files.ts';

/** A transient fault is tried again after these waits. */
const BACKOFF_MS = [1000, 5000];
/** One batch of records can mean dozens of database writes; a file upload makes its sizes. */
const TIMEOUT_MS = 120_000;

export class ImportRequestError extends Error {
  readonly url: string;
  readonly transient: boolean;

  constructor(url: string, message: string, transient: boolean) {
    super(`${url}: ${message}`);
    this.url = url;
    this.transient = transient;
    this.name = 'ImportRequestError';
  }
}

export function contentImportClient(cms: CmsConnection) {
  const endpoint = (name: string) => `${cms.url}/api/${CONTENT_IMPORT_PATH}/${name}`;

  async function post<T>(url: string, body: () => BodyInit, json: boolean): Promise<T> {
    return withRetries(() => postOnce<T>(url, body(), json), {
      backoffMs: BACKOFF_MS,
      retryable: (error) => error instanceof ImportRequestError && error.transient,
    });
  }

  async function postOnce<T>(url: string, body: BodyInit, json: boolean): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${cms.token}`,
          Accept: 'application/json',
          ...(json ? { 'Content-Type': 'application/json' } : {}),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new ImportRequestError(url, `no answer (${cause})`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = '';
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
      } catch {
        // not Strapi's JSON: the status says it
      }
      const hint =
        response.status === 401 || response.status === 403
          ? ' (the import token is missing or not allowed: start the CMS once so it writes cms/.tmp/import-token.json, or set CMS_IMPORT_TOKEN)'
          : '';
      throw new ImportRequestError(
        url,
        `HTTP ${response.status}${message ? `: ${message}` : ''}${hint}`,
        response.status >= 500,
      );
    }
    return (JSON.parse(text) as { data: T }).data;
  }

  return {
    /** Hands records to the CMS in order; the answer has one outcome per record. */
    entries(records: ImportRecord[], dryRun: boolean): Promise<ImportOutcome[]> {
      return post(endpoint('entries'), () => JSON.stringify({ records, dryRun }), true);
    },

    /** Puts a local file into the media library under `key` (once: a second run gets the same file). */
    async media(
      key: string,
      file: string | null,
      info: { alternativeText: string | null; caption: string | null; dryRun: boolean },
    ): Promise<MediaOutcome> {
      const bytes = file && !info.dryRun ? await fs.readFile(file) : null;
      return post(
        endpoint('media'),
        () => {
          const form = new FormData();
          form.set('key', key);
          form.set('dryRun', String(info.dryRun));
          if (info.alternativeText) form.set('alternativeText', info.alternativeText);
          if (info.caption) form.set('caption', info.caption);
          // The media library makes sizes and reads dimensions only of what it is told is an image.
          if (bytes && file)
            form.set('file', new Blob([bytes], { type: contentType(file) }), path.basename(file));
          return form;
        },
        false,
      );
    },
  };
}

export type ContentImportClient = ReturnType<typeof contentImportClient>;
