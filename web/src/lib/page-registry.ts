import type { Redirect } from './redirects.ts';

// What the pages tell the sitemap (astro.config.ts) and the build report, both written after them
// in the same process: which paths are only redirects (left out of the sitemap), when each page last
// changed (lastmod), which images have no alt text (reported to the editor), and when the next
// scheduled post or opinion is due (the site server rebuilds then).
const REGISTRY = Symbol.for('blog.page-registry');
interface Registry {
  redirects: Set<string>;
  lastModified: Map<string, Date>;
  imagesWithoutAlt: Map<string, Set<string>>;
  nextScheduledAt: Date | null;
}
const registry = (): Registry =>
  ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= {
    redirects: new Set(),
    lastModified: new Map(),
    imagesWithoutAlt: new Map(),
    nextScheduledAt: null,
  });

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

export function registerImageWithoutAlt(url: string, pathname: string): void {
  const pages = registry().imagesWithoutAlt.get(url) ?? new Set<string>();
  registry().imagesWithoutAlt.set(url, pages.add(pathname));
}

/** Every media file shown without alt text in this build, with the pages it is on. */
export function imagesWithoutAlt(): Array<{ url: string; pages: string[] }> {
  return [...registry().imagesWithoutAlt].map(([url, pages]) => ({
    url,
    pages: [...pages].sort(),
  }));
}

/** An entry left out of this build because its date is still to come. */
export function registerScheduled(date: Date): void {
  const current = registry().nextScheduledAt;
  if (!current || date < current) registry().nextScheduledAt = date;
}

/** When the earliest entry left out as scheduled is due, or null when none is. */
export function nextScheduled(): Date | null {
  return registry().nextScheduledAt;
}

/** Called before each build: a long-running site server builds many times in one process. */
export function resetPageRegistry(): void {
  delete (globalThis as { [REGISTRY]?: Registry })[REGISTRY];
}
