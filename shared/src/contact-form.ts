import { escapeHtml } from './escape.js';
import {
  INQUIRY_FIELDS,
  INQUIRY_LABELS,
  INQUIRY_LIMITS,
  type InquiryField,
  type InquiryFields,
} from './inquiry.js';

/**
 * The contact form's markup ("Skriv til mig"), from one renderer: the site's contact page renders
 * it at build time, and the site server renders it again with the reader's values and errors when
 * a post without JavaScript needs correcting. Every value is escaped here.
 */
export interface ContactFormState {
  values?: Partial<InquiryFields>;
  errors?: Partial<Record<InquiryField, string>>;
  /** A message about the form as a whole (sent too fast, page too old). */
  formError?: string;
  /** The signed time the form was shown (the site server's), or CONTACT_FORM_STAMP at build time. */
  stamp: string;
  /** How long inquiries are kept (the site settings), for the text on what happens with the data. */
  retentionMonths: number;
}

/** Where the form is posted (a named POST route of the site server). */
export const CONTACT_FORM_ACTION = '/kontakt/send';
/** Where a reader lands after sending. */
export const CONTACT_THANKS_PATH = '/kontakt/tak/';
/** The form's id: the call to action under every post links to it. */
export const CONTACT_FORM_ID = 'skriv-til-mig';
/** The built page's stand-in for the stamp; the site server puts a fresh one in each answer. */
export const CONTACT_FORM_STAMP = '__KONTAKT_STEMPEL__';
/** A person needs longer than this from seeing a form to sending it; a bot posting at once does not. */
export const MIN_FILL_MS = 3_000;
/** A field no person fills in (it is off-screen and out of the tab order); bots do. */
export const CONTACT_HONEYPOT = 'website';

const INPUTS: Record<InquiryField, { type: string; autocomplete: string; required: boolean }> = {
  name: { type: 'text', autocomplete: 'name', required: true },
  email: { type: 'email', autocomplete: 'email', required: true },
  company: { type: 'text', autocomplete: 'organization', required: false },
  phone: { type: 'tel', autocomplete: 'tel', required: false },
  message: { type: 'textarea', autocomplete: 'off', required: true },
};

export const fieldId = (field: InquiryField) => `kontakt-${field}`;
export const fieldErrorId = (field: InquiryField) => `kontakt-${field}-fejl`;
export const CONTACT_ERRORS_ID = 'kontakt-fejl';

/** The form's HTML. */
export function renderContactForm(state: ContactFormState): string {
  const errors = state.errors ?? {};
  const summary = renderErrorSummary(errors, state.formError);
  const fields = INQUIRY_FIELDS.map((field) =>
    renderField(field, state.values?.[field] ?? '', errors[field]),
  );
  return (
    `<form class="contact-form" id="${CONTACT_FORM_ID}" method="post" action="${CONTACT_FORM_ACTION}" aria-labelledby="${CONTACT_FORM_ID}-overskrift" data-contact-form data-retention-months="${Math.round(state.retentionMonths)}">` +
    `<h2 id="${CONTACT_FORM_ID}-overskrift">Skriv til mig</h2>` +
    summary +
    '<p class="form-hint">Felter med * skal udfyldes.</p>' +
    fields.join('') +
    `<div class="contact-hp" aria-hidden="true"><label for="kontakt-${CONTACT_HONEYPOT}">Lad feltet være tomt</label>` +
    `<input id="kontakt-${CONTACT_HONEYPOT}" name="${CONTACT_HONEYPOT}" type="text" tabindex="-1" autocomplete="off"></div>` +
    `<input type="hidden" name="stamp" value="${escapeHtml(state.stamp)}">` +
    `<p class="form-privacy">${escapeHtml(privacyText(state.retentionMonths))}</p>` +
    '<button type="submit">Send beskeden</button>' +
    '</form>'
  );
}

/**
 * The box at the top of the form that lists what is wrong, each linking to its field; announced
 * when it appears (role alert) and focusable. Empty when nothing is wrong.
 */
export function renderErrorSummary(
  errors: Partial<Record<InquiryField, string>>,
  formError?: string,
): string {
  const problems = INQUIRY_FIELDS.filter((field) => errors[field]);
  if (!problems.length && !formError) return '';
  const items = problems
    .map(
      (field) =>
        `<li><a href="#${fieldId(field)}">${escapeHtml(`${INQUIRY_LABELS[field]}: ${errors[field]}`)}</a></li>`,
    )
    .join('');
  return (
    `<div class="form-errors" id="${CONTACT_ERRORS_ID}" role="alert" tabindex="-1">` +
    `<p><strong>${escapeHtml(formError ?? 'Der er noget, der skal rettes:')}</strong></p>` +
    (items ? `<ul>${items}</ul>` : '') +
    '</div>'
  );
}

/** A field's error message, placed just before the field and named by its aria-describedby. */
export function renderFieldError(field: InquiryField, message: string): string {
  return `<p class="field-error" id="${fieldErrorId(field)}">${escapeHtml(message)}</p>`;
}

/** What happens with what the reader writes (the form's text on data). */
export function privacyText(retentionMonths: number): string {
  const months = retentionMonths === 1 ? '1 måned' : `${retentionMonths} måneder`;
  return (
    'Det, du skriver, kommer kun til mig: jeg gemmer det for at kunne svare dig og bruger det ikke ' +
    `til andet. Beskeden slettes af sig selv efter ${months}.`
  );
}

function renderField(field: InquiryField, value: string, error: string | undefined): string {
  const input = INPUTS[field];
  const id = fieldId(field);
  const attributes = [
    `id="${id}"`,
    `name="${field}"`,
    `maxlength="${INQUIRY_LIMITS[field]}"`,
    `autocomplete="${input.autocomplete}"`,
    input.required ? 'required' : '',
    error ? `aria-invalid="true" aria-describedby="${fieldErrorId(field)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const control =
    input.type === 'textarea'
      ? `<textarea ${attributes} rows="8">${escapeHtml(value)}</textarea>`
      : `<input type="${input.type}" ${attributes} value="${escapeHtml(value)}">`;
  const label = `${INQUIRY_LABELS[field]}${input.required ? ' <span aria-hidden="true">*</span>' : ''}`;
  return (
    `<div class="field${error ? ' field-invalid' : ''}" data-field="${field}">` +
    `<label for="${id}">${label}</label>` +
    (error ? renderFieldError(field, error) : '') +
    control +
    '</div>'
  );
}
