import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Post and opinion bodies live in files beside Astro's data store, one per entry, and the store
 * keeps only this reference: Astro holds and writes its whole store in one piece, and the bodies
 * were most of it (docs/architecture.md). A page reads only the body it renders.
 */
export interface BodyFile {
  /** Absolute path of the body's blocks, as JSON. */
  file: string;
}

export function isBodyFile(value: unknown): value is BodyFile {
  return (
    typeof value === 'object' && value !== null && typeof (value as BodyFile).file === 'string'
  );
}

/** One collection's body files, in `dir` (inside Astro's cache directory, beside the store). */
export function bodyFiles(dir: string) {
  return {
    /** Keeps a document's body; the name changes with the content, so a page never reads a stale one. */
    write(documentId: string, json: string): BodyFile {
      const name = `${documentId.replace(/[^A-Za-z0-9_-]/g, '_')}-${createHash('sha256').update(json).digest('hex').slice(0, 16)}.json`;
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(dir, { recursive: true });
        // Written whole or not at all: a build stopped half-way leaves no truncated body behind.
        fs.writeFileSync(`${file}.tmp`, json);
        fs.renameSync(`${file}.tmp`, file);
      }
      return { file };
    },
    /** Removes a stored body's file, unless it is the one to keep (the same content again). */
    remove(body: unknown, keep?: BodyFile): void {
      if (isBodyFile(body) && body.file !== keep?.file) fs.rmSync(body.file, { force: true });
    },
    clear(): void {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type BodyFiles = ReturnType<typeof bodyFiles>;

/** The blocks JSON a BodyFile points to; a missing file is named, with the way out. */
export function readBodyFile(body: BodyFile): string {
  try {
    return fs.readFileSync(body.file, 'utf8');
  } catch (error) {
    throw new Error(
      `A body file of the content cache is missing (${body.file}: ${(error as NodeJS.ErrnoException).code}). Build again with --force to sync all content afresh.`,
      { cause: error },
    );
  }
}
