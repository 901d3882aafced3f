// A post as a newsletter mail: Danish, HTML from the site's one block renderer and the plain text
// made from that same HTML, a link to the post on the site, and each subscriber's own unsubscribe
// link, also as List-Unsubscribe with one-click (RFC 8058). Rendered once per post; only the
// unsubscribe link differs between subscribers.
import { escapeHtml, formatDanishDate, htmlToText, renderBlocks, routes } from '@blog/shared';

export interface NewsletterPost {
  title: string;
  slug: string;
  date: string;
  body: unknown;
  author?: { name?: string | null } | null;
}

export interface NewsletterContext {
  siteTitle: string;
  /** The site's public address (its post pages). */
  siteUrl: string;
  /** Where `/uploads/…` media are fetched by readers. */
  mediaBaseUrl: string;
}

export interface RecipientMail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The post's mail, made once; `to(unsubscribeUrl)` gives a subscriber's copy. */
export function newsletterMail(post: NewsletterPost, context: NewsletterContext) {
  const postUrl = new URL(routes.post(post.slug), context.siteUrl).href;
  const body = renderBlocks(post.body, {
    siteUrl: context.siteUrl,
    mediaBaseUrl: context.mediaBaseUrl,
  }).replace(/<img /g, '<img style="max-width:100%;height:auto" ');
  const byline = [formatDanishDate(post.date), post.author?.name && `Af ${post.author.name}`]
    .filter(Boolean)
    .join(' · ');
  const why = `Du får denne mail, fordi du har tilmeldt dig nyhedsbrevet fra ${context.siteTitle}.`;
  const text = htmlToText(body);
  const small = 'font-family:system-ui,sans-serif;font-size:14px;color:#55575c';

  return {
    subject: post.title,
    to(unsubscribeUrl: string): RecipientMail {
      return {
        subject: post.title,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        text:
          `${context.siteTitle}\n\n${post.title}\n${byline}\n\n${text}\n\n` +
          `Læs indlægget på sitet: ${postUrl}\n\n-- \n${why}\nAfmeld nyhedsbrevet: ${unsubscribeUrl}\n`,
        html:
          '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">' +
          '<meta name="viewport" content="width=device-width, initial-scale=1">' +
          `<title>${escapeHtml(post.title)}</title></head>` +
          '<body style="margin:0;padding:0;background:#f6f4f0">' +
          '<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2328;font-family:Georgia,serif;font-size:17px;line-height:1.6">' +
          `<p style="${small}">${escapeHtml(context.siteTitle)}</p>` +
          `<h1 style="font-size:28px;line-height:1.25;margin:0 0 8px">${escapeHtml(post.title)}</h1>` +
          `<p style="${small};margin-top:0">${escapeHtml(byline)}</p>` +
          body +
          `<p><a href="${escapeHtml(postUrl)}">Læs indlægget på sitet</a></p>` +
          '<hr style="border:0;border-top:1px solid #e3dfd8;margin:32px 0 16px">' +
          `<p style="${small}">${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}">Afmeld nyhedsbrevet</a></p>` +
          '</div></body></html>',
      };
    },
  };
}
