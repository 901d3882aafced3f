// A collection kept beside Astro's data store: its entries and its sync point in one file of its
// own, handed to the pages of the same process directly. Astro holds its whole store in memory,
// writes it whole after every sync and bakes it into the prerender code as one module; at 10,000
// posts that was 8 MB serialised, bundled, compiled and parsed again on every publish, about
// 2.5 s of each (docs/architecture.md, "Publish → live"). The posts live here instead; their bodies
// are files of their own (body-files.ts). Written whole or not at all, after the collection synced.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { DataStore, MetaStore } from 'astro/loaders';
import type { EntryStore } from './entry-store.ts';

type DataEntry = NonNullable<ReturnType<DataStore['get']>>;

const VERSION = 1;

interface Saved {
  version: number;
  entries: Array<[string, DataEntry]>;
  meta: Array<[string, string]>;
}

/** A collection's entries as this process's build synced them, for its pages (content.ts). */
export interface SyncedEntries {
  /** The build whose sync filled them (null outside a build script: astro dev). */
  buildId: string | null;
  entries: ReadonlyMap<string, DataEntry>;
}

const SHARED = Symbol.for('blog.synced-entries');
const GENERATION = Symbol.for('blog.synced-entries-generation');
type Holder = { [SHARED]?: Map<string, SyncedEntries>; [GENERATION]?: number };
const shared = () => ((globalThis as Holder)[SHARED] ??= new Map());
const handedOver = (collection: string, entries: SyncedEntries) => {
  shared().set(collection, entries);
  (globalThis as Holder)[GENERATION] = syncGeneration() + 1;
};

/** Counts the collections handed over in this process: what pages made of them is stale once it moves. */
export function syncGeneration(): number {
  return (globalThis as Holder)[GENERATION] ?? 0;
}

/** The entries of `collection` synced in this process, if a loader stored them beside the store. */
export function syncedEntries(collection: string): SyncedEntries | undefined {
  return shared().get(collection);
}

/**
 * What this process last read or wrote of each file, with the file's size and time then: a build
 * worker syncs again and again, and deserialising 10,000 posts took 110–220 ms of each publish.
 */
const known = new Map<
  string,
  { size: number; mtimeMs: number; entries: Map<string, DataEntry>; meta: Map<string, string> }
>();

function remember(file: string, entries: Map<string, DataEntry>, meta: Map<string, string>) {
  const { size, mtimeMs } = fs.statSync(file);
  known.set(file, { size, mtimeMs, entries, meta });
}

/** The file's entries and sync point: this process's copy while the file is as it left it. */
function load(file: string): { entries: Map<string, DataEntry>; meta: Map<string, string> } | null {
  const copy = known.get(file);
  if (copy) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.size === copy.size && stat.mtimeMs === copy.mtimeMs)
      return { entries: new Map(copy.entries), meta: new Map(copy.meta) };
  }
  const saved = read(file);
  if (!saved) return null;
  const loaded = { entries: new Map(saved.entries), meta: new Map(saved.meta) };
  remember(file, loaded.entries, loaded.meta);
  return { entries: new Map(loaded.entries), meta: new Map(loaded.meta) };
}

/** One collection's file: read when its loader starts, saved when its sync is done. */
export function entriesFile(file: string) {
  const saved = load(file);
  const entries = saved?.entries ?? new Map<string, DataEntry>();
  const meta = saved?.meta ?? new Map<string, string>();
  let changed = saved === null;
  const store: EntryStore = {
    get: ((key: string) => entries.get(key)) as EntryStore['get'],
    set: (entry) => {
      entries.set(entry.id, entry as DataEntry);
      return (changed = true);
    },
    delete: (key) => void (changed = entries.delete(key) || changed),
    clear: () => {
      changed ||= entries.size > 0;
      entries.clear();
    },
    keys: () => [...entries.keys()],
    entries: () => [...entries],
  };
  const metaStore: Pick<MetaStore, 'get' | 'set' | 'delete'> = {
    get: (key) => meta.get(key),
    set: (key, value) => {
      changed ||= meta.get(key) !== value;
      meta.set(key, value);
    },
    delete: (key) => void (changed = meta.delete(key) || changed),
  };
  return {
    store,
    meta: metaStore,
    /** Writes the file and hands the entries to this process's pages. */
    save(collection: string, buildId: string | null): void {
      if (changed) {
        const data: Saved = { version: VERSION, entries: [...entries], meta: [...meta] };
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.tmp`, v8.serialize(data));
        fs.renameSync(`${file}.tmp`, file);
        remember(file, new Map(entries), new Map(meta));
        changed = false;
      }
      handedOver(collection, { buildId, entries });
    },
  };
}

/**
 * Hands the collections saved in `dir` (a cache's content-entries/) to this process's pages, those
 * no sync of this process handed over: the draft previews a build worker answers before it has
 * built (their layout shows the site settings and menu as last built).
 */
export function shareSavedEntries(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // nothing built into this cache yet
  }
  for (const name of names) {
    const collection = name.replace(/\.v8$/, '');
    if (collection === name || shared().has(collection)) continue;
    const saved = read(path.join(dir, name));
    if (saved) handedOver(collection, { buildId: null, entries: new Map(saved.entries) });
  }
}

function read(file: string): Saved | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null; // the first sync into this cache
  }
  try {
    const saved = v8.deserialize(bytes) as Saved;
    if (saved.version === VERSION && Array.isArray(saved.entries)) return saved;
  } catch {
    // unreadable: synced afresh below
  }
  return null; // a full sync follows: there is no sync point either
}
