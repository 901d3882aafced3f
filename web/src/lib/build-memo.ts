import { syncGeneration } from '../sync/entries-file.ts';
import { currentBuildId } from './build-id.ts';

// Lists every page of a build asks for (the sorted posts, the redirects, the layout's key) are made
// once a build. A build worker renders many builds in one process (server/builder/hot-render.ts)
// and answers draft previews between them, so what was made is forgotten when another build begins
// or content is synced; in `astro dev` nothing is kept, since the content changes under it.
const made = new Map<string, Promise<unknown>>();
let madeFor: string | undefined;

/** `read()` once per build and key. */
export function onceABuild<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (import.meta.env.DEV) return read();
  const build = `${currentBuildId()} ${syncGeneration()}`;
  if (build !== madeFor) {
    made.clear();
    madeFor = build;
  }
  let value = made.get(key) as Promise<T> | undefined;
  if (!value) made.set(key, (value = read()));
  return value;
}
