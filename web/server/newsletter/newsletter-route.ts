// The newsletter on the site server, working without JavaScript:
// - `POST /nyhedsbrev/tilmeld`: a sign-up through the site forms' defences (form-post.ts), its
//   address checked, then passed to the CMS, which mails the confirm link; the reader is sent on
//   to the page that says to look in the inbox (303). A sign-up that needs another go gets the
//   newsletter page, its form rendered with the address and what to do.
// - `GET /nyhedsbrev/stempel`: a fresh signed stamp for the form on a static post page (its script
//   fetches one when the reader starts on the form; without it the newsletter page takes over).
// - the newsletter page, its form with a fresh stamp in each answer;
// - the confirm and unsubscribe pages the mails link to: a GET shows a button with the link's
//   token, a POST acts on it. A POST to the unsubscribe link itself, as a mail program sends it
//   for List-Unsubscribe-Post (RFC 8058 one-click), unsubscribes at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  NEWSLETTER_STEP_START,
  SUBSCRIBE_FORM_ACTION,
  SUBSCRIBE_STAMP_PATH,
  SUBSCRIBE_THANKS_PATH,
  checkSubscriberEmail,
  isSitePath,
  renderNewsletterStep,
  renderSubscribeForm,
  routes,
  type NewsletterPurpose,
  type NewsletterStep,
  type SubscribeFormState,
} from '@blog/shared';
import { builtPage } from '../forms/built-page.ts';
import { RateLimit, issueStamp } from '../forms/form-guard.ts';
import {
  FORM_RATE_LIMIT,
  FORM_RATE_WINDOW_MS,
  readFormPost,
  type RefusalReason,
  type SiteFormOptions,
} from '../forms/form-post.ts';
import { readBody } from '../http-body.ts';
import { callSubscribers, type CmsTarget } from './cms-subscribers.ts';
import type { FormRoute } from '../site-server.ts';

/** A confirm or unsubscribe post carries a token, or nothing we read (a one-click body). */
const MAX_LINK_POST_BYTES = 8 * 1024;

interface NewsletterRouteOptions extends SiteFormOptions {
  /** The CMS and the site forms' token. */
  cms: CmsTarget;
}

/** What a reader whose sign-up was refused is told (the address stays in the form). */
const REFUSALS: Record<RefusalReason, string> = {
  'too-large': 'Tilmeldingen var for stor. Skriv kun din e-mailadresse.',
  'not-a-form': 'Tilmeldingen kom ikke frem, som den skulle. Prøv igen.',
  'other-site': 'Tilmeldingen skal sendes fra formularen her på siden. Tryk på Tilmeld igen.',
  'no-stamp': '',
  'stale-stamp': 'Siden var for gammel. Tryk på Tilmeld igen.',
  'too-fast': 'Det gik meget hurtigt. Se adressen efter, og tryk på Tilmeld igen.',
  'rate-limit': 'Der er kommet mange tilmeldinger herfra på kort tid. Vent lidt, og prøv igen.',
};
/** A post from a post page whose script did not run: one more press, on the newsletter page. */
const ONE_MORE_PRESS =
  'Næsten færdig: tryk på Tilmeld, så sender jeg dig mailen, der bekræfter din tilmelding.';
const TRY_LATER = 'Det lykkedes ikke lige nu. Prøv igen om lidt.';

