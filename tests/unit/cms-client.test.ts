import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CmsError,
  connectionFromEnv,
  encodeQuery,
  fetchJson,
  type CmsConnection,
} from '../../web/src/lib/cms-client';

describe('the CMS client', () => {
  it('encodes nested Strapi queries in bracket syntax', () => {
    expect(
      encodeQuery({
        fields: ['title', 'slug'],
        populate: { author: { fields: ['slug'] } },
        status: 'published',
      }),
    ).toEqual([
      'fields[0]=title',
      'fields[1]=slug',
      'populate[author][fields][0]=slug',
      'status=published',
    ]);
    expect(encodeQuery({ filters: { title: { $eq: 'a&b=c' } } })).toEqual([
      'filters[title][%24eq]=a%26b%3Dc',
    ]);
  });

  it('names what is missing when the connection is not configured', () => {
    expect(() => connectionFromEnv({})).toThrow(/CMS_URL is not set/);
    expect(() => connectionFromEnv({ CMS_URL: 'http://cms.test' })).toThrow(
      /CMS_TOKEN is not set.*http:\/\/cms\.test/,
    );
    expect(connectionFromEnv({ CMS_URL: 'http://cms.test/', CMS_TOKEN: 't' })).toEqual({
      url: 'http://cms.test',
      token: 't',
    });
  });
});

// The client speaks node:http itself (see get() in cms-client.ts); these are the HTTP details that
// fetch() used to handle for it, against a real local server.
describe('the CMS client over HTTP', () => {
  const danish = JSON.stringify({ data: { title: 'Sælg værdi, ikke pris – øh' } });
  const seen: Array<string | undefined> = [];
  let server: http.Server;
  let connection: CmsConnection;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.headers.authorization);
      if (request.url === '/api/split') {
        // A multi-byte character cut between two chunks must still decode as one.
        const bytes = Buffer.from(danish);
        const cut = bytes.indexOf(Buffer.from('æ')) + 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(bytes.subarray(0, cut));
        setTimeout(() => response.end(bytes.subarray(cut)), 20);
      } else if (request.url === '/api/moved') {
        response.writeHead(301, { location: 'https://cms.example.test/api/moved' }).end();
      } else {
        // Promises more than it sends, then hangs up.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"data": [');
        setTimeout(() => response.socket?.destroy(), 20);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    connection = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 'secret',
      stats: { requests: 0 },
    };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends the token and decodes UTF-8 split across chunks', async () => {
    await expect(fetchJson(connection, 'split')).resolves.toEqual(JSON.parse(danish));
    expect(seen.at(-1)).toBe('Bearer secret');
  });

  it('names where a redirect leads instead of following it, and does not retry it', async () => {
    const before = connection.stats!.requests;
    const error = await fetchJson(connection, 'moved').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CmsError);
    expect((error as Error).message).toMatch(
      /\/api\/moved\n {2}cause: HTTP 301 Moved Permanently \(it redirects to https:\/\/cms\.example\.test\/api\/moved; set CMS_URL/,
    );
    expect(connection.stats!.requests - before).toBe(1);
  });

  it('treats a response cut short as a transient fault: retried, then reported', async () => {
    const before = connection.stats!.requests;
    const error = await fetchJson(connection, 'cut').catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /\/api\/cut\n {2}cause: .*(closed before the whole response arrived|aborted)/,
    );
    expect((error as CmsError).transient).toBe(true);
    expect(connection.stats!.requests - before).toBe(3);
  });
});
