import { siteSetting } from '../site-settings.ts';

/** Where media from the CMS is served: CMS_MEDIA_URL, else the CMS itself (Strapi serves /uploads/…). */
export function mediaBaseUrl(): string {
  return siteSetting('cmsMediaUrl') ?? siteSetting('cmsUrl') ?? '';
}

export function mediaUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${mediaBaseUrl()}${url.startsWith('/') ? '' : '/'}${url}`;
}