export function createNewsletterRoute(options: NewsletterRouteOptions): FormRoute {
  const log = options.log ?? console.log;
  const guard = {
    ...options,
    name: 'newsletter',
    limit: new RateLimit(FORM_RATE_LIMIT, FORM_RATE_WINDOW_MS),
    log,
  };
  const signUpPage = builtPage(
    options.clientDir,
    routes.newsletter(),
    '<form class="subscribe-form"',
    '</form>',
  );
  const stepPages: Record<NewsletterPurpose, ReturnType<typeof builtPage>> = {
    confirm: builtPage(
      options.clientDir,
      routes.newsletterConfirm(),
      NEWSLETTER_STEP_START,
      '</section>',
    ),
    unsubscribe: builtPage(
      options.clientDir,
      routes.newsletterUnsubscribe(),
      NEWSLETTER_STEP_START,
      '</section>',
    ),
  };
  const pageOf: Record<string, NewsletterPurpose> = {
    [routes.newsletterConfirm()]: 'confirm',
    [routes.newsletterUnsubscribe()]: 'unsubscribe',
  };

  return {
    handle(req, res, headers) {
      const [pathname = '/', query = ''] = (req.url ?? '/').split('?');
      const reading = req.method === 'GET' || req.method === 'HEAD';
      const run = (work: Promise<void>) =>
        work.catch((error: Error) => {
          log(`[newsletter] ${req.method} ${pathname} failed: ${error.message}`);
          if (!res.headersSent) res.writeHead(500, headers).end();
        });
      if (pathname === SUBSCRIBE_FORM_ACTION) {
        if (req.method === 'POST') void run(signUp(req, res, headers));
        // Typed in, or a reload of an old answer: the form is on the newsletter page.
        else redirect(res, headers, `${routes.newsletter()}#nyhedsbrev`);
        return true;
      }
      if (pathname === SUBSCRIBE_STAMP_PATH && reading) {
        res
          .writeHead(200, {
            ...headers,
            'Content-Type': 'application/json; charset=utf-8',
            'Cache-Control': 'no-store',
          })
          .end(
            req.method === 'HEAD'
              ? undefined
              : JSON.stringify({ stamp: issueStamp(options.secret) }),
          );
        return true;
      }
      if (pathname === routes.newsletter() && reading)
        return showSignUp(req, res, headers, 200, { source: routes.newsletter() });
      const purpose = pageOf[pathname];
      if (!purpose) return false;
      const token = new URLSearchParams(query).get('t') ?? '';
      if (reading) {
        const step: NewsletterStep = token
          ? { kind: 'ask', purpose, token }
          : { kind: 'invalid', purpose };
        return showStep(req, res, headers, token ? 200 : 404, step);
      }
      if (req.method !== 'POST') return false;
      void run(act(req, res, headers, purpose, token));
      return true;
    },
  };

  function showSignUp(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    state: Omit<SubscribeFormState, 'stamp'>,
  ): boolean {
    return signUpPage.send(req, res, headers, status, () =>
      renderSubscribeForm({ ...state, stamp: issueStamp(options.secret) }),
    );
  }

  function showStep(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    status: number,
    step: NewsletterStep,
  ): boolean {
    return stepPages[step.purpose].send(req, res, headers, status, () =>
      renderNewsletterStep(step),
    );
  }

  async function signUp(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ) {
    const answer = (
      status: number,
      state: Omit<SubscribeFormState, 'stamp' | 'source'>,
      fields: Record<string, string> | null,
      extra: Record<string, string> = {},
    ) => {
      const source =
        fields?.source && isSitePath(fields.source) ? fields.source : routes.newsletter();
      const email = state.email ?? fields?.email?.slice(0, 254);
      if (!showSignUp(req, res, { ...headers, ...extra }, status, { ...state, email, source }))
        res
          .writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' })
          .end(state.error ?? state.notice ?? TRY_LATER);
    };
    const post = await readFormPost(req, guard);
    if (post.kind === 'bot') return redirect(res, headers, SUBSCRIBE_THANKS_PATH);
    if (post.kind === 'refused')
      return post.reason === 'no-stamp'
        ? answer(200, { notice: ONE_MORE_PRESS }, post.fields)
        : answer(post.status, { error: REFUSALS[post.reason] }, post.fields, post.headers);
    const checked = checkSubscriberEmail(post.fields.email);
    if (!checked.ok) return answer(400, { error: checked.error }, post.fields);
    const source = post.fields.source && isSitePath(post.fields.source) ? post.fields.source : null;
    const result = await callSubscribers(options.cms, 'sign-up', { email: checked.email, source });
    if (result.kind === 'ok') {
      log(
        `[newsletter] A sign-up from ${source ?? 'the site'} was passed on; the CMS mailed its confirm link`,
      );
      return redirect(res, headers, SUBSCRIBE_THANKS_PATH);
    }
    if (result.kind === 'refused')
      return answer(400, { error: result.message ?? TRY_LATER }, post.fields);
    log(
      `[newsletter] A sign-up could not be passed on: ${result.kind === 'unavailable' ? result.why : result.kind}`,
    );
    return answer(503, { error: TRY_LATER }, post.fields, { 'Retry-After': '60' });
  }

  /** A confirm or unsubscribe: the link's token from its address (one-click) or the page's form. */
  async function act(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    purpose: NewsletterPurpose,
    fromLink: string,
  ) {
    const body = await readBody(req, MAX_LINK_POST_BYTES);
    if (body === null) return void res.writeHead(413, { ...headers, Connection: 'close' }).end();
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const fromForm =
      type === 'application/x-www-form-urlencoded'
        ? (new URLSearchParams(body).get('t') ?? '')
        : '';
    const token = (fromLink || fromForm).slice(0, 200);
    if (!token) return void showStep(req, res, headers, 404, { kind: 'invalid', purpose });
    const result = await callSubscribers(options.cms, purpose, { token });
    if (result.kind === 'ok') {
      log(`[newsletter] A subscriber ${purpose === 'confirm' ? 'confirmed' : 'unsubscribed'}`);
      return void showStep(req, res, headers, 200, { kind: 'done', purpose });
    }
    if (result.kind === 'unknown' || result.kind === 'refused')
      return void showStep(req, res, headers, 404, { kind: 'invalid', purpose });
    log(`[newsletter] A ${purpose} could not be passed on: ${result.why}`);
    showStep(req, res, { ...headers, 'Retry-After': '60' }, 503, {
      kind: 'ask',
      purpose,
      token,
      error: TRY_LATER,
    });
  }
}

function redirect(res: ServerResponse, headers: Record<string, string>, location: string): void {
  res.writeHead(303, { ...headers, Location: location, 'Cache-Control': 'no-store' }).end();
}
