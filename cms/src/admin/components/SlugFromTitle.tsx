import * as React from 'react';
import { SLUG_SOURCES, slugify } from '@blog/shared';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  unstable_useDocument as useDocument,
  useFetchClient,
} from '@strapi/strapi/admin';

interface FormState {
  values: Record<string, unknown>;
  initialValues: Record<string, unknown>;
  onChange(name: string, value: unknown): void;
}

/** A slug that was made from this text: the slug itself, or with a numeric suffix (slug-2). */
const madeFrom = (slug: unknown, text: unknown) =>
  typeof slug === 'string' &&
  typeof text === 'string' &&
  new RegExp(`^${slugify(text)}(-\\d+)?$`).test(slug);

/**
 * Fills the slug from the title (or name) while the editor types it, as Strapi 4 did: Strapi 5
 * fills a slug field only from the content type's name (strapi/strapi#21472). Only until the entry
 * is first published, and only while the slug is still the made one: a slug typed by hand stays.
 * A slug another entry has gets a numeric suffix, as the CMS gives one on save.
 */
export function SlugFromTitle() {
  const { model, id, collectionType, isCreatingEntry, form } =
    useContentManagerContext() as ReturnType<typeof useContentManagerContext> & { form: FormState };
  const { meta } = useDocument(
    { model, collectionType, documentId: isCreatingEntry ? undefined : id },
    { skip: isCreatingEntry || !id },
  );
  const { post } = useFetchClient();
  const source = SLUG_SOURCES[model];
  const { values, initialValues, onChange } = form;
  const title = source ? values[source] : undefined;
  const slug = values.slug;
  const everPublished = Boolean(
    meta?.availableStatus?.some((status: { publishedAt?: string | null }) => status.publishedAt),
  );

  // The last slug this component made; the saved one counts when it was made from the saved title.
  const made = React.useRef<unknown>(undefined);
  if (made.current === undefined)
    made.current =
      !initialValues.slug || madeFrom(initialValues.slug, source && initialValues[source])
        ? (initialValues.slug ?? '')
        : null;

  React.useEffect(() => {
    if (!source || everPublished || typeof title !== 'string') return;
    if ((slug ?? '') !== (made.current ?? '')) return; // typed by hand
    let cancelled = false;
    const timer = window.setTimeout(async () => {
      const base = slugify(title);
      const next = base ? await firstFreeSlug(base) : null;
      if (cancelled || next === (slug ?? null)) return;
      made.current = next ?? '';
      onChange('slug', next);
    }, 250);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };

    async function firstFreeSlug(base: string): Promise<string> {
      for (let n = 1; n < 100; n++) {
        const candidate = n === 1 ? base : `${base}-${n}`;
        if (candidate === initialValues.slug) return candidate; // this entry's own
        const { data } = await post<{ isAvailable: boolean }>(
          '/content-manager/uid/check-availability',
          { contentTypeUID: model, field: 'slug', value: candidate },
        );
        if (data.isAvailable) return candidate;
      }
      return base; // the CMS makes it unique on save
    }
  }, [title]); // eslint-disable-line react-hooks/exhaustive-deps -- follows the title only

  return null;
}
