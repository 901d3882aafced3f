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

/**
 * An address as the redirects know it: the path (repeated slashes folded, a trailing slash unless
 * it names a file) and the query with its parameters sorted. The old blog's addresses are stored
 * this way, and the site server looks a request up this way, so `/?p=12&x=1` and `/?x=1&p=12` meet.
 */
export function normaliseAddress(address: string): string {
  // Most requests to the site server: a plain path is its own normal form, but for the slash.
  if (PLAIN_PATH.test(address)) return withTrailingSlash(address);
  const url = new URL(address, 'http://site.invalid');
  // Each segment decoded and encoded again, so `%c3%a6`, `%C3%A6` and `æ` are one address.
  const path = withTrailingSlash(
    url.pathname
      .replace(/\/{2,}/g, '/')
      .split('/')
      .map((segment) => encodeURIComponent(decodeSegment(segment)))
      .join('/'),
  );
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** A stored old address the site may redirect from: a normalised path on this site, nothing else. */
export function isOldAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 500 &&
    /^\/(?!\/)[^\s\\#]*$/.test(value) &&
    normaliseAddress(value) === value
  );
}

/** A path with no query, escape, empty segment or dot segment: nothing for URL parsing to change. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*\/?$/;

/** A trailing slash, unless the path names a file ("/rss.xml"). */
const withTrailingSlash = (path: string) =>
  path.endsWith('/') || /\.[a-z0-9]+$/i.test(path) ? path : `${path}/`;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray "%": kept as it is, and encoded as it is
  }
}

/**
 * A path on this site as a form reports where it was sent from ("/kontakt/", a post's address):
 * printable ASCII after a slash, at most 300 characters. Anything else is not kept.
 */
export const isSitePath = (value: unknown): value is string =>
  typeof value === 'string' && /^\/[!-~]{0,299}$/.test(value);
