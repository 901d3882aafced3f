import { describe, expect, it } from 'vitest';
import {
  authorAddresses,
  itemAddresses,
  normaliseAddress,
  termAddresses,
  type WxrItem,
} from '../../web/import/wordpress';
import { isOldAddress } from '@blog/shared';

const post = {
  id: 12,
  type: 'post',
  slug: 'ikke-flere-kunder-tak',
  date: '2014-06-18 10:00:00',
  link: 'https://gammel.example.dk/2014/06/18/ikke-flere-kunder-tak/',
} as WxrItem;

describe('old WordPress addresses', () => {
  it("lists a post's permalink, ?p=, the date-based forms and their comment feeds", () => {
    expect(itemAddresses(post)).toEqual([
      '/2014/06/18/ikke-flere-kunder-tak/',
      '/?p=12',
      '/2014/06/ikke-flere-kunder-tak/',
      '/2014/ikke-flere-kunder-tak/',
      '/ikke-flere-kunder-tak/',
      '/archives/12/',
      '/2014/06/18/ikke-flere-kunder-tak/feed/',
      '/2014/06/ikke-flere-kunder-tak/feed/',
      '/2014/ikke-flere-kunder-tak/feed/',
      '/ikke-flere-kunder-tak/feed/',
      '/archives/12/feed/',
    ]);
  });

  it("lists a page's permalink and ?page_id=, nothing date-based", () => {
    const page = {
      ...post,
      id: 30,
      type: 'page',
      slug: 'om-mig',
      link: 'https://gammel.example.dk/om-mig',
    } as WxrItem;
    expect(itemAddresses(page)).toEqual(['/om-mig/', '/?page_id=30', '/om-mig/feed/']);
  });

  it('gives nested categories their parents in front, tags and authors their archives', () => {
    const parents: Record<string, string[]> = { salgstraening: ['salg'] };
    expect(
      termAddresses(
        {
          taxonomy: 'category',
          id: '3',
          slug: 'salgstraening',
          name: 'Salgstræning',
          parent: 'salg',
          description: '',
        },
        (slug) => parents[slug] ?? [],
      ),
    ).toEqual([
      '/category/salg/salgstraening/',
      '/category/salgstraening/',
      '/category/salg/salgstraening/feed/',
      '/category/salgstraening/feed/',
    ]);
    expect(
      termAddresses(
        {
          taxonomy: 'post_tag',
          id: '4',
          slug: 'kunder',
          name: 'Kunder',
          parent: null,
          description: '',
        },
        () => [],
      ),
    ).toEqual(['/tag/kunder/', '/tag/kunder/feed/']);
    expect(
      termAddresses(
        {
          taxonomy: 'nav_menu',
          id: '6',
          slug: 'hovedmenu',
          name: 'Hovedmenu',
          parent: null,
          description: '',
        },
        () => [],
      ),
    ).toEqual([]);
    expect(authorAddresses('Kim')).toEqual(['/author/kim/', '/author/kim/feed/']);
  });

  it('normalises paths and queries the way a lookup needs them', () => {
    expect(normaliseAddress('https://x.dk/a//b?b=2&a=1')).toBe('/a/b/?a=1&b=2');
    expect(normaliseAddress('/wp-content/uploads/a.jpg')).toBe('/wp-content/uploads/a.jpg');
    expect(normaliseAddress('/?p=12')).toBe('/?p=12');
    // One address however its letters are escaped, as a request and a stored address meet.
    expect(normaliseAddress('/s%c3%a6lg/')).toBe('/s%C3%A6lg/');
    expect(normaliseAddress('/sælg')).toBe('/s%C3%A6lg/');
    // Plain paths (most requests) take a shortcut; what URL parsing would change does not.
    expect(normaliseAddress('/blog/x')).toBe('/blog/x/');
    expect(normaliseAddress('/rss.xml')).toBe('/rss.xml');
    expect(normaliseAddress('')).toBe('/');
    expect(normaliseAddress('/blog/../2014/x')).toBe('/2014/x/');
    expect(normaliseAddress('/a/./b/')).toBe('/a/b/');
    expect(normaliseAddress('/a:b')).toBe('/a%3Ab/');
    expect(isOldAddress('/2014/06/18/x/')).toBe(true);
    expect(isOldAddress('//evil.example/')).toBe(false);
    expect(isOldAddress('https://evil.example/')).toBe(false);
    expect(isOldAddress('/a b/')).toBe(false);
  });
});
