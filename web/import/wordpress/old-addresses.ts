/**
 * The addresses readers and search engines know an old WordPress item or archive by, on the old
 * domain (which the new site takes over): its permalink, the plain `?p=ID` / `?page_id=ID` forms,
 * the date-based permalink structures, and the feeds. Each is a path, with a query where
 * WordPress uses one (`/?p=12`), normalised the way the site server looks them up. Some forms
 * (`/<slug>/`) may be an address of the new site too: the import must leave those out, never
 * redirect a page that exists.
 */
import { normaliseAddress } from '@blog/shared';
import type { WxrItem, WxrTerm } from './wxr.ts';

export { normaliseAddress };

/** Every old address of a post or page (its permalink first). */
export function itemAddresses(item: WxrItem): string[] {
  const addresses: string[] = [];
  if (item.link) addresses.push(normaliseAddress(item.link));
  addresses.push(normaliseAddress(`/?${item.type === 'page' ? 'page_id' : 'p'}=${item.id}`));
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(item.date);
  if (item.type === 'post' && item.slug && day) {
    const [, year, month, date] = day;
    // WordPress's date-based permalink structures, whichever the old site used.
    addresses.push(
      `/${year}/${month}/${date}/${item.slug}/`,
      `/${year}/${month}/${item.slug}/`,
      `/${year}/${item.slug}/`,
      `/${item.slug}/`,
      `/archives/${item.id}/`,
    );
  }
  // Its comments feed leads to the item too.
  for (const address of [...addresses])
    if (!address.includes('?')) addresses.push(`${address}feed/`);
  return [...new Set(addresses)];
}

/**
 * A category's or tag's archive and feed: `/category/<parents>/<slug>/` (nested categories have
 * their parents' slugs in front; the short form works too) and `/tag/<slug>/`.
 */
export function termAddresses(term: WxrTerm, parentsOf: (slug: string) => string[]): string[] {
  const base =
    term.taxonomy === 'category' ? 'category' : term.taxonomy === 'post_tag' ? 'tag' : null;
  if (!base || !term.slug) return [];
  const paths = [`/${base}/${term.slug}/`];
  const parents = term.taxonomy === 'category' ? parentsOf(term.slug) : [];
  if (parents.length) paths.unshift(`/${base}/${[...parents, term.slug].join('/')}/`);
  return [...paths, ...paths.map((path) => `${path}feed/`)];
}

/** An author's archive and feed. */
export function authorAddresses(login: string): string[] {
  if (!login) return [];
  const slug = encodeURIComponent(login.toLowerCase());
  return [`/author/${slug}/`, `/author/${slug}/feed/`];
}
