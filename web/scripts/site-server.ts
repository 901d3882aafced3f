import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { routes } from '@blog/shared';
import { securityHeaders } from '../src/lib/security-headers';
import type { SiteBuilder } from './site-builder';
import { serveStatic } from './static-files';

interface ServerOptions {
  builder: SiteBuilder;
  /** The secret the CMS's webhook sends as a Bearer token. */
  webhookSecret: string;
  /** Origin of the CMS's media (allowed as an image source). */
  mediaOrigin?: string | null;
  log?: (line: string) => void;
}

/** The content types whose changes show on the site. */
const SITE_MODELS = new Set(['post', 'author', 'opinion', 'tag', 'site']);

/**
 * The site as readers get it, plus two endpoints for the publishing flow:
 * - POST /_builder/webhook: the CMS's webhook (Bearer secret) asks for a rebuild;
 * - GET /_builder/status: the last successful build, a build in progress, the last error;
 * - /preview/…: drafts rendered on demand by the live build (signed links only; see src/preview).
 */
export function createSiteServer(options: ServerOptions): http.Server {
  const { builder } = options;
  const log = options.log ?? console.log;
  const headers = Object.entries(securityHeaders(options.mediaOrigin ?? null));
  const searchPageHeaders = Object.entries(
    securityHeaders(options.mediaOrigin ?? null, { webAssembly: true }),
  );
  return http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    // Defaults for every response; the preview page sets its own frame-ancestors (the admin frames it).
    for (const [name, value] of usesSearch(pathname) ? searchPageHeaders : headers)
      res.setHeader(name, value);
    try {
      if (pathname === '/_builder/webhook') return void handleWebhook(req, res);
      if (pathname === '/_builder/status') return sendJson(res, 200, builder.status());
      const live = builder.live;
      if (!live)
        return void res
          .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' })
          .end('The site is being built.');
      if (pathname.startsWith('/preview/')) {
        if (!live.handler) return void res.writeHead(404).end();
        return live.handler(req, res, () => serveStatic(live.clientDir, req, res));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      const redirectTo = live.redirects.get(pathname.endsWith('/') ? pathname : `${pathname}/`);
      if (redirectTo)
        return void res.writeHead(301, { Location: redirectTo, 'Cache-Control': 'no-cache' }).end();
      serveStatic(live.clientDir, req, res);
    } catch (error) {
      log(`[site] ${req.method} ${req.url} failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });

  async function handleWebhook(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
    if (!bearerMatches(req.headers.authorization, options.webhookSecret)) {
      log('[builder] Refused a webhook call without the right secret');
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    let event: { event?: string; model?: string; entry?: { publishedAt?: string | null } };
    try {
      event = JSON.parse(await readBody(req, 1_000_000));
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

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    })
    .end(JSON.stringify(body));
}
