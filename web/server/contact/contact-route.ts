// The contact form's two routes on the site server: the contact page, answered with a fresh signed
// stamp in its form, and `POST /kontakt/send`, which checks a message (size, origin, stamp,
// honeypot, rate limit, fields), puts it in the durable queue and sends the reader to the thank-you
// page (303: reloading that page never sends twice). A message that needs correcting gets the
// contact page again, its form rendered with what was typed and the errors at their fields; this
// works without JavaScript.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  CONTACT_FORM_ACTION,
  CONTACT_FORM_ID,
  CONTACT_HONEYPOT,
  CONTACT_THANKS_PATH,
  MAX_INQUIRY_BYTES,
  checkInquiry,
  renderContactForm,
  routes,
  type ContactFormState,
  type TrustedProxies,
} from '@blog/shared';
import {
  RateLimit,
  checkStamp,
  readerAddress,
  fromSameOrigin,
  issueStamp,
} from './contact-guard.ts';
import { readBody } from '../http-body.ts';
import type { InquiryQueue } from './inquiry-queue.ts';

/** Messages one address may send within RATE_WINDOW_MS. */
export const RATE_LIMIT = 5;
export const RATE_WINDOW_MS = 10 * 60 * 1000;
/** Beyond this a post is not read at all. */
const CUT_OFF_BYTES = 4 * MAX_INQUIRY_BYTES;

interface ContactRouteOptions {
  queue: InquiryQueue;
  /** Signs the form's stamps (the site server's webhook secret). */
  secret: string;
  /** SITE_URL's origin, what the reader's browser sends as Origin behind a proxy. */
  siteOrigin: string | null;
  /** Whose X-Forwarded-For names the reader (TRUSTED_PROXIES). */
  trustedProxies: TrustedProxies;
  /** The live build's client folder, where the contact page is. */
  clientDir: () => string | null;
  log?: (line: string) => void;
}

export interface ContactRoute {
  /** Answers the request when it is one of the form's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean;
}

export function createContactRoute(options: ContactRouteOptions): ContactRoute {
  const log = options.log ?? console.log;
  const limit = new RateLimit(RATE_LIMIT, RATE_WINDOW_MS);
  const contactPath = routes.contact();
  /** The live build's contact page, read once per build (a publish makes a new folder). */
  let cached: { file: string; page: ContactPage } | null = null;
  const livePage = (): ContactPage | null => {
    const dir = options.clientDir();
    if (!dir) return null;
    const file = path.join(dir, contactPath, 'index.html');
    if (cached?.file !== file) {
      if (!fs.existsSync(file)) return null;
      cached = { file, page: cutAtForm(fs.readFileSync(file, 'utf8')) };
    }
    return cached.page;
  };

  return {
    handle(req, res, headers) {
      const pathname = (req.url ?? '/').split('?')[0]!;
      if (pathname === CONTACT_FORM_ACTION) {
        if (req.method === 'POST')
          receive(req, res, headers).catch((error: Error) => {
            log(`[contact] ${req.method} ${req.url} failed: ${error.message}`);
            if (!res.headersSent) res.writeHead(500, headers).end();
          });
        // Typed in, or a reload of an old answer: the form is on the contact page.
        else
          res
            .writeHead(303, {
              ...headers,
              Location: `${contactPath}#${CONTACT_FORM_ID}`,
              'Cache-Control': 'no-store',
            })
            .end();
        return true;
      }
      if (pathname === contactPath && (req.method === 'GET' || req.method === 'HEAD')) {
        return sendPage(req, res, headers, 200, {});
      }
      return false;
    },
  };

