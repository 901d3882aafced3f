import { getOpinions, getPosts } from '../lib/content';
import { slugRedirects } from '../lib/redirects';

/** The old-slug redirects as data, for the site server (301s) and any host that can read them. */
export async function GET() {
  return new Response(
    JSON.stringify(slugRedirects(await getPosts(), await getOpinions()), null, 1),
    {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    },
  );
}
