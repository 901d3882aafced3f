/** Strapi serves uploads as /uploads/…; on the site they are fetched from the CMS. */
export function mediaUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  const base = process.env.CMS_MEDIA_URL || process.env.CMS_URL || '';
  return `${base.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}
