import { escapeHtml } from './escape.js';
import { routes } from './routes.js';
import { UNCONFIRMED_DAYS } from './subscriber.js';

/**
 * The pages the newsletter's mails link to: confirming a sign-up and unsubscribing. A link only
 * shows a button (mail scanners open links, and must not confirm or unsubscribe anyone); the
 * button posts the link's token. The site server renders the step for each answer; the built page
 * has the step without a token.
 */
export type NewsletterPurpose = 'confirm' | 'unsubscribe';

export type NewsletterStep =
  /** The button, with the link's token (and what went wrong on a try that failed). */
  | { kind: 'ask'; purpose: NewsletterPurpose; token: string; error?: string }
  | { kind: 'done'; purpose: NewsletterPurpose }
  /** The link names no sign-up (wrong, too old, used, or its reader already gone). */
  | { kind: 'invalid'; purpose: NewsletterPurpose };

/** The element the site server replaces with a step (its start tag begins with this). */
export const NEWSLETTER_STEP_START = '<section class="newsletter-step"';

/** Where each step's button posts: the page's own address. */
export const newsletterPage = (purpose: NewsletterPurpose): string =>
  purpose === 'confirm' ? routes.newsletterConfirm() : routes.newsletterUnsubscribe();

const TEXT: Record<NewsletterPurpose, Record<NewsletterStep['kind'], [string, string]>> = {
  confirm: {
    ask: ['Bekræft din tilmelding', 'Tryk på knappen, så får du mine nye indlæg på mail.'],
    done: [
      'Du er tilmeldt',
      'Tak! Du får en mail, næste gang jeg skriver noget nyt. Nederst i hver mail er et link, du kan afmelde dig med.',
    ],
    invalid: [
      'Linket virker ikke',
      `Linket er forkert, allerede brugt eller for gammelt: en tilmelding, der ikke bekræftes inden for ${UNCONFIRMED_DAYS} dage, slettes. Tilmeld dig gerne igen.`,
    ],
  },
  unsubscribe: {
    ask: [
      'Afmeld nyhedsbrevet',
      'Tryk på knappen, så får du ikke flere mails fra mig, og din adresse slettes.',
    ],
    done: [
      'Du er afmeldt',
      'Din adresse er slettet, og du får ikke flere mails. Du er altid velkommen tilbage.',
    ],
    invalid: [
      'Linket virker ikke',
      'Adressen er ikke på listen: måske er du allerede afmeldt, eller linket er ikke helt med.',
    ],
  },
};

const BUTTON: Record<NewsletterPurpose, string> = {
  confirm: 'Ja, tilmeld mig',
  unsubscribe: 'Afmeld',
};

/** A step's HTML. */
export function renderNewsletterStep(step: NewsletterStep): string {
  const [heading, text] = TEXT[step.purpose][step.kind];
  let body = `<p>${escapeHtml(text)}</p>`;
  if (step.kind === 'ask')
    body +=
      (step.error ? `<p class="field-error" role="alert">${escapeHtml(step.error)}</p>` : '') +
      `<form method="post" action="${newsletterPage(step.purpose)}">` +
      `<input type="hidden" name="t" value="${escapeHtml(step.token)}">` +
      `<button type="submit">${BUTTON[step.purpose]}</button></form>`;
  else if (step.kind === 'invalid' && step.purpose === 'confirm')
    body += `<p><a href="${routes.newsletter()}">Til nyhedsbrevets side</a></p>`;
  else if (step.kind === 'done' && step.purpose === 'unsubscribe')
    body += `<p><a href="${routes.home()}">Til forsiden</a></p>`;
  return (
    `${NEWSLETTER_STEP_START} data-purpose="${step.purpose}" data-step="${step.kind}">` +
    `<h1>${escapeHtml(heading)}</h1>${body}</section>`
  );
}
