// Every text file of a build, compressed once with Brotli and gzip into siblings (index.html.br,
// index.html.gz) so that no request pays for compression, and the site's file manifest. A file that
// is byte for byte what the previous build had reuses that build's siblings and keeps its date:
// after an edit only the pages that changed are compressed again.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import {
  ENCODING_SUFFIX,
  hashOf,
  isCompressible,
  listFiles,
  siblingSizes,
  type Encoding,
  type SiteFile,
  type SiteFiles,
} from './site-files.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli quality 6: on the site's pages quality 11 is 8–12 % smaller but 35 times slower (30 ms for
 * one 12 KB post page against under 1 ms), which a publish would wait for. gzip 9 costs little more
 * than 6 at these sizes.
 */
const COMPRESS: Record<Encoding, (content: Buffer) => Promise<Buffer>> = {
  br: (content) =>
    brotli(content, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
  gzip: (content) => gzip(content, { level: 9 }),
};

/** Below this, a compressed body saves less than its headers cost. */
const MIN_SIZE = 256;
/** Files in flight at once: enough to keep libuv's thread pool busy, few enough to bound memory. */
const AT_ONCE = 16;

/**
 * The precompressed variants of a text file worth keeping: each encoding smaller than the file,
 * none for a file too small to gain.
 */
export async function compressedVariants(
  content: Buffer,
): Promise<Partial<Record<Encoding, Buffer>>> {
  const variants: Partial<Record<Encoding, Buffer>> = {};
  if (content.length < MIN_SIZE) return variants;
  for (const encoding of Object.keys(COMPRESS) as Encoding[]) {
    const packed = await COMPRESS[encoding](content);
    if (packed.length < content.length) variants[encoding] = packed;
  }
  return variants;
}

export interface PrecompressStats {
  files: number;
  compressed: number;
  reused: number;
  bytes: number;
  brotliBytes: number;
  ms: number;
}

/** The previous build, whose unchanged files need no new compression. */
export interface PreviousFiles {
  clientDir: string;
  files: SiteFiles | null;
}

export async function precompress(
  clientDir: string,
  previous: PreviousFiles | null,
  now = new Date(),
): Promise<{ manifest: SiteFiles; stats: PrecompressStats }> {
  const started = Date.now();
  const names = listFiles(clientDir);
  const files: SiteFiles['files'] = {};
  const stats: PrecompressStats = {
    files: names.length,
    compressed: 0,
    reused: 0,
    bytes: 0,
    brotliBytes: 0,
    ms: 0,
  };
  let next = 0;
  const work = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      files[name] = await prepare(name);
    }
  };

  async function prepare(name: string): Promise<SiteFile> {
    const file = path.join(clientDir, name);
    const content = await fs.promises.readFile(file);
    const hash = hashOf(content);
    stats.bytes += content.length;
    const before = previous && (await previousFile(previous, name));
    const entry: SiteFile = {
      size: content.length,
      hash,
      modified: before?.hash === hash ? before.modified : now.toUTCString(),
      encoded: {},
    };
    if (!isCompressible(name) || content.length < MIN_SIZE) return entry;
    if (
      before?.hash === hash &&
      reuseSiblings(previous!.clientDir, clientDir, name, before, entry)
    ) {
      stats.reused++;
    } else {
      const variants = await compressedVariants(content);
      for (const [encoding, packed] of Object.entries(variants) as Array<[Encoding, Buffer]>) {
        // A fresh file, never through a link a half-done reuse may have left to the previous build.
        await fs.promises.rm(file + ENCODING_SUFFIX[encoding], { force: true });
        await fs.promises.writeFile(file + ENCODING_SUFFIX[encoding], packed);
        entry.encoded[encoding] = packed.length;
      }
      stats.compressed++;
    }
    stats.brotliBytes += entry.encoded.br ?? content.length;
    return entry;
  }

  await Promise.all(Array.from({ length: AT_ONCE }, work));
  stats.ms = Date.now() - started;
  // Sorted, so that the manifest reads the same for the same site.
  const manifest = { files: Object.fromEntries(names.map((name) => [name, files[name]!])) };
  return { manifest, stats };
}

/** What the previous build had at this path: from its manifest, or hashed now when it has none. */
async function previousFile(
  previous: PreviousFiles,
  name: string,
): Promise<Pick<SiteFile, 'hash' | 'modified' | 'encoded'> | null> {
  if (previous.files) return previous.files.files[name] ?? null;
  try {
    const content = await fs.promises.readFile(path.join(previous.clientDir, name));
    const stat = await fs.promises.stat(path.join(previous.clientDir, name));
    return {
      hash: hashOf(content),
      modified: stat.mtime.toUTCString(),
      encoded: siblingSizes(previous.clientDir, name),
    };
  } catch {
    return null;
  }
}

/** Links (or copies) the previous build's siblings of an unchanged file; false when one is missing. */
function reuseSiblings(
  fromDir: string,
  toDir: string,
  name: string,
  before: Pick<SiteFile, 'encoded'>,
  entry: SiteFile,
): boolean {
  const encodings = Object.keys(before.encoded) as Encoding[];
  try {
    for (const encoding of encodings) {
      const suffix = ENCODING_SUFFIX[encoding];
      const from = path.join(fromDir, name + suffix);
      const to = path.join(toDir, name + suffix);
      try {
        fs.linkSync(from, to);
      } catch {
        fs.copyFileSync(from, to);
      }
      entry.encoded[encoding] = before.encoded[encoding];
    }
    return encodings.length > 0;
  } catch {
    return false;
  }
}

export function describePrecompress(stats: PrecompressStats): string {
  const ratio = stats.bytes ? Math.round((stats.brotliBytes / stats.bytes) * 100) : 100;
  return `Compressed ${stats.compressed} files for Brotli and gzip (${stats.reused} unchanged ones reused) in ${(stats.ms / 1000).toFixed(1)} s; the site is ${ratio} % of its size with Brotli`;
}
