// The site server's files by content: each file of a build is stored once under its hash (with its
// Brotli and gzip variants beside it), and a build is a manifest naming, for every path of the site,
// the hash it has. Objects are never changed once written, so a publish writes only what changed,
// every build stays whole on disk while a request still reads it, and switching builds is switching
// manifests. Unreferenced objects are removed once no kept build names them (site-builder.ts).
import fs from 'node:fs';
import path from 'node:path';
import { compressedVariants } from '../../build/precompress.ts';
import {
  ENCODING_SUFFIX,
  hashOf,
  isCompressible,
  siblingSizes,
  type Encoding,
  type SiteFile,
  type SiteFiles,
} from '../../build/site-files.ts';

export class ObjectStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Where an object (or one of its variants) is. */
  pathOf(hash: string, encoding: Encoding | null = null): string {
    return path.join(this.dir, hash + (encoding ? ENCODING_SUFFIX[encoding] : ''));
  }

  /**
   * Stores a file's content (compressing it when its name says it is text) and says what the
   * manifest records of it. Content stored before is not written again; `modified` is kept from
   * `before` when the content is the same there.
   */
  async put(
    name: string,
    content: Buffer,
    before: SiteFile | undefined,
    now: Date,
  ): Promise<{ file: SiteFile; written: boolean }> {
    const hash = hashOf(content);
    const modified = before?.hash === hash ? before.modified : now.toUTCString();
    if (before?.hash === hash && fs.existsSync(this.pathOf(hash)))
      return { file: { ...before, modified }, written: false };
    const encoded: SiteFile['encoded'] = {};
    const exists = fs.existsSync(this.pathOf(hash));
    if (isCompressible(name)) {
      if (exists) {
        Object.assign(encoded, siblingSizes(this.dir, hash));
      } else {
        const variants = await compressedVariants(content);
        for (const [encoding, packed] of Object.entries(variants) as Array<[Encoding, Buffer]>) {
          await writeWhole(this.pathOf(hash, encoding), packed);
          encoded[encoding] = packed.length;
        }
      }
    }
    // The plain content last: an object whose plain file exists is complete.
    if (!exists) await writeWhole(this.pathOf(hash), content);
    return { file: { size: content.length, hash, modified, encoded }, written: !exists };
  }

  /**
   * Removes every object no manifest in `keep` names (with its variants). Cheap enough to run
   * after each build: one directory listing.
   */
  sweep(keep: Array<SiteFiles | null>): number {
    const kept = new Set<string>();
    for (const manifest of keep)
      for (const file of Object.values(manifest?.files ?? {})) kept.add(file.hash);
    let removed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      const hash = name.replace(/\.(br|gz|tmp-\d+)$/, '');
      if (kept.has(hash) && !name.includes('.tmp-')) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}

/** Written under a temporary name and renamed: a reader never sees half an object. */
async function writeWhole(file: string, content: Buffer): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await fs.promises.writeFile(temporary, content);
  await fs.promises.rename(temporary, file);
}
