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
 * å→aa) and a numeric suffix when taken; a post without a date is dated now.
 */
export function registerDocumentDefaults(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const source = SLUG_SOURCES[context.uid];
    if (!source || (context.action !== 'create' && context.action !== 'update')) return next();

    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data;
    if (!data) return next();

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
