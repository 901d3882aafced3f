import { CONTACT_HONEYPOT } from './contact-form.js';
import { escapeHtml } from './escape.js';
import { routes } from './routes.js';

/**
 * The newsletter's sign-up form, from one renderer: every post and the newsletter page render it
 * at build time, and the site server renders it again with a fresh stamp, and with the reader's
 * address and what is wrong, when a post needs another go. Every value is escaped here.
 */
export interface SubscribeFormState {
  /** The address typed, shown again. */
  email?: string;
  /** What is wrong with the address, or with the post as a whole. */
  error?: string;
  /** A word on what to do next that is not an error (the post came without a stamp). */
  notice?: string;
  /** The signed time the form was shown; empty in a post page's form (its script fetches one). */
  stamp: string;
  /** The site page the reader signs up on (kept with the sign-up as its source). */
  source: string;
  /** Its id on the page (a page may show the form once). */
  id?: string;
}

/** Where the form is posted (a named POST route of the site server). */
export const SUBSCRIBE_FORM_ACTION = '/nyhedsbrev/tilmeld';
/** A fresh signed stamp as JSON (`{ "stamp": … }`), for a form on a static page. */
export const SUBSCRIBE_STAMP_PATH = '/nyhedsbrev/stempel';
/** Where a reader lands after signing up: the confirm mail is on its way. */
export const SUBSCRIBE_THANKS_PATH = '/nyhedsbrev/tak/';

const EMAIL_MAX = 254;

/** The form's HTML. */
export function renderSubscribeForm(state: SubscribeFormState): string {
  const id = state.id ?? 'nyhedsbrev';
  const fieldId = `${id}-email`;
  const errorId = `${id}-fejl`;
  const message = state.error
    ? `<p class="field-error" id="${errorId}" role="alert">${escapeHtml(state.error)}</p>`
    : state.notice
      ? `<p class="form-notice" id="${errorId}" role="status">${escapeHtml(state.notice)}</p>`
      : '';
  const described = message ? ` aria-describedby="${errorId}"` : '';
  return (
    `<form class="subscribe-form${state.error ? ' field-invalid' : ''}" id="${id}" method="post" action="${SUBSCRIBE_FORM_ACTION}" aria-labelledby="${id}-overskrift" data-subscribe-form>` +
    `<h2 id="${id}-overskrift">Få nye indlæg på mail</h2>` +
    '<p>Når jeg skriver noget nyt, sender jeg det til dig. Ingen reklamer, og du kan afmelde dig med ét klik.</p>' +
    `<label for="${fieldId}">Din e-mailadresse</label>` +
    message +
    '<div class="subscribe-row">' +
    `<input id="${fieldId}" name="email" type="email" autocomplete="email" maxlength="${EMAIL_MAX}" required value="${escapeHtml(state.email ?? '')}"${state.error ? ' aria-invalid="true"' : ''}${described}>` +
    '<button type="submit">Tilmeld</button>' +
    '</div>' +
    `<div class="contact-hp" aria-hidden="true"><label for="${id}-${CONTACT_HONEYPOT}">Lad feltet være tomt</label>` +
    `<input id="${id}-${CONTACT_HONEYPOT}" name="${CONTACT_HONEYPOT}" type="text" tabindex="-1" autocomplete="off"></div>` +
    `<input type="hidden" name="stamp" value="${escapeHtml(state.stamp)}">` +
    `<input type="hidden" name="source" value="${escapeHtml(state.source)}">` +
    `<p class="form-privacy">${escapeHtml(SUBSCRIBE_PRIVACY)}` +
    // Elsewhere a link to what is kept and why; on the newsletter page that is the page itself.
    (state.source === routes.newsletter()
      ? ''
      : ` <a href="${routes.newsletter()}">Om nyhedsbrevet</a>`) +
    '</p>' +
    '</form>'
  );
}

/** What happens with the address (the form's text on data). */
export const SUBSCRIBE_PRIVACY =
  'Du får først en mail med et link, som du skal klikke på for at bekræfte. Adressen bruges kun til nyhedsbrevet.';
