// What the import hands the CMS for each WordPress author, term, post and page: its record, with
// its key (what a second run finds it by), fields, relations and old addresses.
import { RESERVED_PAGE_SLUGS, blocksText, slugify, type ImportRecord } from '@blog/shared';
import type { ImageImporter } from './image-import.ts';
import type { Pending } from './import-report.ts';
import {
  authorAddresses,
  itemAddresses,
  termAddresses,
  termKey,
  wordpressToBlocks,
  type ItemPlan,
  type ImportTag,
  type WxrAuthor,
  type WxrItem,
  type WxrTerm,
} from './wordpress/index.ts';

const UNTITLED = 'Uden titel';

/** What a post's or page's record refers to, learnt before the items are read. */
export interface ItemContext {
  /** The authors in the export. */
  logins: Set<string>;
  /** The tag each old term became. */
  tagOf: Map<string, ImportTag>;
  /** Pages the old main menu linked to, with their place in it. */
  menuPages: Map<number, number>;
}

/**
 * A post's or page's record, its images brought over on the way (notes say what changed), or why
 * it is left out.
 */
export async function itemRecord(
  item: WxrItem,
  plan: Extract<ItemPlan, { kind: 'post' | 'page' }>,
  context: ItemContext,
  images: ImageImporter,
): Promise<Pending | { skipped: string }> {
  const notes: string[] = plan.note ? [plan.note] : [];
  const converted = wordpressToBlocks(item.content);
  notes.push(...converted.notes);
  const body = await images.rewrite(converted.blocks, itemKey(item), notes);
  const shownTitle = plainText(item.title);
  const title = shownTitle || `${UNTITLED} (WordPress ${item.id})`;
  if (!shownTitle) notes.push(`had no title: "${title}"`);
  else if (title !== item.title.trim()) notes.push(`its title's markup removed: "${title}"`);
  const slug = itemSlug(item, title);
  const common = {
    key: itemKey(item),
    state: plan.state === 'draft' ? ('draft' as const) : ('published' as const),
    oldAddresses: itemAddresses(item),
  };
  if (plan.kind === 'post') {
    const cover = await images.cover(item, itemKey(item), notes);
    const tags = item.terms
      .map((term) => context.tagOf.get(termKey(term.taxonomy, term.slug)))
      .filter((tag): tag is ImportTag => Boolean(tag))
      .map((tag) => tagKey(tag));
    const record: ImportRecord = {
      ...common,
      type: 'post',
      fields: {
        title,
        slug,
        date: plan.date?.toISOString() ?? null,
        excerpt: excerptOf(item.excerpt),
        body,
        seo: seoOf(item, notes),
      },
      links: {
        author: context.logins.has(item.creator) ? authorKey(item.creator) : null,
        tags: [...new Set(tags)],
        cover,
      },
    };
    return { record, title, notes };
  }
  // WordPress's empty "Blog" page (the posts' page): the new site has its own.
  if (RESERVED_PAGE_SLUGS.has(slug) && body.length === 0)
    return { skipped: 'an empty page at an address of the new site' };
  let pageSlug = slug;
  if (RESERVED_PAGE_SLUGS.has(slug)) {
    pageSlug = `${slug}-side`;
    notes.push(
      `its address /${slug}/ is the new site's own, so the page is at /${pageSlug}/ (the old /${slug}/ shows the new site's page)`,
    );
  }
  const menuPlace = context.menuPages.get(item.id);
  const record: ImportRecord = {
    ...common,
    type: 'page',
    fields: {
      title,
      slug: pageSlug,
      body,
      showInNavigation: menuPlace !== undefined && plan.state !== 'draft',
      navigationOrder: menuPlace ?? 100,
      seo: seoOf(item, notes),
    },
  };
  return { record, title, notes };
}

export const itemKey = (item: WxrItem) => `wordpress:${item.type}:${item.id}`;
export const authorKey = (login: string) => `wordpress:author:${login}`;
export const tagKey = (tag: ImportTag) => `wordpress:tag:${tag.slug}`;
export const mediaKey = (file: string) => `wordpress:media:${file}`;

export function authorRecord(author: WxrAuthor): ImportRecord {
  const name =
    author.displayName.trim() || `${author.firstName} ${author.lastName}`.trim() || author.login;
  // Not the e-mail address: the author page shows one, and a login address is no reader's business.
  return {
    type: 'author',
    key: authorKey(author.login),
    state: 'published',
    fields: { name, slug: slugify(name) },
    oldAddresses: authorAddresses(author.login),
  };
}

/** The old blog's terms by key, and each category's parents, for the tags' old addresses. */
export function termIndex(terms: WxrTerm[]) {
  const byKey = new Map(terms.map((term) => [termKey(term.taxonomy, term.slug), term]));
  const categories = new Map(
    terms.filter((term) => term.taxonomy === 'category').map((term) => [term.slug, term]),
  );
  const parentsOf = (slug: string): string[] => {
    const parents: string[] = [];
    let parent = categories.get(slug)?.parent ?? null;
    while (parent && !parents.includes(parent) && parents.length < 10) {
      parents.unshift(parent);
      parent = categories.get(parent)?.parent ?? null;
    }
    return parents;
  };
  return { byKey, parentsOf };
}

export function tagRecord(tag: ImportTag, terms: ReturnType<typeof termIndex>): ImportRecord {
  return {
    type: 'tag',
    key: tagKey(tag),
    state: 'published',
    fields: { name: tag.name, slug: tag.slug },
    oldAddresses: tag.from.flatMap((key) => {
      const term = terms.byKey.get(key);
      return term ? termAddresses(term, terms.parentsOf) : [];
    }),
  };
}

/** WordPress keeps a non-ASCII slug percent-encoded ("s%c3%a6lg"); the new one is made from it or the title. */
function itemSlug(item: WxrItem, title: string): string {
  let slug = item.slug.replace(/__trashed$/, '');
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // kept as it is
  }
  return slugify(slug) || slugify(title);
}

/** WordPress's titles and excerpts are HTML: what a reader saw of one, as one line of text. */
function plainText(html: string): string {
  return blocksText(wordpressToBlocks(html).blocks).replace(/\s+/g, ' ').trim();
}

/** The excerpt as plain text within the CMS's 500 characters, or null. */
function excerptOf(html: string): string | null {
  const text = plainText(html);
  if (!text) return null;
  if (text.length <= 500) return text;
  return `${text.slice(0, 499).replace(/\s+\S*$/, '')}…`;
}

/** Yoast SEO's title and description, when they are plain text (not its %%templates%%) and fit. */
function seoOf(item: WxrItem, notes: string[]): Record<string, string> | null {
  const take = (key: string, max: number) => {
    const value = item.meta[key]?.trim();
    if (!value || value.includes('%%')) return null;
    if (value.length <= max) return value;
    notes.push(
      `its SEO ${key.includes('title') ? 'title' : 'description'} is over ${max} characters: left out`,
    );
    return null;
  };
  const metaTitle = take('_yoast_wpseo_title', 70);
  const metaDescription = take('_yoast_wpseo_metadesc', 200);
  if (!metaTitle && !metaDescription) return null;
  return { ...(metaTitle ? { metaTitle } : {}), ...(metaDescription ? { metaDescription } : {}) };
}
