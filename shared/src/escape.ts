const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// C0 control characters other than tab and newline are not allowed in HTML or XML 1.0 text.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes text for use in HTML text and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return withoutControlCharacters(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Removes the control characters HTML and XML 1.0 do not allow, from a string. */
export function withoutControlCharacters(value: string): string {
  return value.replace(FORBIDDEN_CONTROLS, '');
}

/**
 * The same for every string in a JSON value (a CMS entry). The site applies it to all content as
 * it arrives, so no page or feed ever carries a character that makes it invalid.
 */
export function stripControlCharacters<T>(value: T): T {
  if (typeof value === 'string') return withoutControlCharacters(value) as T;
  if (Array.isArray(value)) return value.map(stripControlCharacters) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, stripControlCharacters(item)]),
    ) as T;
  }
  return value;
}
