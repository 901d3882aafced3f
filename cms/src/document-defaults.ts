import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  CONTENT_UIDS,
  DATED_TYPES,
  RESERVED_PAGE_SLUGS,
  SLUG_SOURCES,
  routes,
  slugify,
} from '@blog/shared';

/** Types whose pages keep working at their old addresses after a slug change (as redirects). */
const REDIRECTING_TYPES = new Set<string>([
  CONTENT_UIDS.post,
  CONTENT_UIDS.opinion,
  CONTENT_UIDS.page,
]);

type Row = Record<string, unknown> & { id: number };

/**
 * What every save gets, from the admin and from code alike:
 * - a slug: made from the title (or name) when none is given, normalised when typed by hand (only
 *   a–z, 0–9 and hyphens reach a URL; æ→ae, ø→oe, å→aa), and made unique with a numeric suffix.
 *   Strapi checks uniqueness only on publish, so without this a taken slug would fail there.
 * - a date (posts, opinions): left empty, it is set when the entry is first published.
 * - old slugs: publishing a new slug remembers the old one, so the site can redirect it.
 */
export function registerDocumentDefaults(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context;
    const params = context.params as {
      data?: Record<string, unknown>;
      documentId?: string;
      status?: string;
    };
    if (action === 'publish') {
      await completeDraftForPublish(strapi, uid, params.documentId!);
      return REDIRECTING_TYPES.has(uid)
        ? rememberPublishedSlug(strapi, uid, params.documentId!, next)
        : next();
    }
    const data = params.data;
    if ((action !== 'create' && action !== 'update') || !data || !SLUG_SOURCES[uid]) return next();

    const source = data[SLUG_SOURCES[uid]!];
    if (typeof data.slug === 'string' && !isBlank(data.slug)) {
      data.slug = await uniqueSlug(strapi, uid, slugify(data.slug), params.documentId);
    } else if (
      (data.slug !== undefined || action === 'create') &&
      typeof source === 'string' &&
      !isBlank(source)
    ) {
      data.slug = await uniqueSlug(strapi, uid, slugify(source), params.documentId);
    }
    if (uid === CONTENT_UIDS.page && typeof data.slug === 'string') refuseSectionSlug(data.slug);
    if (
      DATED_TYPES.has(uid) &&
      action === 'create' &&
      params.status === 'published' &&
      isBlank(data.date)
    ) {
      data.date = new Date().toISOString();
    }
    return next();
  });
}

/**
 * Publishing copies the draft, so the draft gets what a published entry must have: a date (the
 * published version's, else now: the moment of first publication) and a slug (a draft saved
 * before it had a title has none).
 */
async function completeDraftForPublish(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  documentId: string,
): Promise<void> {
  const source = SLUG_SOURCES[uid];
  if (!source) return;
  const dated = DATED_TYPES.has(uid);
  const query = strapi.db.query(uid);
  const fields = ['id', 'slug', source, ...(dated ? ['date'] : [])];
  const drafts = (await query.findMany({
    where: { documentId, publishedAt: null },
    select: fields,
  })) as Row[];
  for (const draft of drafts) {
    const fill: Record<string, unknown> = {};
    if (dated && isBlank(draft.date)) {
      const published = (await query.findOne({
        where: { documentId, publishedAt: { $notNull: true } },
        select: ['date'],
      })) as Row | null;
      fill.date = published?.date ?? new Date();
    }
    if (isBlank(draft.slug) && typeof draft[source] === 'string' && !isBlank(draft[source])) {
      fill.slug = await uniqueSlug(strapi, uid, slugify(draft[source] as string), documentId);
    }
    if (Object.keys(fill).length > 0) await query.update({ where: { id: draft.id }, data: fill });
  }
}

/**
 * Publishing a new slug for a page that was published under another one: the old slug goes into
 * previousSlugs (on the draft and the published version), and the site redirects it to the new.
 */
async function rememberPublishedSlug<T>(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  documentId: string,
  next: () => T,
): Promise<Awaited<T>> {
  const query = strapi.db.query(uid);
  const before = await query.findOne({
    where: { documentId, publishedAt: { $notNull: true } },
    select: ['slug'],
  });
  const result = await next();
  const now = await query.findOne({
    where: { documentId, publishedAt: { $notNull: true } },
    select: ['slug', 'previousSlugs'],
  });
  if (before?.slug && now?.slug && before.slug !== now.slug) {
    const known = Array.isArray(now.previousSlugs)
      ? (now.previousSlugs as unknown[]).filter((slug): slug is string => typeof slug === 'string')
      : [];
    const previousSlugs = [...new Set([...known, before.slug])].filter((slug) => slug !== now.slug);
    await query.updateMany({ where: { documentId }, data: { previousSlugs } });
    strapi.log.info(
      `[slugs] ${uid} ${documentId}: /${before.slug}/ now redirects to /${now.slug}/`,
    );
  }
  return result;
}

/**
 * A standalone page lives at /<slug>/, beside the site's sections: a slug that is one of them
 * (/kontakt/, /blog/) would put the page over the section, so it is refused with the reason.
 */
function refuseSectionSlug(slug: string): void {
  if (!RESERVED_PAGE_SLUGS.has(slug)) return;
  throw new errors.ValidationError(
    `Adressen ${routes.page(slug)} bruges af sitet selv. Giv siden en anden adresse, fx ${routes.page(`${slug}-side`)}.`,
    { errors: [{ path: ['slug'], message: `${routes.page(slug)} bruges af sitet selv` }] },
  );
}

function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

/** The slug itself when no other document has it, else the first free `slug-2`, `slug-3`, … */
async function uniqueSlug(
  strapi: Core.Strapi,
  uid: UID.ContentType,
  base: string,
  ownDocumentId?: string,
): Promise<string> {
  const stem = base || 'indlaeg';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem}-${n}`;
    const taken = await strapi.db.query(uid).findOne({
      where: { slug: candidate, ...(ownDocumentId ? { documentId: { $ne: ownDocumentId } } : {}) },
      select: ['id'],
    });
    if (!taken) return candidate;
  }
}
