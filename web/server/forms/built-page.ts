// A page of the live build answered by the site server with one part rendered anew for each
// answer (a form with a fresh signed stamp and what the reader typed; a newsletter step with its
// link's token): the built page is cut around that part once per build and put together per answer.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** A built page cut around its rendered part (`part` is the built part's own HTML). */
export interface CutPage {
  before: string;
  part: string;
  after: string;
}

export interface BuiltPage {
  /** The live build's page, cut; null when the live build has none (the static files answer 404). */
  current(): CutPage | null;
  /**
   * Answers with the page, its part replaced by `part`; false when there is no page. Never
   * cached (each showing has its own stamp or token); an error status says so in the title.
   */
  send(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    part: (built: CutPage) => string,
  ): boolean;
}

/**
 * `pagePath`: the page's address (its index.html in the build's client folder); the part runs
 * from the first `start` (the beginning of its start tag) to the first `end` after it. Every value
 * in the part is escaped, so no end tag comes sooner.
 */
export function builtPage(
  clientDir: () => string | null,
  pagePath: string,
  start: string,
  end: string,
): BuiltPage {
  /** Read once per build (a publish makes a new folder). */
  let cached: { file: string; page: CutPage } | null = null;
  const current = (): CutPage | null => {
    const dir = clientDir();
    if (!dir) return null;
    const file = path.join(dir, pagePath, 'index.html');
    if (cached?.file !== file) {
      if (!fs.existsSync(file)) return null;
      cached = { file, page: cut(fs.readFileSync(file, 'utf8'), start, end) };
    }
    return cached.page;
  };

  return {
    current,
    send(req, res, headers, status, part) {
      const page = current();
      if (!page) return false;
      let html = page.before + (page.part ? part(page) : '') + page.after;
      if (page.part && status >= 400) html = html.replace('<title>', '<title>Fejl: ');
      res.writeHead(status, {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Length': String(Buffer.byteLength(html)),
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return true;
    },
  };
}

function cut(html: string, start: string, end: string): CutPage {
  const from = html.indexOf(start);
  const close = from < 0 ? -1 : html.indexOf(end, from);
  if (close < 0) return { before: html, part: '', after: '' };
  const to = close + end.length;
  return { before: html.slice(0, from), part: html.slice(from, to), after: html.slice(to) };
}
