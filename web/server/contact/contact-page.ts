// The live build's contact page, answered by the site server with its form rendered anew for each
// answer: a fresh signed stamp, and what the reader typed and what is wrong, when there is.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { renderContactForm, routes, type ContactFormState } from '@blog/shared';
import { issueStamp } from './contact-guard.ts';

/** A built contact page cut around its form. */
interface CutPage {
  before: string;
  after: string;
  form: { retentionMonths: number } | null;
}

export interface ContactPage {
  /** Answers with the page; false when the live build has none (the static files answer 404). */
  send(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    state: Partial<ContactFormState>,
  ): boolean;
}

/** `clientDir`: the live build's client folder; `secret` signs the stamps. */
export function contactPage(clientDir: () => string | null, secret: string): ContactPage {
  /** Read once per build (a publish makes a new folder). */
  let cached: { file: string; page: CutPage } | null = null;
  const livePage = (): CutPage | null => {
    const dir = clientDir();
    if (!dir) return null;
    const file = path.join(dir, routes.contact(), 'index.html');
    if (cached?.file !== file) {
      if (!fs.existsSync(file)) return null;
      cached = { file, page: cutAtForm(fs.readFileSync(file, 'utf8')) };
    }
    return cached.page;
  };

  return {
    send(req, res, headers, status, state) {
      const page = livePage();
      if (!page) return false;
      let html = page.form
        ? page.before +
          renderContactForm({
            ...state,
            stamp: issueStamp(secret),
            retentionMonths: page.form.retentionMonths,
          }) +
          page.after
        : page.before;
      if (page.form && status >= 400) html = html.replace('<title>', '<title>Fejl: ');
      res.writeHead(status, {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        // A stamp is for one showing of the form: never stored or shared by a cache.
        'Cache-Control': 'no-store',
        'Content-Length': String(Buffer.byteLength(html)),
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return true;
    },
  };
}

/**
 * Cuts a built page at its form: from the form's start tag to its first end tag (every value in
 * it is escaped, so no end tag comes sooner).
 */
function cutAtForm(html: string): CutPage {
  const start = html.indexOf('<form class="contact-form"');
  const close = start < 0 ? -1 : html.indexOf('</form>', start);
  if (close < 0) return { before: html, after: '', form: null };
  const end = close + '</form>'.length;
  const retention = /data-retention-months="(\d+)"/.exec(html.slice(start, end))?.[1];
  return {
    before: html.slice(0, start),
    after: html.slice(end),
    form: { retentionMonths: Number(retention ?? 12) },
  };
}
