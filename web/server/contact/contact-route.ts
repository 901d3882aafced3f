// The contact form's two routes on the site server: the contact page, answered with a fresh signed
// stamp in its form, and `POST /kontakt/send`, which takes a message through the site's defences
// (form-post.ts), checks its fields, puts it in the durable queue and sends the reader to the
// thank-you page (303: reloading that page never sends twice). A message that needs correcting gets
// the contact page again, its form rendered with what was typed and the errors at their fields;
// this works without JavaScript.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTACT_FORM_ACTION,
  CONTACT_FORM_ID,
  CONTACT_THANKS_PATH,
  MAX_INQUIRY_BYTES,
  checkInquiry,
  isSitePath,
  routes,
  type ContactFormState,
} from '@blog/shared';
import { RateLimit } from '../forms/form-guard.ts';
import { contactPage } from './contact-page.ts';
import {
  FORM_RATE_LIMIT,
  FORM_RATE_WINDOW_MS,
  readFormPost,
  type RefusalReason,
  type SiteFormOptions,
} from '../forms/form-post.ts';
import type { InquiryQueue } from './inquiry-queue.ts';
import type { FormRoute } from '../site-server.ts';

interface ContactRouteOptions extends SiteFormOptions {
  queue: InquiryQueue;
}

export function createContactRoute(options: ContactRouteOptions): FormRoute {
  const log = options.log ?? console.log;
  const guard = {
    ...options,
    name: 'contact',
    limit: new RateLimit(FORM_RATE_LIMIT, FORM_RATE_WINDOW_MS),
    log,
  };
  const page = contactPage(options.clientDir, options.secret);
  const contactPath = routes.contact();

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
      if (pathname === contactPath && (req.method === 'GET' || req.method === 'HEAD'))
        return page.send(req, res, headers, 200, {});
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
      if (!page.send(req, res, { ...headers, ...extra }, status, state))
        res
          .writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' })
          .end(state.formError ?? 'Beskeden kunne ikke sendes. Ret felterne, og prøv igen.');
    };
    const post = await readFormPost(req, guard);
    if (post.kind === 'bot') return thank(res, headers);
    const typed = (fields: Record<string, string>) => {
      const values = checkInquiry(fields);
      return values.ok ? values.inquiry : values.values;
    };
    if (post.kind === 'refused')
      return answer(
        post.status,
        {
          formError: REFUSALS[post.reason],
          ...(post.fields && { values: typed(post.fields) }),
        },
        post.headers,
      );
    const values = checkInquiry(post.fields);
    if (!values.ok) return answer(400, { values: values.values, errors: values.errors });
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
        values: values.inquiry,
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
}

/** What a reader whose message was refused is told (what was typed stays in the form). */
const REFUSALS: Record<RefusalReason, string> = {
  'too-large': `Beskeden er for stor til at blive sendt (højst ${MAX_INQUIRY_BYTES / 1024} KB). Gør den kortere.`,
  'not-a-form': 'Formularen kom ikke frem, som den skulle. Prøv at sende den igen.',
  'other-site': 'Beskeden skal sendes fra formularen her på siden. Send den igen herfra.',
  'no-stamp': 'Siden var for gammel. Din tekst står her stadig: send den igen.',
  'stale-stamp': 'Siden var for gammel. Din tekst står her stadig: send den igen.',
  'too-fast': 'Beskeden blev sendt meget hurtigt. Se den igennem, og send den igen.',
  'rate-limit':
    'Du har sendt mange beskeder på kort tid. Vent lidt, og prøv igen – eller skriv eller ring direkte.',
};

/** The site path the form was sent from (its Referer), if it names one. */
function pageOf(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const { pathname } = new URL(referer);
    return isSitePath(pathname) ? pathname : null;
  } catch {
    return null;
  }
}