  async function receive(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ) {
    const answer = (
      status: number,
      state: Partial<ContactFormState>,
      extra: Record<string, string> = {},
    ) => {
      if (!sendPage(req, res, { ...headers, ...extra }, status, state))
        res
          .writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' })
          .end(state.formError ?? 'Beskeden kunne ikke sendes. Ret felterne, og prøv igen.');
    };
    // A body somewhat over the limit is read and answered in full (a browser shows the answer
    // only once it has sent everything); a far bigger one is cut off at once.
    if (Number(req.headers['content-length'] ?? 0) > CUT_OFF_BYTES)
      return answer(413, { formError: tooLarge() }, { Connection: 'close' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      return answer(415, {
        formError: 'Formularen kom ikke frem, som den skulle. Prøv at sende den igen.',
      });
    const body = await readBody(req, CUT_OFF_BYTES).catch(() => null);
    if (body === null) return answer(413, { formError: tooLarge() }, { Connection: 'close' });
    if (Buffer.byteLength(body) > MAX_INQUIRY_BYTES) return answer(413, { formError: tooLarge() });
    const form = new URLSearchParams(body);
    const sent = Object.fromEntries(form.entries());
    const values = checkInquiry(sent);
    const typed = values.ok ? values.inquiry : values.values;

    if (!fromSameOrigin(req, options.siteOrigin)) {
      log(`[contact] Refused a message from another site (Origin ${req.headers.origin ?? 'none'})`);
      return answer(403, {
        values: typed,
        formError: 'Beskeden skal sendes fra formularen her på siden. Send den igen herfra.',
      });
    }
    const address = readerAddress(req, options.trustedProxies);
    const stamp = checkStamp(options.secret, sent.stamp);
    if (stamp === 'invalid' || stamp === 'expired')
      return answer(400, {
        values: typed,
        formError: 'Siden var for gammel. Din tekst står her stadig: send den igen.',
      });
    if (stamp === 'too-fast') {
      log('[contact] Refused a message sent faster than a person writes');
      return answer(400, {
        values: typed,
        formError: 'Beskeden blev sendt meget hurtigt. Se den igennem, og send den igen.',
      });
    }
    if (!limit.take(address)) {
      log('[contact] Refused a message over the rate limit');
      return answer(
        429,
        {
          values: typed,
          formError:
            'Du har sendt mange beskeder på kort tid. Vent lidt, og prøv igen – eller skriv eller ring direkte.',
        },
        { 'Retry-After': String(limit.retryAfterSeconds(address)) },
      );
    }
    if (sent[CONTACT_HONEYPOT]) {
      // A bot: it is thanked like anyone, and nothing is kept.
      log('[contact] Dropped a message with the hidden field filled in');
      return thank(res, headers);
    }
    if (!values.ok) return answer(400, { values: typed, errors: values.errors });
    let id: string;
    try {
      id = await options.queue.add({
        fields: values.inquiry,
        receivedAt: new Date().toISOString(),
        page: pageOf(req.headers.referer),
      });
    } catch (error) {
      // Not kept (the disk is full, say): the reader is not thanked, and keeps the text.
      log(`[contact] A message could not be kept: ${(error as Error).message}`);
      return answer(500, {
        values: typed,
        formError:
          'Beskeden kunne ikke gemmes lige nu. Prøv igen om lidt – eller skriv eller ring direkte.',
      });
    }
    log(`[contact] Message ${id} received and queued for the CMS`);
    thank(res, headers);
  }

  function thank(res: ServerResponse, headers: Record<string, string>) {
    res
      .writeHead(303, { ...headers, Location: CONTACT_THANKS_PATH, 'Cache-Control': 'no-store' })
      .end();
  }

  /**
   * The live contact page with its form rendered for this answer: a fresh stamp, and what the
   * reader typed and what is wrong, when there is.
   */
  function sendPage(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    state: Partial<ContactFormState>,
  ): boolean {
    const page = livePage();
    if (!page) return false; // no contact page: the static files answer 404
    let html = page.form
      ? page.before +
        renderContactForm({
          ...state,
          stamp: issueStamp(options.secret),
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
  }
}

/** A built contact page cut around its form, which each answer renders anew. */
interface ContactPage {
  before: string;
  after: string;
  form: { retentionMonths: number } | null;
}

/**
 * Cuts a built page at its form: from the form's start tag to its first end tag (every value in
 * it is escaped, so no end tag comes sooner).
 */
function cutAtForm(html: string): ContactPage {
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

/** The site path the form was sent from (its Referer), if it names one. */
function pageOf(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const { pathname } = new URL(referer);
    return /^\/[!-~]{0,299}$/.test(pathname) ? pathname : null;
  } catch {
    return null;
  }
}

function tooLarge(): string {
  return `Beskeden er for stor til at blive sendt (højst ${MAX_INQUIRY_BYTES / 1024} KB). Gør den kortere.`;
}
