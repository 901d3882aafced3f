/**
 * The site's security headers. Its pages carry no inline script or style (stylesheets are files;
 * see astro.config.ts), so the policy allows only the site's own files, plus images from the CMS's
 * media host. Only draft previews may be framed, by the CMS admin.
 */
export function contentSecurityPolicy(
  options: { mediaOrigin?: string | null; frameAncestors?: string[]; webAssembly?: boolean } = {},
): string {
  const images = ["'self'", 'data:', ...(options.mediaOrigin ? [options.mediaOrigin] : [])].join(
    ' ',
  );
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'self'",
    // The search page runs Pagefind, which is WebAssembly; no page may evaluate strings as code.
    options.webAssembly ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self'",
    "style-src 'self'",
    `img-src ${images}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

// No Cross-Origin-Opener-Policy: the public pages hold nothing a cross-origin opener could use, and
// it made every page load pay for a browsing-context swap (docs/architecture.md).
export function securityHeaders(
  mediaOrigin: string | null,
  options: { webAssembly?: boolean } = {},
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({
      mediaOrigin,
      webAssembly: options.webAssembly,
    }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy':
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  };
}
