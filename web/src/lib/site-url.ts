import { siteSetting } from '../site-settings.ts';

/** The site's public address: SITE_URL when deployed, the local preview otherwise. */
export const SITE_URL = `${siteSetting('siteUrl')}/`;

/** Blog index page size. */
export const POSTS_PER_PAGE = 10;
