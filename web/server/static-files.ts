import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  ENCODING_SUFFIX,
  MANIFEST_NAME,
  contentType,
  isCompressible,
  readSiteFiles,
  scanFiles,
  type Encoding,
  type SiteFile,
  type SiteFiles,
} from '../build/site-files.ts';

/** Files up to this size are kept in memory once read; larger ones are streamed from disk. */
const CACHE_FILE_BYTES = 512 * 1024;
/** What one build's file cache may hold in all (least recently used files leave first). */
const CACHE_TOTAL_BYTES = 64 * 1024 * 1024;

const ETAG_SUFFIX: Record<Encoding, string> = { br: '-br', gzip: '-gz' };
/** Addresses (and Accept-Encoding values) whose answer is remembered before the memory is cleared. */
const MAX_REMEMBERED = 10_000;

type Target = { name: string; status: 200 | 404 } | { name: ''; status: 301; location: string };

interface PreparedHeaders {
  etag: string;
  /** For a 304: the validators and caching headers, no body headers. */
  notModified: Record<string, string>;
  full: Record<string, string | number>;
}

/**
 * One build's files, served the way a good static host serves them: /path/ → path/index.html,
 * /path → 301 to /path/ when that is a page, 404.html with status 404 otherwise, never anything
 * outside the build (only files in the manifest exist). Every file carries a strong ETag and
 * Last-Modified, answers conditional requests with 304, and goes out precompressed (Brotli or
 * gzip, by Accept-Encoding) when it has a compressed sibling; single byte ranges are honoured.
 */
export class StaticSite {
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;
  // What each request needs is worked out once, so a busy page costs a few map lookups.
  private readonly targets = new Map<string, Target>();
  private readonly encodings = new Map<string, Encoding | null>();
  private readonly prepared = new WeakMap<object, Map<string, PreparedHeaders>>();

  readonly clientDir: string;
  private readonly manifest: SiteFiles;
  /** Where the files are by content (object-store.ts), when not at their paths in clientDir. */
  private readonly objectsDir: string | null;

  constructor(clientDir: string, manifest: SiteFiles, objectsDir: string | null = null) {
    this.clientDir = clientDir;
    this.manifest = manifest;
    this.objectsDir = objectsDir;
  }

  /** A directory's files by the manifest beside it (precompress.ts), or hashed now without one. */
  static load(
    clientDir: string,
    manifestFile = path.join(clientDir, '..', MANIFEST_NAME),
  ): StaticSite {
    return new StaticSite(clientDir, readSiteFiles(manifestFile) ?? scanFiles(clientDir));
  }

  /** A site server build: its manifest, its files in the object store. */
  static fromObjects(clientDir: string, manifestFile: string, objectsDir: string): StaticSite {
    const manifest = readSiteFiles(manifestFile);
    if (!manifest) throw new Error(`${manifestFile} is missing or unreadable`);
    return new StaticSite(clientDir, manifest, objectsDir);
  }

  /** Where a file (or its variant) is on disk. */
  private diskPath(name: string, file: SiteFile, encoding: Encoding | null): string {
    const suffix = encoding ? ENCODING_SUFFIX[encoding] : '';
    return this.objectsDir
      ? path.join(this.objectsDir, file.hash + suffix)
      : path.join(this.clientDir, name + suffix);
  }

  /** A file's content by its path in the site, or null when the site has no such file. */
  read(name: string): Buffer | null {
    const file = this.manifest.files[name];
    return file ? fs.readFileSync(this.diskPath(name, file, null)) : null;
  }

  /** Answers a GET or HEAD; `headers` go on every response (security headers). */
  serve(req: IncomingMessage, res: ServerResponse, headers: Record<string, string> = {}): void {
    const target = this.resolve(req.url ?? '/');
    if (target.status === 301)
      return void res.writeHead(301, { ...headers, Location: target.location }).end();
    this.send(req, res, target.name, target.status, headers);
  }

  /** What an address names: a file (or the 404 page), or a redirect to the address with a slash. */
  private resolve(url: string): Target {
    let target = this.targets.get(url);
    if (target) return target;
    target = this.resolveNow(url);
    // Remembered per address; an address flood only costs a cleared map now and then.
    if (this.targets.size >= MAX_REMEMBERED) this.targets.clear();
    this.targets.set(url, target);
    return target;
  }

  private resolveNow(url: string): Target {
    // Split by hand: URL() would read '//blog/x' as the host 'blog'.
    const queryAt = url.indexOf('?');
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    let pathname: string;
    try {
      pathname = path.posix.normalize(
        decodeURIComponent(queryAt === -1 ? url : url.slice(0, queryAt)),
      );
    } catch {
      return this.notFoundTarget();
    }
    if (!pathname.startsWith('/')) return this.notFoundTarget();
    const name = pathname.slice(1);
    if (pathname.endsWith('/')) return this.fileTarget(`${name}index.html`);
    // From the normalised path: '/x/..//blog' must not become a protocol-relative '//blog/'.
    if (this.manifest.files[`${name}/index.html`])
      return { name: '', status: 301, location: `${encodeURI(pathname)}/${search}` };
    return this.fileTarget(name);
  }

  private fileTarget(name: string): Target {
    return this.manifest.files[name] ? { name, status: 200 } : this.notFoundTarget();
  }

