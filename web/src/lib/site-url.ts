/** The site's public address: SITE_URL when deployed, the local preview otherwise. */
export const SITE_URL = (process.env.SITE_URL || 'http://localhost:4321').replace(/\/+$/, '') + '/';

/** Blog index page size. */
export const POSTS_PER_PAGE = 10;
