import fs from 'node:fs';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';

/** Every file under a built site, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** Parses a built page by its URL path, e.g. "/blog/x/"; fails the test when it is not there. */
export function page(outDir: string, urlPath: string): HTMLElement {
  const file = path.join(
    outDir,
    urlPath.replace(/^\//, ''),
    urlPath.endsWith('/') ? 'index.html' : '',
  );
  if (!fs.existsSync(file)) throw new Error(`No page for ${urlPath} (expected ${file})`);
  return parse(fs.readFileSync(file, 'utf8'));
}

export const textOf = (element: HTMLElement | null | undefined) =>
  element?.text.replace(/\s+/g, ' ').trim() ?? '';

/** A build's redirects.json: old and section addresses, each with where it leads. */
export function readRedirects(outDir: string): Array<{ from: string; to: string }> {
  return JSON.parse(fs.readFileSync(path.join(outDir, 'redirects.json'), 'utf8')) as Array<{
    from: string;
    to: string;
  }>;
}

/** The built pages that only send the reader on (redirects.json): files such as "blog/index.html". */
export function redirectPages(outDir: string): Set<string> {
  return new Set(readRedirects(outDir).map((redirect) => `${redirect.from.slice(1)}index.html`));
}
