// What the site server knows about a build's files without touching the disk per request: each
// file's size, strong validator, last change and precompressed variants. Written once per build
// (precompress.ts) beside the build's client directory; only Node built-ins here.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type Encoding = 'br' | 'gzip';

/** The suffix of a file's precompressed sibling (index.html.br), as nginx and Caddy expect it. */
export const ENCODING_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

export interface SiteFile {
  size: number;
  /** A hash of the content: the strong ETag of the identity representation. */
  hash: string;
  /** When this content first appeared at this path (carried over while a page stays unchanged). */
  modified: string;
  /** Sizes of the precompressed siblings that exist (only where they are smaller). */
  encoded: Partial<Record<Encoding, number>>;
}

export interface SiteFiles {
  /** Path relative to the client directory, with forward slashes → what is known about it. */
  files: Record<string, SiteFile>;
}

export const MANIFEST_NAME = 'site-files.json';

/** The one table of media types: what the site server answers, and what the import uploads. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

/**
 * Text that compresses. Pagefind's index files (.pf_*, .pagefind) are gzipped by Pagefind itself
 * and unpacked by its script; images and fonts are compressed formats already.
 */
const COMPRESSIBLE = new Set([
  '.html',
  '.xml',
  '.xsl',
  '.txt',
  '.css',
  '.js',
  '.mjs',
  '.json',
  '.webmanifest',
  '.svg',
]);

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.has(path.extname(file).toLowerCase());
}

/** A content hash short enough for a header, long enough never to collide in one site. */
export function hashOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('base64url').slice(0, 27);
}

/** Every file under dir (relative, forward slashes), precompressed siblings left out. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !isSibling(entry.name))
    .map((entry) =>
      path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort();
}

function isSibling(name: string): boolean {
  return Object.values(ENCODING_SUFFIX).some(
    (suffix) => name.endsWith(suffix) && isCompressible(name.slice(0, -suffix.length)),
  );
}

/** The manifest of a directory nobody precompressed (a plain `npm run build:site` output): hashes only. */
export function scanFiles(dir: string, modified = new Date()): SiteFiles {
  const files: SiteFiles['files'] = {};
  for (const name of listFiles(dir)) {
    const content = fs.readFileSync(path.join(dir, name));
    const encoded = isCompressible(name) ? siblingSizes(dir, name) : {};
    files[name] = {
      size: content.length,
      hash: hashOf(content),
      modified: modified.toUTCString(),
      encoded,
    };
  }
  return { files };
}

/** The sizes of a file's precompressed siblings that exist on disk. */
export function siblingSizes(dir: string, name: string): SiteFile['encoded'] {
  const encoded: SiteFile['encoded'] = {};
  for (const [encoding, suffix] of Object.entries(ENCODING_SUFFIX) as Array<[Encoding, string]>) {
    const sibling = path.join(dir, name + suffix);
    if (fs.existsSync(sibling)) encoded[encoding] = fs.statSync(sibling).size;
  }
  return encoded;
}

export function readSiteFiles(file: string): SiteFiles | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SiteFiles;
  } catch {
    return null;
  }
}
