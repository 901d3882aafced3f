/**
 * The contact form ("Skriv til mig") and what the CMS keeps of it, an inquiry ("Henvendelse"): its
 * fields, their limits and the one check that the reader's browser, the site server and the CMS
 * all apply, with Danish messages for the field they concern.
 */
export interface InquiryFields {
  name: string;
  email: string;
  company: string;
  phone: string;
  message: string;
}
export type InquiryField = keyof InquiryFields;

export const INQUIRY_FIELDS: readonly InquiryField[] = [
  'name',
  'email',
  'company',
  'phone',
  'message',
];

/** Longest value of each field, in characters (UTF-16 units, as HTML's maxlength and Strapi count). */
export const INQUIRY_LIMITS: Readonly<Record<InquiryField, number>> = {
  name: 120,
  email: 254,
  company: 120,
  phone: 30,
  message: 5000,
};

/** A form post bigger than this is refused whole: every field at its limit still fits. */
export const MAX_INQUIRY_BYTES = 16 * 1024;

/** What the consultant marks an inquiry as in the admin; a new one is "ny". */
export const INQUIRY_STATUSES = ['ny', 'besvaret', 'arkiveret'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export const INQUIRY_LABELS: Readonly<Record<InquiryField, string>> = {
  name: 'Navn',
  email: 'E-mail',
  company: 'Virksomhed',
  phone: 'Telefon',
  message: 'Besked',
};

const REQUIRED: ReadonlySet<InquiryField> = new Set(['name', 'email', 'message']);

const REQUIRED_MESSAGES: Partial<Record<InquiryField, string>> = {
  name: 'Skriv dit navn.',
  email: 'Skriv din e-mailadresse, så jeg kan svare dig.',
  message: 'Skriv en besked.',
};

// Control characters: none in a one-line field; in the message only tab and line breaks.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const LINE_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A practical address check: one @, no spaces or brackets, a domain with a dot. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;

/** Whether a (trimmed) text is an e-mail address as the site's forms take one. */
export const isEmailAddress = (value: string): boolean =>
  value.length <= INQUIRY_LIMITS.email && !LINE_CONTROLS.test(value) && EMAIL.test(value);
const PHONE = /^[+0-9 ()./-]*$/;

export type InquiryCheck =
  | { ok: true; inquiry: InquiryFields }
  | {
      ok: false;
      /** A Danish message per field that is wrong, in the form's order. */
      errors: Partial<Record<InquiryField, string>>;
      /** What was sent, tidied as it would be kept: the form is shown again with it. */
      values: InquiryFields;
    };

/**
 * Checks a contact form's fields (unknown keys are ignored; a missing one is empty). Values are
 * trimmed, line breaks made `\n` and Unicode normalised (NFC); nothing else is changed: whatever
 * the reader wrote is kept as text, and every place that shows it escapes it.
 */
export function checkInquiry(input: Readonly<Record<string, unknown>>): InquiryCheck {
  const values = Object.fromEntries(
    INQUIRY_FIELDS.map((field) => {
      const raw = input[field];
      const text = typeof raw === 'string' ? raw : '';
      return [field, text.replace(/\r\n?/g, '\n').normalize('NFC').trim()];
    }),
  ) as unknown as InquiryFields;
  const errors: Partial<Record<InquiryField, string>> = {};
  for (const field of INQUIRY_FIELDS) {
    const value = values[field];
    const label = INQUIRY_LABELS[field];
    if (!value) {
      if (REQUIRED.has(field)) errors[field] = REQUIRED_MESSAGES[field];
    } else if (value.length > INQUIRY_LIMITS[field]) {
      errors[field] =
        `${label} må højst være ${INQUIRY_LIMITS[field].toLocaleString('da-DK')} tegn; ` +
        `der er ${value.length.toLocaleString('da-DK')}.`;
    } else if ((field === 'message' ? TEXT_CONTROLS : LINE_CONTROLS).test(value)) {
      errors[field] = `${label} indeholder tegn, der ikke kan bruges.`;
    } else if (field === 'email' && !EMAIL.test(value)) {
      errors[field] = 'Skriv en gyldig e-mailadresse, fx navn@firma.dk.';
    } else if (field === 'phone' && !PHONE.test(value)) {
      errors[field] = 'Skriv telefonnummeret med cifre, fx +45 12 34 56 78.';
    }
  }
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, inquiry: values };
}

/** The inquiry type's uid (the CMS's; the site only sends inquiries, through the site server). */
export const INQUIRY_UID = 'api::inquiry.inquiry';
