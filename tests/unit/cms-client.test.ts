import { describe, expect, it } from 'vitest';
import { connectionFromEnv, encodeQuery } from '../../web/src/lib/cms-client';

describe('the CMS client', () => {
  it('encodes nested Strapi queries in bracket syntax', () => {
    expect(encodeQuery({ fields: ['title', 'slug'], populate: { author: { fields: ['slug'] } }, status: 'published' })).toEqual([
      'fields[0]=title',
      'fields[1]=slug',
      'populate[author][fields][0]=slug',
      'status=published',
    ]);
    expect(encodeQuery({ filters: { title: { $eq: 'a&b=c' } } })).toEqual(['filters[title][%24eq]=a%26b%3Dc']);
  });

  it('names what is missing when the connection is not configured', () => {
    expect(() => connectionFromEnv({})).toThrow(/CMS_URL is not set/);
    expect(() => connectionFromEnv({ CMS_URL: 'http://cms.test' })).toThrow(/CMS_TOKEN is not set.*http:\/\/cms\.test/);
    expect(connectionFromEnv({ CMS_URL: 'http://cms.test/', CMS_TOKEN: 't' })).toEqual({ url: 'http://cms.test', token: 't' });
  });
});
