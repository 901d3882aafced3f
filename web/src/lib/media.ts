/** Where media from the CMS is served: CMS_MEDIA_URL, else the CMS itself (Strapi serves /uploads/…). */
export function mediaBaseUrl(): string {
  return (process.env.CMS_MEDIA_URL || process.env.CMS_URL || '').replace(/\/+$/, '');
}

export function mediaUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${mediaBaseUrl()}${url.startsWith('/') ? '' : '/'}${url}`;
}
