// The site server's calls to the CMS's subscriber routes, with the site forms' token: a sign-up
// (the CMS keeps it and mails the confirm link), a confirm and an unsubscribe by a link's token.
// Nothing waits in a queue: the reader is told at once whether it worked, and keeps the address.

/** Where the CMS is, and the site forms' token (null until the CMS has made one). */
export type CmsTarget = () => { url: string; token: string | null };

export type CmsAnswer =
  | { kind: 'ok' }
  /** The CMS refused what was sent (400: a bad address; its message is Danish). */
  | { kind: 'refused'; message: string | null }
  /** The link names no sign-up (404). */
  | { kind: 'unknown' }
  /** The CMS is away, has no token for us, or could not send its mail: try again later. */
  | { kind: 'unavailable'; why: string };

const TIMEOUT_MS = 15_000;

export async function callSubscribers(
  target: CmsTarget,
  action: 'sign-up' | 'confirm' | 'unsubscribe',
  data: Record<string, string | null>,
): Promise<CmsAnswer> {
  const { url, token } = target();
  if (!token)
    return { kind: 'unavailable', why: 'no token for the site forms yet (start the CMS once)' };
  const route = action === 'sign-up' ? '/api/subscribers' : `/api/subscribers/${action}`;
  let response: Response;
  try {
    response = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unavailable', why: `${url} cannot be reached: ${(error as Error).message}` };
  }
  if (response.ok) return { kind: 'ok' };
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: unknown };
  } | null;
  const message = typeof body?.error?.message === 'string' ? body.error.message : null;
  if (response.status === 400) return { kind: 'refused', message };
  if (response.status === 404) return { kind: 'unknown' };
  return { kind: 'unavailable', why: `the CMS answered ${response.status} ${message ?? ''}` };
}
