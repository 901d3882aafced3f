import http from 'node:http';
import https from 'node:https';
import type { PageResponse } from '@blog/shared';
import { siteSetting } from '../site-settings.ts';
import { withRetries } from './retry.ts';

/** Strapi's REST page size limit (cms/config/api.ts maxLimit); the site always asks for full pages. */
export const PAGE_SIZE = 100;
/** Pages of one collection fetched at the same time. */
const PAGE_CONCURRENCY = 4;

export interface CmsConnection {
  /** Base URL of the CMS, e.g. http://localhost:1337 */
  url: string;
  /** Read-only API token; sent as a header, never put in a URL or a page. */
  token: string;
  /** Counts the requests sent through this connection (sync reports, benchmarks). */
  stats?: { requests: number };
}

/** A CMS request that failed: the message names the URL (without the token) and the cause. */
export class CmsError extends Error {
  readonly url: string;
  /** Worth another try: no connection, a timeout or a server error. */
  readonly transient: boolean;

  constructor(url: string, cause: string, transient = false) {
    super(`CMS request failed: ${url}\n  cause: ${cause}`);
    this.url = url;
    this.transient = transient;
    this.name = 'CmsError';
  }
}

/** Query parameters in Strapi's bracket syntax: { populate: { author: { fields: ['slug'] } } }. */
export type Query = {
  [key: string]: string | number | boolean | Query | Array<string | number | Query>;
};

export function encodeQuery(query: Query, prefix = ''): string[] {
  return Object.entries(query).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value)) {
      return value.flatMap((item, index) =>
        typeof item === 'object'
          ? encodeQuery(item, `${name}[${index}]`)
          : [`${enc(`${name}[${index}]`)}=${enc(String(item))}`],
      );
    }
    if (typeof value === 'object') return encodeQuery(value, name);
    return [`${enc(name)}=${enc(String(value))}`];
  });
}

// Brackets stay readable in logs and error messages; Strapi parses them either way.
const enc = (text: string) => encodeURIComponent(text).replace(/%5B/g, '[').replace(/%5D/g, ']');

/** The CMS connection for this build, from CMS_URL and CMS_TOKEN; a clear error when either is missing. */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): CmsConnection {
  const url = siteSetting('cmsUrl', env);
  const token = siteSetting('cmsToken', env);
  if (!url)
    throw new Error(
      'CMS_URL is not set: the site needs the CMS address (run the build through `npm run build:site`, which sets it).',
    );
  if (!token)
    throw new Error(
      `CMS_TOKEN is not set: the site needs the CMS's read-only API token to read ${url}.`,
    );
  return { url, token };
}

/** Transient faults (no connection, timeouts, 5xx) are tried again after these waits. */
const BACKOFF_MS = [300, 1000];
/** How long one request may take (CMS_TIMEOUT_MS overrides). */
const timeoutMs = () => siteSetting('cmsTimeoutMs');

/** GETs one JSON document from the CMS REST API. */
export async function fetchJson<T>(
  connection: CmsConnection,
  path: string,
  query: Query = {},
): Promise<T> {
  const search = encodeQuery(query).join('&');
  const url = `${connection.url}/api/${path}${search ? `?${search}` : ''}`;
  return withRetries(() => fetchOnce<T>(connection, url), {
    backoffMs: BACKOFF_MS,
    retryable: (error) => error instanceof CmsError && error.transient,
  });
}

async function fetchOnce<T>(connection: CmsConnection, url: string): Promise<T> {
  if (connection.stats) connection.stats.requests++;
  let response: RawResponse;
  try {
    response = await get(
      url,
      { Authorization: `Bearer ${connection.token}`, Accept: 'application/json' },
      timeoutMs(),
    );
  } catch (error) {
    throw new CmsError(url, describeNetworkError(error), true);
  }
  const { status, statusText, location, body } = response;
  if (status < 200 || status > 299) {
    const moved = location
      ? ` (it redirects to ${location}; set CMS_URL to the CMS's own address)`
      : '';
    throw new CmsError(
      url,
      `HTTP ${status} ${statusText}${strapiMessage(body)}${moved}`,
      status >= 500,
    );
  }
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new CmsError(
      url,
      `the response is not JSON (starts with ${JSON.stringify(body.slice(0, 80))})`,
    );
  }
}

