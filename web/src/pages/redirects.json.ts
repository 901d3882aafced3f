import { allRedirects } from '../lib/redirects.ts';

/** The site's redirects as data, for the site server (301s) and any host that can read them. */
export async function GET() {
  return new Response(JSON.stringify(await allRedirects(), null, 1), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
