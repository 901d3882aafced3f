// In the reader's browser: the contact form checks itself before it is sent, by the same rules
// and with the same Danish messages as the site server and the CMS (checkInquiry), and shows the
// errors with the same markup (renderErrorSummary, renderFieldError): at their fields, and in a
// summary that is announced and focused. What was typed stays. A form that passes is sent the
// ordinary way, once.
import {
  CONTACT_ERRORS_ID,
  INQUIRY_FIELDS,
  checkInquiry,
  fieldErrorId,
  fieldId,
  renderErrorSummary,
  renderFieldError,
  type InquiryField,
} from '@blog/shared';

export function enhanceContactForm(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-contact-form]');
  if (!form) return;
  // Our messages in Danish at each field instead of the browser's bubbles.
  form.noValidate = true;
  let sending = false;
  form.addEventListener('submit', (event) => {
    if (sending) return event.preventDefault(); // a second click while the first is on its way
    const result = checkInquiry(Object.fromEntries(new FormData(form)));
    if (result.ok) {
      sending = true;
      return;
    }
    event.preventDefault();
    showErrors(form, result.errors);
  });
  // A page the site server sent back with errors: the summary gets the focus, and is read out.
  document.getElementById(CONTACT_ERRORS_ID)?.focus();
}

function showErrors(form: HTMLFormElement, errors: Partial<Record<InquiryField, string>>): void {
  for (const field of INQUIRY_FIELDS) {
    const control = document.getElementById(fieldId(field));
    if (!control) continue;
    document.getElementById(fieldErrorId(field))?.remove();
    control.parentElement?.classList.toggle('field-invalid', !!errors[field]);
    const error = errors[field];
    if (error) {
      control.insertAdjacentHTML('beforebegin', renderFieldError(field, error));
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', fieldErrorId(field));
    } else {
      control.removeAttribute('aria-invalid');
      control.removeAttribute('aria-describedby');
    }
  }
  document.getElementById(CONTACT_ERRORS_ID)?.remove();
  form.querySelector('h2')?.insertAdjacentHTML('afterend', renderErrorSummary(errors));
  document.getElementById(CONTACT_ERRORS_ID)?.focus();
}