interface RawResponse {
  status: number;
  statusText: string;
  location?: string;
  body: string;
}

/**
 * One GET through node:http(s) rather than fetch(): loading fetch's implementation on its first
 * call costs every build more than a whole incremental sync. Connections are kept alive.
 */
function get(url: string, headers: Record<string, string>, timeout: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeout);
    // Whatever broke the request after a timeout, the timeout is the cause to report.
    const fail = (error: Error) => reject(signal.aborted ? signal.reason : error);
    const request = (url.startsWith('https:') ? https : http).get(
      url,
      { headers, signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete)
            fail(new Error('the connection closed before the whole response arrived'));
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            location: response.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', fail);
  });
}

/**
 * The one fetch-and-page routine: every page of a collection at PAGE_SIZE, checked against the
 * total the CMS reports, so a collection is never silently cut short. Each page is handed to
 * `onPage` as it arrives (in any order), so a caller that keeps less than the raw entries never
 * holds the whole collection as the CMS sent it.
 */
export async function forEachPage<T>(
  connection: CmsConnection,
  collection: string,
  query: Query,
  onPage: (entries: T[], page: number) => void | Promise<void>,
): Promise<void> {
  const pageQuery = (page: number): Query => ({
    ...query,
    status: 'published', // explicit: drafts never reach the site
    sort: query.sort ?? ['id:asc'], // a stable order, so no entry moves between pages while paging
    pagination: { page, pageSize: PAGE_SIZE, withCount: true },
  });
  const first = await fetchPage<T>(connection, collection, pageQuery(1));
  const { pageCount, total } = first.meta.pagination;
  let received = first.data.length;
  await onPage(first.data, 1);
  // The other pages side by side, a few at a time: the CMS answers faster than one by one, and a
  // bounded number never floods it.
  await forEachBounded(range(2, pageCount), PAGE_CONCURRENCY, async (page) => {
    const next = await fetchPage<T>(connection, collection, pageQuery(page));
    if (next.meta.pagination.total !== total) {
      throw new CmsError(
        `${connection.url}/api/${collection}`,
        `the collection changed while paging (${total} entries on page 1, ${next.meta.pagination.total} on page ${page}); build again`,
      );
    }
    received += next.data.length;
    await onPage(next.data, page);
  });
  if (received !== total) {
    throw new CmsError(
      `${connection.url}/api/${collection}`,
      `expected ${total} entries over ${pageCount} page(s) but received ${received}; the collection changed while paging or a page was cut short`,
    );
  }
}

/** Every published entry of a collection (see forEachPage), in the query's order. */
export async function fetchAllPages<T>(
  connection: CmsConnection,
  collection: string,
  query: Query = {},
): Promise<T[]> {
  const pages: T[][] = [];
  await forEachPage<T>(
    connection,
    collection,
    query,
    (entries, page) => void (pages[page - 1] = entries),
  );
  return pages.flat();
}

async function fetchPage<T>(
  connection: CmsConnection,
  collection: string,
  query: Query,
): Promise<PageResponse<T>> {
  const page = await fetchJson<PageResponse<T>>(connection, collection, query);
  const pagination = page?.meta?.pagination;
  if (!Array.isArray(page?.data) || !pagination || typeof pagination.total !== 'number') {
    throw new CmsError(
      `${connection.url}/api/${collection}`,
      'the response has no data array or no pagination meta',
    );
  }
  return page;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs() / 1000} s`;
    const code = (error as Error & { code?: string }).code;
    return code && !error.message.includes(code) ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

function strapiMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    return message ? `: ${message}` : '';
  } catch {
    return '';
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** Runs `each` over the items with at most `limit` calls at once. */
async function forEachBounded<T>(
  items: T[],
  limit: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
