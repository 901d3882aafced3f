import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { CONTENT_MODEL, isLoopback, normaliseAddress, routes } from '@blog/shared';
import { securityHeaders } from '../src/lib/security-headers.ts';
import { readBody } from './http-body.ts';
import type { InquiryQueueStatus } from './contact/inquiry-queue.ts';
import type { SiteBuilder } from './builder/site-builder.ts';

interface ServerOptions {
  builder: SiteBuilder;
  /** The secret the CMS's webhook sends as a Bearer token (it also opens the status). */
  webhookSecret: string;
  /** Origin of the CMS's media (allowed as an image source). */
  mediaOrigin?: string | null;
  /** How long a request may take to arrive, and a connection may sit idle (SITE_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs?: number;
  /** The site forms' routes, asked in turn before the static files (contact-route.ts, newsletter-route.ts). */
  forms?: FormRoute[];
  /** The contact form's queue, for the status. */
  inquiries?: () => InquiryQueueStatus;
  log?: (line: string) => void;
}

/** The content types whose changes show on the site. */
/** Routes of their own on the live site: each answers a request it knows, and says so. */
export interface FormRoute {
  handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean;
}

const SITE_MODELS: ReadonlySet<string> = new Set(Object.keys(CONTENT_MODEL.types));

const WEBHOOK_PATH = '/_builder/webhook';
const STATUS_PATH = '/_builder/status';
/** Request headers beyond this are refused by Node with 431 (browsers send 1–2 KB; nginx's default is 8 KB). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** A webhook payload is one entry; Strapi itself accepts no JSON body over 1 MB (koa-body's default). */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** How long an idle keep-alive connection stays open between requests. */
const KEEP_ALIVE_MS = 5_000;
/** How long a preview request waits for a worker that is still loading the previews (first start). */
const PREVIEW_WAIT_MS = 15_000;

/**
 * The site as readers get it (GET and HEAD only; static-files.ts), plus the publishing flow:
 * - POST /_builder/webhook: the CMS's webhook (Bearer secret) asks for a rebuild;
 * - GET /_builder/status: the builds and memory, for the webhook secret or this machine only;
 * - /preview/…: drafts rendered on demand by a build worker (signed links only; see src/preview);
 * - the site forms: the contact page and POST /kontakt/send (contact-route.ts), the newsletter's
 *   sign-up and the pages its mails link to (newsletter-route.ts).
 * Slow or oversized requests are cut off (timeouts, 431, 413) and no error detail reaches a reader.
 */
