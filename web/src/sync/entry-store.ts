import type { DataStore, LoaderContext } from 'astro/loaders';
import { stripControlCharacters } from '@blog/shared';
import { CmsError } from '../lib/cms-client.ts';
import type { BodyFiles } from './body-files.ts';
import type { Listed } from './source.ts';
import type { StoredSummary } from './plan.ts';

/** As much of Astro's data store as the sync uses (an in-memory one in the unit tests). */
export type EntryStore = Pick<DataStore, 'get' | 'set' | 'delete' | 'clear' | 'keys' | 'entries'>;

export interface StoreTarget {
  store: EntryStore;
  parseData: LoaderContext['parseData'];
  generateDigest: LoaderContext['generateDigest'];
  /** Where bodies go when they are kept beside the store (see body-files.ts), else null. */
  bodies: BodyFiles | null;
}

/**
 * Stores CMS entries, keyed by slug. Knows which key each document is stored under (read from the
 * store once, not per entry: the store copies itself on every read), so an entry whose slug
 * changed leaves no old key behind, and two published entries with one slug fail the build.
 * Bodies kept beside the store follow their entries: replaced, removed and cleared with them.
 */
export function entryStorer<T extends Listed>(
  target: StoreTarget,
  collection: string,
  toData: (entry: T) => Record<string, unknown>,
  relationNames: string[],
) {
  const { store, parseData, generateDigest, bodies } = target;
  const keyOfDocument = new Map(
    store.entries().map(([id, stored]) => [stored.data.documentId as string, id]),
  );
  const storedNow = new Map<string, string>(); // slug → documentId, stored in this sync
  const documentAt = (id: string) => store.get(id)?.data.documentId as string | undefined;
  let removed = 0;
  const removeKey = (id: string) => {
    const stored = store.get(id);
    const documentId = stored?.data.documentId as string | undefined;
    bodies?.remove(stored?.data.body);
    store.delete(id);
    removed++;
    if (documentId !== undefined && keyOfDocument.get(documentId) === id)
      keyOfDocument.delete(documentId);
  };
  return {
    async store(entries: T[]): Promise<void> {
      for (const entry of entries) {
        const other = storedNow.get(entry.slug);
        if (other && other !== entry.documentId)
          throw new CmsError(
            `/api/${collection}`,
            `two published ${collection} have the slug "${entry.slug}"`,
          );
        storedNow.set(entry.slug, entry.documentId);
        // A new slug leaves no old key behind (only if that key still holds this document: another
        // may have just taken the slug over).
        const oldKey = keyOfDocument.get(entry.documentId);
        if (
          oldKey !== undefined &&
          oldKey !== entry.slug &&
          documentAt(oldKey) === entry.documentId
        )
          removeKey(oldKey);
        const data = await parseData({
          id: entry.slug,
          data: toData(stripControlCharacters(entry)),
        });
        if (bodies && typeof data.body === 'string') {
          const body = bodies.write(entry.documentId, data.body);
          // Whatever this key held before (this entry's old body, or a displaced entry's) goes.
          bodies.remove(store.get(entry.slug)?.data.body, body);
          data.body = body;
        }
        store.set({ id: entry.slug, data, digest: generateDigest(data) });
        keyOfDocument.set(entry.documentId, entry.slug);
      }
    },
    /** Whether a document is stored (under any key), and how many are. */
    has: (documentId: string) => keyOfDocument.has(documentId),
    stored: () => keyOfDocument.size,
    /** What the entry stored under a slug is, for comparing with a listing. */
    summaryAt(slug: string): StoredSummary | undefined {
      const data = store.get(slug)?.data;
      if (!data) return undefined;
      return {
        documentId: data.documentId as string,
        relations: Object.fromEntries(
          relationNames.map((name) => [name, referencedSlugs(data[name])]),
        ),
      };
    },
    keys: () => store.keys(),
    /** An entry (and its body file) removed by its key. */
    remove: removeKey,
    /** How many entries this sync removed. */
    removed: () => removed,
    /** Everything removed, for a full sync. */
    clear(): void {
      store.clear();
      bodies?.clear();
      keyOfDocument.clear();
    },
  };
}

/** The slugs a stored relation points to: references ({ id }) once parsed by the schema. */
function referencedSlugs(value: unknown): string[] {
  return [value]
    .flat()
    .filter(Boolean)
    .map((ref) => (typeof ref === 'string' ? ref : (ref as { id: string }).id));
}
