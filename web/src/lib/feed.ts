import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { blocksText, escapeHtml, openingWords, renderBlocks, routes } from '@blog/shared';
import { bodyBlocks, getSite, resolve, resolveAll, type Post } from './content.ts';
import { CONTENT_IMAGE_SIZES, blockImages } from './images.ts';
import { mediaBaseUrl } from './media.ts';
import { entryKey, pageKey } from './page-keys.ts';

/**
 * How many posts a feed carries: the newest. Every poll of a feed reader downloads the whole feed;
 * older posts stay on the site, in the archive and in search.
 */
export const FEED_ITEMS = 50;

/**
 * The cache key of a feed of these posts (page-keys.ts): its own title and what its items show,
 * the newest FEED_ITEMS in full with their authors' and tags' names.
 */
export async function feedKey(posts: Post[], ...own: unknown[]): Promise<string> {
  const items = await Promise.all(
    posts.slice(0, FEED_ITEMS).map(async (post) => {
      const where = `Post "${post.data.slug}"`;
      const author = post.data.author ? await resolve(post.data.author, where) : null;
      const tags = await resolveAll(post.data.tags, where);
      return [entryKey(post), author?.data.name, tags.map((tag) => tag.data.name)];
    }),
  );
  return pageKey('feed', own, items);
}

/**
 * RSS 2.0 for a list of posts given newest first, as getPosts() and postsBy() return them (the
 * whole blog, one author, one tag): the newest
 * FEED_ITEMS, each with its full HTML with absolute links and image URLs in content:encoded,
 * language da.
 */
export async function postsFeed(
  context: APIContext,
  options: { title?: string; description?: string; feedPath: string; posts: Post[] },
) {
  const site = await getSite();
  const siteUrl = context.site!.href;
  const items = await Promise.all(
    options.posts.slice(0, FEED_ITEMS).map(async (post) => {
      const where = `Post "${post.data.slug}"`;
      const author = post.data.author ? await resolve(post.data.author, where) : null;
      const tags = await resolveAll(post.data.tags, where);
      // Feed readers get the site's own copy of each image, one size, by absolute URL.
      const body = bodyBlocks(post);
      const images = await blockImages(body, {
        page: routes.post(post.data.slug),
        sizes: CONTENT_IMAGE_SIZES,
      });
      const absoluteImages = (media: Record<string, unknown>) => {
        const image = images(media);
        return (
          image && {
            src: new URL(image.src, siteUrl).href,
            width: image.width,
            height: image.height,
          }
        );
      };
      const content =
        post.rendered?.html ??
        renderBlocks(body, { siteUrl, mediaBaseUrl: mediaBaseUrl(), images: absoluteImages });
      return {
        title: post.data.title,
        link: routes.post(post.data.slug),
        pubDate: post.data.date,
        // Every item has a plain-text summary (feed readers and validators expect one).
        description: post.data.excerpt || openingWords(blocksText(body)) || post.data.title,
        // An empty body has no content:encoded at all, rather than an empty element.
        content: content.trim() ? content : undefined,
        categories: tags.map((tag) => tag.data.name),
        customData: author ? `<dc:creator>${escapeHtml(author.data.name)}</dc:creator>` : undefined,
      };
    }),
  );
  return rss({
    title: options.title ? `${options.title} – ${site.siteTitle}` : site.siteTitle,
    description: options.description || site.description || site.tagline || site.siteTitle,
    site: siteUrl,
    // A feed opened in a browser reads as a Danish page (public/rss.xsl).
    stylesheet: '/rss.xsl',
    // content is declared always: @astrojs/rss declares it only when some item has content.
    xmlns: {
      atom: 'http://www.w3.org/2005/Atom',
      dc: 'http://purl.org/dc/elements/1.1/',
      content: 'http://purl.org/rss/1.0/modules/content/',
    },
    customData: `<language>da</language><atom:link href="${new URL(options.feedPath, siteUrl).href}" rel="self" type="application/rss+xml"/>`,
    items,
  });
}
