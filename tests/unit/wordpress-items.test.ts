import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copenhagenTime, formatDanishDateTime } from '@blog/shared';
import {
  itemDate,
  mergeTerms,
  planItem,
  readWxr,
  termKey,
  type WxrItem,
  type WxrTerm,
} from '../../web/import/wordpress';
import { testsDir } from '../helpers/paths';

async function fixture(): Promise<{ items: WxrItem[]; terms: WxrTerm[] }> {
  const items: WxrItem[] = [];
  const terms: WxrTerm[] = [];
  const file = path.join(testsDir, 'fixtures', 'wordpress', 'gammel-blog.xml');
  for await (const entry of readWxr(fs.createReadStream(file))) {
    if (entry.kind === 'item') items.push(entry.item);
    if (entry.kind === 'term') terms.push(entry.term);
  }
  return { items, terms };
}

describe('what the import makes of each item', () => {
  it('maps WordPress statuses and types: published, scheduled, drafts, skipped with reasons', async () => {
    const { items } = await fixture();
    const plans = Object.fromEntries(items.map((item) => [item.id, planItem(item)]));
    expect(plans[12]).toEqual({
      kind: 'post',
      state: 'published',
      date: new Date('2014-06-18T08:00:00Z'),
    });
    expect(formatDanishDateTime((plans[12] as { date: Date }).date)).toBe(
      '18. juni 2014 kl. 10.00',
    );
    expect(plans[21]).toEqual({ kind: 'post', state: 'draft', date: null });
    expect(plans[22]).toEqual({ kind: 'post', state: 'draft', date: null });
    expect(plans[23]).toEqual({
      kind: 'post',
      state: 'draft',
      date: null,
      note: 'private on WordPress: a draft here',
    });
    expect(plans[24]).toEqual({
      kind: 'post',
      state: 'scheduled',
      date: new Date('2030-05-01T07:00:00Z'),
    });
    expect(plans[25]).toEqual({ kind: 'skip', reason: 'in the trash' });
    expect(plans[30]).toMatchObject({ kind: 'page', state: 'published' });
    expect(plans[34]).toEqual({ kind: 'attachment' });
    expect(plans[40]).toEqual({ kind: 'skip', reason: 'a menu item' });
    expect(plans[41]).toEqual({ kind: 'skip', reason: 'a revision' });
  });

  it('reads a date without its GMT form as Copenhagen time, summer and winter', () => {
    const draft = { dateGmt: '0000-00-00 00:00:00' };
    expect(itemDate({ ...draft, date: '2016-01-04 09:00:00' })).toEqual(
      new Date('2016-01-04T08:00:00Z'),
    );
    expect(itemDate({ ...draft, date: '2016-07-01 09:00:00' })).toEqual(
      new Date('2016-07-01T07:00:00Z'),
    );
    expect(itemDate({ date: '0000-00-00 00:00:00', dateGmt: '' })).toBeNull();
    expect(copenhagenTime(2026, 3, 29, 3, 30)).toEqual(new Date('2026-03-29T01:30:00Z'));
  });
});

describe('categories and tags', () => {
  it('become one set of tags, without duplicates by name or slug', async () => {
    const { terms } = await fixture();
    const { tags, tagOf } = mergeTerms(terms);
    expect(tags.map((tag) => [tag.name, tag.slug, tag.from])).toEqual([
      ['Salg', 'salg', ['category:salg', 'post_tag:salg-2']],
      ['Salgstræning', 'salgstraening', ['category:salgstraening']],
      ['Kunder', 'kunder', ['post_tag:kunder']],
    ]);
    expect(tagOf.get(termKey('post_tag', 'salg-2'))?.name).toBe('Salg');
    expect(tagOf.has(termKey('nav_menu', 'hovedmenu'))).toBe(false);
    // WordPress's default category, which every uncategorised post has, is no tag.
    expect(tagOf.has(termKey('category', 'uncategorized'))).toBe(false);
  });
});