  private notFoundTarget(): Target {
    return { name: '404.html', status: 404 };
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    status: 200 | 404,
    headers: Record<string, string>,
  ): void {
    const file = this.manifest.files[name];
    if (!file)
      return void res
        .writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Not found');
    const range = status === 200 ? requestedRange(req, file) : null;
    if (range === 'unsatisfiable')
      return void res.writeHead(416, { ...headers, 'Content-Range': `bytes */${file.size}` }).end();
    // A range is of the file itself; anything else goes out in the best encoding the client takes.
    const encoding = range ? null : this.encodingFor(req.headers['accept-encoding'], file);
    const response = this.responseHeaders(name, file, status, encoding, headers);
    if (status === 200 && notModified(req, response.etag, file.modified))
      return void res.writeHead(304, response.notModified).end();
    const diskName = this.diskPath(name, file, encoding);
    const size = encoding ? file.encoded[encoding]! : file.size;
    if (range) {
      res.writeHead(206, {
        ...response.full,
        'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`,
        'Content-Length': range.end - range.start + 1,
      });
    } else res.writeHead(status, response.full);
    if (req.method === 'HEAD') return void res.end();
    this.writeBody(res, diskName, size, range);
  }

  /** The encoding for an Accept-Encoding value (browsers send a handful of distinct ones). */
  private encodingFor(header: string | undefined, file: SiteFile): Encoding | null {
    const key = `${header ?? ''}|${file.encoded.br === undefined ? '' : 'br'}|${file.encoded.gzip === undefined ? '' : 'gz'}`;
    let choice = this.encodings.get(key);
    if (choice === undefined) {
      choice = chooseEncoding(header, file.encoded);
      if (this.encodings.size >= MAX_REMEMBERED) this.encodings.clear();
      this.encodings.set(key, choice);
    }
    return choice;
  }

  /** A response's headers, made once per file, status, encoding and set of site headers. */
  private responseHeaders(
    name: string,
    file: SiteFile,
    status: 200 | 404,
    encoding: Encoding | null,
    headers: Record<string, string>,
  ): PreparedHeaders {
    let forHeaders = this.prepared.get(headers);
    if (!forHeaders) this.prepared.set(headers, (forHeaders = new Map()));
    const key = `${status}|${encoding ?? ''}|${name}`;
    const known = forHeaders.get(key);
    if (known) return known;
    const etag = `"${file.hash}${encoding ? ETAG_SUFFIX[encoding] : ''}"`;
    const common: Record<string, string> = {
      ...headers,
      // Hashed assets never change; pages must be revalidated so a publish shows at once.
      'Cache-Control':
        name.startsWith('_astro/') && status === 200
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      ETag: etag,
      'Last-Modified': file.modified,
      ...(isCompressible(name) ? { Vary: 'Accept-Encoding' } : {}),
    };
    const prepared: PreparedHeaders = {
      etag,
      notModified: common,
      full: {
        ...common,
        'Content-Type': contentType(name),
        'Accept-Ranges': 'bytes',
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
        'Content-Length': encoding ? file.encoded[encoding]! : file.size,
      },
    };
    forHeaders.set(key, prepared);
    return prepared;
  }

  private writeBody(
    res: ServerResponse,
    diskName: string,
    size: number,
    range: { start: number; end: number } | null,
  ): void {
    const cached = this.cache.get(diskName);
    if (cached) {
      // Most recently used goes last; the oldest leave first when the cache is full.
      this.cache.delete(diskName);
      this.cache.set(diskName, cached);
      return void res.end(range ? cached.subarray(range.start, range.end + 1) : cached);
    }
    const full = diskName;
    if (size > CACHE_FILE_BYTES) {
      const stream = fs.createReadStream(full, range ?? {});
      stream.on('error', () => res.destroy());
      return void stream.pipe(res);
    }
    fs.readFile(full, (error, content) => {
      if (error) return void res.destroy(); // the build was removed under us; the client retries
      this.remember(diskName, content);
      res.end(range ? content.subarray(range.start, range.end + 1) : content);
    });
  }

  private remember(diskName: string, content: Buffer): void {
    if (this.cache.has(diskName)) return;
    this.cache.set(diskName, content);
    this.cachedBytes += content.length;
    for (const [oldest, buffer] of this.cache) {
      if (this.cachedBytes <= CACHE_TOTAL_BYTES) break;
      this.cache.delete(oldest);
      this.cachedBytes -= buffer.length;
    }
  }
}

/**
 * The encoding to send: the one the client weighs highest among those the file has (Brotli first
 * when equal), or none.
 */
export function chooseEncoding(
  header: string | undefined,
  available: SiteFile['encoded'],
): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    weights.set(token.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  let best: Encoding | null = null;
  for (const encoding of ['br', 'gzip'] as const) {
    if (available[encoding] === undefined || weight(encoding) <= 0) continue;
    if (!best || weight(encoding) > weight(best)) best = encoding;
  }
  return best;
}

/** RFC 9110: If-None-Match wins over If-Modified-Since; a weak tag matches too (GET and HEAD). */
function notModified(req: IncomingMessage, etag: string, modified: string): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) {
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Date.parse(modified) <= since;
}

/** One byte range (a multi-range request gets the whole file, as RFC 9110 allows). */
function requestedRange(
  req: IncomingMessage,
  file: SiteFile,
): { start: number; end: number } | 'unsatisfiable' | null {
  const header = req.headers.range;
  if (!header || req.method !== 'GET') return null;
  // If-Range: the range only applies to the representation the client already has part of.
  const ifRange = String(req.headers['if-range'] ?? '');
  if (ifRange && ifRange !== `"${file.hash}"` && Date.parse(ifRange) !== Date.parse(file.modified))
    return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  const last = file.size - 1;
  let start: number;
  let end: number;
  if (!match[1]) {
    start = Math.max(0, file.size - Number(match[2]));
    end = last;
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), last) : last;
  }
  if (start > end || start > last) return 'unsatisfiable';
  return { start, end };
}
