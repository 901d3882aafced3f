// In the reader's browser: a sign-up form on a static page gets its signed stamp from the site
// server when the reader reaches it (it scrolls into view, or gets the focus), so the post goes
// straight through. A press sooner than a person could have read the form (MIN_FILL_MS after the
// stamp) or before the stamp has come waits for it. Without a stamp (no server, no network) the
// form posts as it is, and the newsletter page asks for one more press.
import { MIN_FILL_MS, SUBSCRIBE_STAMP_PATH } from '@blog/shared';

export function enhanceSubscribeForms(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-subscribe-form]')) {
    const stamp = form.querySelector<HTMLInputElement>('input[name="stamp"]');
    if (!stamp || stamp.value) continue; // the site server's page, stamped already
    let fetching: Promise<void> | null = null;
    let stampedAt = 0;
    const fetchStamp = () =>
      (fetching ??= fetch(SUBSCRIBE_STAMP_PATH, { cache: 'no-store' })
        .then((response) => (response.ok ? response.json() : null))
        .then((body: { stamp?: unknown } | null) => {
          if (typeof body?.stamp !== 'string') return;
          stamp.value = body.stamp;
          stampedAt = Date.now();
        })
        .catch(() => undefined));
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      seen.disconnect();
      void fetchStamp();
    });
    seen.observe(form);
    form.addEventListener('focusin', () => void fetchStamp(), { once: true });

    let sending = false;
    form.addEventListener('submit', (event) => {
      if (sending) return event.preventDefault(); // a second press while the first is on its way
      sending = true;
      if (stamp.value && Date.now() - stampedAt >= MIN_FILL_MS) return;
      event.preventDefault();
      form.setAttribute('aria-busy', 'true');
      void fetchStamp()
        .then(() => wait(stamp.value ? MIN_FILL_MS - (Date.now() - stampedAt) : 0))
        .then(() => form.submit());
    });
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) + 100));
