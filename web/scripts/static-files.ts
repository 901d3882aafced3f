import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Serves a built site from a directory the way a static host would: /path/ → path/index.html,
 * /path → 301 to /path/ when that is a page, 404.html with status 404 otherwise. Never outside root.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://site.invalid');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return sendNotFound(root, res);
  }
  const resolved = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return sendNotFound(root, res);

  let file = resolved;
  if (pathname.endsWith('/')) file = path.join(resolved, 'index.html');
  else if (isFile(path.join(resolved, 'index.html'))) {
    res.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
    return;
  }
  if (!isFile(file)) return sendNotFound(root, res);
  sendFile(res, file, 200, req.method === 'HEAD');
}

function sendNotFound(root: string, res: ServerResponse): void {
  const page = path.join(root, '404.html');
  if (isFile(page)) sendFile(res, page, 404, false);
  else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}

function sendFile(res: ServerResponse, file: string, status: number, headOnly: boolean): void {
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets never change; pages must be revalidated so a publish shows at once.
  const cache = file.includes(`${path.sep}_astro${path.sep}`)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
  });
  if (headOnly) return void res.end();
  fs.createReadStream(file).pipe(res);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
