import type { Redirect } from './redirects';

// What the pages tell the sitemap (astro.config.ts), which is written after them in the same
// process: which paths are only redirects (left out) and when each page last changed (lastmod).
const REGISTRY = Symbol.for('blog.page-registry');
interface Registry {
  redirects: Set<string>;
  lastModified: Map<string, Date>;
}
const registry = (): Registry => ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= { redirects: new Set(), lastModified: new Map() });

export function registerRedirectPaths(redirects: Redirect[]): void {
  for (const redirect of redirects) registry().redirects.add(redirect.from);
}

export function isRedirectPath(pathname: string): boolean {
  return registry().redirects.has(pathname);
}

export function registerLastModified(pathname: string, date: Date): void {
  registry().lastModified.set(pathname, date);
}

export function lastModified(pathname: string): Date | undefined {
  return registry().lastModified.get(pathname);
}

/** Called before each build: a long-running site server builds many times in one process. */
export function resetPageRegistry(): void {
  delete (globalThis as { [REGISTRY]?: Registry })[REGISTRY];
}
