const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// C0 control characters other than tab and newline are not allowed in HTML or XML 1.0 text.
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes text for use in HTML text and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(FORBIDDEN_CONTROLS, '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
