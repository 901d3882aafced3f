import type { Core } from '@strapi/strapi';
import { CONTENT_UIDS, slugify } from '@blog/shared';

/** Which field each content type's slug is made from. */
const SLUG_SOURCES: Record<string, string> = {
  [CONTENT_UIDS.post]: 'title',
  [CONTENT_UIDS.opinion]: 'title',
  [CONTENT_UIDS.author]: 'name',
  [CONTENT_UIDS.tag]: 'name',
};

/**
 * Fills what code-created documents would otherwise lack: the admin prefills a uid field, the
 * document service does not. Slugs get the same Danish transliteration as the admin (æ→ae, ø→oe,
 * å→aa) and a numeric suffix when taken, and a hand-made slug is normalised likewise (Strapi does
 * not check a draft's slug); a post without a date is dated now.
 */
export function registerDocumentDefaults(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.action === 'publish' && REDIRECTING_TYPES.has(context.uid)) {
      return rememberPublishedSlug(strapi, context.uid, (context.params as { documentId: string }).documentId, next);
    }
    const source = SLUG_SOURCES[context.uid];
    if (!source || (context.action !== 'create' && context.action !== 'update')) return next();

    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data;
    if (!data) return next();

    // A slug typed by hand is normalised the same way: only a–z, 0–9 and hyphens reach a URL.
    if (typeof data.slug === 'string' && !isBlank(data.slug)) data.slug = slugify(data.slug);
    const slugMissing = data.slug === undefined ? context.action === 'create' : isBlank(data.slug);
    if (slugMissing && typeof data[source] === 'string' && data[source] !== '') {
      data.slug = await uniqueSlug(strapi, context.uid, slugify(data[source] as string), params.documentId);
    }
    if (context.uid === CONTENT_UIDS.post && context.action === 'create' && isBlank(data.date)) {
      data.date = new Date().toISOString();
    }
    return next();
  });
}

/** Types whose pages keep working at their old addresses after a slug change (as redirects). */
const REDIRECTING_TYPES = new Set<string>([CONTENT_UIDS.post, CONTENT_UIDS.opinion]);

/**
 * Publishing a new slug for a page that was published under another one: the old slug goes into
 * previousSlugs (on the draft and the published version), and the site redirects it to the new.
 */
async function rememberPublishedSlug<T>(strapi: Core.Strapi, uid: string, documentId: string, next: () => T): Promise<Awaited<T>> {
  const query = strapi.db.query(uid as never);
  const before = await query.findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['slug'] });
  const result = await next();
  const now = await query.findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['slug', 'previousSlugs'] });
  if (before?.slug && now?.slug && before.slug !== now.slug) {
    const known = Array.isArray(now.previousSlugs) ? (now.previousSlugs as unknown[]).filter((slug): slug is string => typeof slug === 'string') : [];
    const previousSlugs = [...new Set([...known, before.slug])].filter((slug) => slug !== now.slug);
    await query.updateMany({ where: { documentId }, data: { previousSlugs } });
    strapi.log.info(`[slugs] ${uid} ${documentId}: /${before.slug}/ now redirects to /${now.slug}/`);
  }
  return result;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

async function uniqueSlug(strapi: Core.Strapi, uid: string, base: string, ownDocumentId?: string): Promise<string> {
  const stem = base || 'indlaeg';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    const taken = await strapi.db.query(uid as never).findOne({
      where: { slug: candidate, ...(ownDocumentId ? { documentId: { $ne: ownDocumentId } } : {}) },
      select: ['id'],
    });
    if (!taken) return candidate;
  }
}
