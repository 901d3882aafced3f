const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * Returns the link target if it is safe to put in an href: http(s), mailto, tel, or site-relative
 * (`/path`, `#fragment`). Anything else (javascript:, data:, protocol-relative `//host`) gives null.
 */
export function safeHref(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  // Browsers ignore control characters and surrounding whitespace inside URLs; so must we.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const href = raw.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  if (href === '') return null;
  if (href.startsWith('#')) return href;
  if (href.startsWith('/')) {
    return href.startsWith('//') || href.startsWith('/\\') ? null : href;
  }
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null; // relative paths without a leading slash are ambiguous, so not allowed
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? href : null;
}

/** Makes a site-relative href absolute against `base` (e.g. for feeds); other hrefs are returned as they are. */
export function absoluteUrl(href: string, base: string | undefined): string {
  if (!base || !href.startsWith('/') || href.startsWith('//')) return href;
  return new URL(href, base).href;
}