export function createSiteServer(options: ServerOptions): http.Server {
  const { builder } = options;
  const log = options.log ?? console.log;
  const pageHeaders = securityHeaders(options.mediaOrigin ?? null);
  const searchPageHeaders = securityHeaders(options.mediaOrigin ?? null, { webAssembly: true });
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      // Headers and body must have arrived within the timeout (a slowloris client is cut off)…
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      keepAliveTimeout: Math.min(KEEP_ALIVE_MS, timeoutMs),
      // …checked this often (Node's default, 30 s, would let a slow client stay twice as long).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, timeoutMs / 4)),
    },
    handle,
  );
  server.maxHeadersCount = 100;
  // A client that stops reading (or sending) for this long is disconnected.
  server.timeout = timeoutMs;
  return server;

  function handle(req: IncomingMessage, res: ServerResponse) {
    const pathname = (req.url ?? '/').split('?')[0]!;
    const headers = usesSearch(pathname) ? searchPageHeaders : pageHeaders;
    try {
      if (pathname === WEBHOOK_PATH) return void handleWebhook(req, res);
      if (pathname === STATUS_PATH) return handleStatus(req, res);
      const live = builder.live;
      if (live && options.forms?.some((route) => route.handle(req, res, headers))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return refuse(res, 405, { Allow: 'GET, HEAD' }, headers);
      if (!live)
        return sendText(res, 503, 'The site is being built.', { ...headers, 'Retry-After': '5' });
      if (pathname.startsWith('/preview/')) return void proxyPreview(req, res, headers);
      const redirectTo = redirectFor(live.redirects, req.url ?? '/');
      if (redirectTo)
        return void res
          .writeHead(301, { ...headers, Location: redirectTo, 'Cache-Control': 'no-cache' })
          .end();
      live.site.serve(req, res, headers);
    } catch (error) {
      log(`[site] ${req.method} ${req.url} failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, headers).end();
    }
  }

  /**
   * The redirect for a request: its whole address first (the old blog's `/?p=12`), then each of
   * its query's parameters alone (`/?p=12&utm_source=x`), then its path alone (an old slug, with
   * or without a tracking query).
   */
  function redirectFor(redirects: Map<string, string>, url: string): string | undefined {
    let address: string;
    try {
      address = normaliseAddress(url);
    } catch {
      return undefined; // not an address at all: the site answers it (400 or 404)
    }
    const direct = redirects.get(address);
    if (direct) return direct;
    const [path, query] = address.split('?') as [string, string | undefined];
    if (query === undefined) return undefined;
    for (const parameter of query.split('&')) {
      const found = redirects.get(`${path}?${parameter}`);
      if (found) return found;
    }
    return redirects.get(path);
  }

  function handleStatus(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, { Allow: 'GET, HEAD' }, pageHeaders);
    if (!bearerMatches(req.headers.authorization, options.webhookSecret) && !fromThisMachine(req))
      return sendJson(res, 403, {
        error:
          'The build status needs the webhook secret (Authorization: Bearer …) or a request from this machine.',
      });
    sendJson(res, 200, {
      ...builder.status(),
      ...(options.inquiries ? { inquiries: options.inquiries() } : {}),
    });
  }

  async function handleWebhook(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return refuse(res, 405, { Allow: 'POST' }, pageHeaders);
    if (!bearerMatches(req.headers.authorization, options.webhookSecret)) {
      log('[builder] Refused a webhook call without the right secret');
      return sendJson(res, 401, { error: 'unauthorized' }, { Connection: 'close' });
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_WEBHOOK_BYTES) return tooLarge(res);
    let event: { event?: string; model?: string; entry?: { publishedAt?: string | null } };
    try {
      const body = await readBody(req, MAX_WEBHOOK_BYTES);
      if (body === null) return tooLarge(res);
      event = JSON.parse(body);
    } catch (error) {
      return sendJson(res, 400, {
        error: `not a JSON webhook payload: ${(error as Error).message}`,
      });
    }
    const reason = relevantChange(event);
    if (!reason) return sendJson(res, 202, { ignored: true });
    builder.request(reason, { force: reason.startsWith('media.') });
    sendJson(res, 202, { queued: true });
  }

  /** Passes a preview request to the build worker that has the live build's on-demand routes. */
  async function proxyPreview(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ) {
    // The wait is ours, not a slow client's: the idle cut-off pauses meanwhile.
    req.socket.setTimeout(0);
    const port = await previewPortSoon(req);
    if (req.socket.destroyed) return; // the editor gave up
    req.socket.setTimeout(timeoutMs);
    if (!port)
      return sendText(res, 503, 'The preview is starting; try again in a moment.', {
        ...headers,
        'Retry-After': '3',
      });
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        // The site's headers where the preview sets none (it sets its own frame-ancestors).
        for (const [name, value] of Object.entries(headers))
          if (!(name.toLowerCase() in out)) out[name] = value;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      log(`[site] preview ${req.url} failed: ${error.message}`);
      if (!res.headersSent) sendText(res, 502, 'The preview is not available right now.', headers);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  /**
   * The port of the worker answering previews. Right after a first start none may be yet (its
   * worker is still warming up): the editor's request waits for it rather than failing.
   */
  async function previewPortSoon(req: IncomingMessage): Promise<number | null> {
    const deadline = Date.now() + PREVIEW_WAIT_MS;
    for (;;) {
      const port = builder.previewPort;
      if (port || Date.now() >= deadline || req.socket.destroyed) return port;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Headers that belong to one connection, not to the response passed on (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

/**
 * From this machine and not passed on by a proxy: a reverse proxy on the same host connects from
 * loopback too, but says whom it forwards for (nginx and Caddy as configured in docs/operations.md).
 */
function fromThisMachine(req: IncomingMessage): boolean {
  const forwarded =
    req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  const address = req.socket.remoteAddress ?? '';
  return !forwarded && isLoopback(address);
}

/** The search page and Pagefind's own files (its worker compiles the WebAssembly search). */
function usesSearch(pathname: string): boolean {
  return pathname === routes.search() || pathname.startsWith('/pagefind/');
}

/** Why a CMS event changes the public site, or null when it does not (e.g. saving a draft). */
export function relevantChange(payload: {
  event?: string;
  model?: string;
  entry?: { publishedAt?: string | null };
}): string | null {
  const { event = '', model } = payload;
  if (event.startsWith('media.')) return event;
  if (!model || !SITE_MODELS.has(model)) return null;
  if ((event === 'entry.create' || event === 'entry.update') && !payload.entry?.publishedAt)
    return null;
  return `${event} ${model}`;
}

function bearerMatches(header: string | undefined, secret: string): boolean {
  if (!secret || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

/** 413, and the connection closes: the rest of the body is not read. */
function tooLarge(res: ServerResponse): void {
  sendJson(
    res,
    413,
    { error: `The webhook accepts bodies up to ${MAX_WEBHOOK_BYTES} bytes.` },
    { Connection: 'close' },
  );
}

/** A refusal that does not wait for a body the client may still be sending. */
function refuse(
  res: ServerResponse,
  status: number,
  extra: Record<string, string>,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, ...extra, Connection: 'close' }).end();
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    })
    .end(JSON.stringify(body));
}
