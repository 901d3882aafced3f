import type { Redirect } from './redirects';

// The redirect pages are generated during the build; the sitemap (astro.config.ts), which is
// written after them in the same process, leaves them out.
const REGISTRY = Symbol.for('blog.redirect-paths');
type Registry = { [REGISTRY]?: Set<string> };

export function registerRedirectPaths(redirects: Redirect[]): void {
  const registry = ((globalThis as Registry)[REGISTRY] ??= new Set());
  for (const redirect of redirects) registry.add(redirect.from);
}

export function isRedirectPath(pathname: string): boolean {
  return (globalThis as Registry)[REGISTRY]?.has(pathname) ?? false;
}

/** Called before each build: a long-running site server builds many times in one process. */
export function resetRedirectPaths(): void {
  delete (globalThis as Registry)[REGISTRY];
}
