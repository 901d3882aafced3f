import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { escapeHtml, renderBlocks, routes } from '@blog/shared';
import { getPosts, getSite, resolve, resolveAll } from '../lib/content';
import { mediaBaseUrl } from '../lib/media';

/** RSS 2.0: every post, newest first, with its full HTML (absolute links) in content:encoded. */
export async function GET(context: APIContext) {
  const site = await getSite();
  const siteUrl = context.site!.href;
  const posts = await getPosts();
  const items = await Promise.all(
    posts.map(async (post) => {
      const where = `Post "${post.data.slug}"`;
      const author = post.data.author ? await resolve(post.data.author, where) : null;
      const tags = await resolveAll(post.data.tags, where);
      return {
        title: post.data.title,
        link: routes.post(post.data.slug),
        pubDate: post.data.date,
        description: post.data.excerpt ?? undefined,
        content: renderBlocks(post.data.body, { siteUrl, mediaBaseUrl: mediaBaseUrl() }),
        categories: tags.map((tag) => tag.data.name),
        customData: author ? `<dc:creator>${escapeHtml(author.data.name)}</dc:creator>` : undefined,
      };
    }),
  );
  return rss({
    title: site.siteTitle,
    description: site.description || site.tagline || site.siteTitle,
    site: siteUrl,
    xmlns: { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/' },
    customData: `<language>da</language><atom:link href="${new URL(routes.feed(), siteUrl).href}" rel="self" type="application/rss+xml"/>`,
    items,
  });
}
