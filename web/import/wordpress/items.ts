/**
 * What the import makes of a WordPress item and of the old blog's terms: which kind of entry (or
 * none, and why), in which state and with which date, and one tag per name for categories and
 * tags together.
 */
import { copenhagenTime, slugify } from '@blog/shared';
import type { WxrItem, WxrTerm } from './wxr.ts';

export type ItemPlan =
  | {
      kind: 'post' | 'page';
      /** published: live now; scheduled: live at `date`; draft: kept for the editor. */
      state: 'published' | 'scheduled' | 'draft';
      /** When it was (or will be) published; null for a draft that never was. */
      date: Date | null;
      /** Why the state is not WordPress's own, for the report. */
      note?: string;
    }
  | { kind: 'attachment' }
  | { kind: 'skip'; reason: string };

/** Posts and pages come over; attachments are their media; the rest is counted and skipped. */
export function planItem(item: WxrItem): ItemPlan {
  if (item.type === 'attachment') return { kind: 'attachment' };
  if (item.type !== 'post' && item.type !== 'page')
    return { kind: 'skip', reason: SKIPPED_TYPES[item.type] ?? `post type "${item.type}"` };
  const kind = item.type;
  const date = itemDate(item);
  switch (item.status) {
    case 'publish':
      return { kind, state: 'published', date };
    case 'future':
      return { kind, state: 'scheduled', date };
    case 'draft':
    case 'pending':
      return { kind, state: 'draft', date: null };
    case 'private':
      return { kind, state: 'draft', date: null, note: 'private on WordPress: a draft here' };
    case 'trash':
      return { kind: 'skip', reason: 'in the trash' };
    default:
      return { kind, state: 'draft', date: null, note: `status "${item.status}": a draft here` };
  }
}

const SKIPPED_TYPES: Record<string, string> = {
  nav_menu_item: 'a menu item',
  revision: 'a revision',
  customize_changeset: 'a theme setting',
  custom_css: 'the theme’s CSS',
  wp_block: 'a reusable block',
  wp_template: 'a theme template',
  wp_template_part: 'a theme template',
  wp_global_styles: 'the theme’s styles',
  wp_navigation: 'a menu',
  oembed_cache: 'an embed cache',
};

/**
 * The item's moment: wp:post_date_gmt when WordPress set it (UTC), else wp:post_date read as
 * Copenhagen time (a draft's GMT date is "0000-00-00 00:00:00").
 */
export function itemDate(item: Pick<WxrItem, 'date' | 'dateGmt'>): Date | null {
  const parts = (value: string) =>
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value)?.slice(1).map(Number);
  const gmt = parts(item.dateGmt);
  if (gmt && gmt[0]! > 0)
    return new Date(Date.UTC(gmt[0]!, gmt[1]! - 1, gmt[2], gmt[3], gmt[4], gmt[5]));
  const local = parts(item.date);
  if (local && local[0]! > 0)
    return copenhagenTime(local[0]!, local[1]!, local[2]!, local[3], local[4], local[5]);
  return null;
}

export interface ImportTag {
  name: string;
  slug: string;
  /** The WordPress terms it stands for ("category:salg", "post_tag:salg-2"). */
  from: string[];
}

/**
 * Categories and tags as one set of tags: a term whose name (ignoring case) or slug is already
 * taken joins that tag, so "Salg" the category and "salg" the tag become one. Nested categories
 * are flattened (their archives' old addresses still lead to the tag). The default category is
 * left out.
 */
export function mergeTerms(terms: WxrTerm[]): { tags: ImportTag[]; tagOf: Map<string, ImportTag> } {
  const tags: ImportTag[] = [];
  const byName = new Map<string, ImportTag>();
  const bySlug = new Map<string, ImportTag>();
  const tagOf = new Map<string, ImportTag>();
  for (const term of terms) {
    if (term.taxonomy !== 'category' && term.taxonomy !== 'post_tag') continue;
    if (isDefaultCategory(term)) continue;
    const name = term.name.trim();
    if (!name) continue;
    const slug = slugify(name);
    const known = byName.get(name.toLocaleLowerCase('da')) ?? bySlug.get(slug);
    const tag = known ?? { name, slug, from: [] };
    if (!known) {
      tags.push(tag);
      byName.set(name.toLocaleLowerCase('da'), tag);
      bySlug.set(slug, tag);
    }
    const key = termKey(term.taxonomy, term.slug);
    tag.from.push(key);
    tagOf.set(key, tag);
  }
  return { tags, tagOf };
}

/** WordPress's default category ("Uncategorized"), which every post without one gets: no tag. */
const DEFAULT_CATEGORIES = new Set(['uncategorized', 'uncategorised', 'ikke-kategoriseret']);
export const isDefaultCategory = (term: Pick<WxrTerm, 'taxonomy' | 'slug'>) =>
  term.taxonomy === 'category' && DEFAULT_CATEGORIES.has(term.slug);

/** How an item names its terms (`category` with a domain and a nicename) as a lookup key. */
export const termKey = (taxonomy: string, slug: string) => `${taxonomy}:${slug}`;
