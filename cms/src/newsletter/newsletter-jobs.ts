import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS } from '@blog/shared';
import { createNewsletter, type Newsletter } from './newsletter-sender';

/** The document actions after which a post may be on the site for the first time. */
const WRITES = new Set(['create', 'update', 'publish']);

/** The running newsletter (one per Strapi: a test process starts several in turn). */
let current: Newsletter | null = null;

/** Starts sending: what an earlier run left, the posts that are due, then on every publish. */
export function startNewsletter(strapi: Core.Strapi): Newsletter {
  current = createNewsletter(strapi);
  void current.check();
  return current;
}

export async function stopNewsletter(): Promise<void> {
  await current?.stop();
  current = null;
}

/**
 * A post published (or saved as published) is looked at once its transaction has committed, so
 * a post on the site now is mailed within moments, not at the next minute's look.
 */
export function lookAfterPublish(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    // Writes only (a draft saved costs one cheap look); reading published posts (the site's
    // builds, the mail itself) looks for nothing.
    if (context.uid === CONTENT_UIDS.post && WRITES.has(context.action)) {
      const look = () => setTimeout(() => void current?.check(), 0);
      if (strapi.db.inTransaction())
        await strapi.db.transaction(async ({ onCommit }) => onCommit(look));
      else look();
    }
    return result;
  });
}
