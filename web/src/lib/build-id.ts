// The id of the build running in this process, set by the build script (build/site-build.ts) and
// stamped on the site settings by the sync, so getSite() can refuse content this build did not sync.
// A process-wide value, not a Vite define: a define would change the pages' code in every build, and
// Astro's incremental build would then render every page again.
const KEY = Symbol.for('blog.build-id');
type Holder = { [KEY]?: string | null };

export function setBuildId(id: string | null): void {
  (globalThis as Holder)[KEY] = id;
}

/** The build's id, or null outside a build script's build (astro dev, the benchmark's files). */
export function currentBuildId(): string | null {
  return (globalThis as Holder)[KEY] ?? null;
}
