/**
 * Signed, expiring preview links: the CMS makes them, the site checks them. HMAC-SHA256 with a
 * shared secret over the path and the expiry, via Web Crypto (Node and browsers alike).
 */

export const PREVIEW_TYPES = ['post', 'opinion', 'author', 'page'] as const;
export type PreviewType = (typeof PREVIEW_TYPES)[number];

export function previewPath(type: PreviewType, documentId: string): string {
  return `/preview/${type}/${encodeURIComponent(documentId)}/`;
}

async function sign(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** "/preview/post/<id>/?expires=<unix seconds>&signature=<hex>" */
export async function signPreviewPath(
  secret: string,
  path: string,
  expiresAt: Date,
): Promise<string> {
  if (!secret) throw new Error('No preview secret: set PREVIEW_SECRET');
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${path}?expires=${expires}&signature=${await sign(secret, `${path}|${expires}`)}`;
}

export type PreviewCheck = { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'invalid' };

/** Checks a preview request's path, expiry and signature; the comparison takes the same time for any wrong signature. */
export async function verifyPreviewLink(
  secret: string,
  path: string,
  params: URLSearchParams,
  now = new Date(),
): Promise<PreviewCheck> {
  const expires = params.get('expires');
  const signature = params.get('signature');
  if (!secret || !expires || !signature || !/^\d+$/.test(expires))
    return { ok: false, reason: 'missing' };
  const expected = await sign(secret, `${path}|${expires}`);
  let difference = expected.length ^ signature.length;
  for (let i = 0; i < expected.length; i++)
    difference |= expected.charCodeAt(i) ^ (signature.charCodeAt(i) || 0);
  if (difference !== 0) return { ok: false, reason: 'invalid' };
  if (Number(expires) * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
