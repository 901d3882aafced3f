// The site server's file serving (web/server/static-files.ts) over real HTTP, on a directory
// precompressed by the real build step (web/build/precompress.ts).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../web/build/precompress';
import { MANIFEST_NAME, readSiteFiles } from '../../web/build/site-files';
import { StaticSite, chooseEncoding } from '../../web/server/static-files';
import { rawRequest } from '../helpers/raw-http';

const page = (title: string) =>
  `<!doctype html><html lang="da"><head><title>${title}</title></head><body>${'<p>Salg er samtaler om kundens behov. '.repeat(60)}</p></body></html>`;

let root: string;
let clientDir: string;
let server: http.Server;
let base: string;

function writeSite(dir: string, files: Record<string, string | Buffer>) {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

const SITE = {
  'index.html': page('Forside'),
  'blog/et-indlaeg/index.html': page('Et indlæg'),
  '_astro/site.Ab12Cd.css': 'body { font-family: Georgia, serif; } '.repeat(40),
  '404.html': page('Siden findes ikke'),
  'robots.txt': 'User-agent: *\nAllow: /\n',
  'billede.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array(600).fill(7)]),
  // Over the in-memory limit: streamed from disk.
  'stor.txt': 'abcdefghij'.repeat(70_000),
};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'static-files-'));
  clientDir = path.join(root, 'client');
  writeSite(clientDir, SITE);
  const { manifest } = await precompress(clientDir, null);
  fs.writeFileSync(path.join(root, MANIFEST_NAME), JSON.stringify(manifest));
  const site = StaticSite.load(clientDir);
  server = http.createServer((req, res) => site.serve(req, res, { 'X-Test-Header': 'ja' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(`${base}${pathname}`, { headers, method });

describe('compression', () => {
  it('sends Brotli or gzip as the client asks, each decoding to the file itself', async () => {
    for (const name of ['index.html', '_astro/site.Ab12Cd.css']) {
      const original = fs.readFileSync(path.join(clientDir, name));
      const address = `/${name.replace(/index\.html$/, '')}`;
      const br = await get(address, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], name).toBe('br');
      expect(br.headers.vary).toBe('Accept-Encoding');
      expect(zlib.brotliDecompressSync(br.body).equals(original), name).toBe(true);
      expect(br.body.length).toBeLessThan(original.length / 3);
      const gz = await get(address, { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);
      const plain = await get(address);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(original)).toBe(true);
      expect(Number(plain.headers['content-length'])).toBe(original.length);
      // Each representation has its own strong validator.
      expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    }
  });

  it('follows the weights in Accept-Encoding', () => {
    const both = { br: 10, gzip: 12 };
    expect(chooseEncoding('gzip, br', both)).toBe('br');
    expect(chooseEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9', both)).toBe('gzip');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('*;q=0', both)).toBeNull();
    expect(chooseEncoding('identity', both)).toBeNull();
    expect(chooseEncoding('br', { gzip: 12 })).toBeNull();
    expect(chooseEncoding(undefined, both)).toBeNull();
  });

  it('leaves images, tiny files and the precompressed siblings themselves alone', async () => {
    const png = await get('/billede.png', { 'Accept-Encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers.vary).toBeUndefined();
    const robots = await get('/robots.txt', { 'Accept-Encoding': 'br, gzip' });
    expect(robots.headers['content-encoding']).toBeUndefined();
    expect(robots.body.toString()).toBe(SITE['robots.txt']);
    expect((await get('/index.html.br')).status).toBe(404);
  });
});

describe('caching', () => {
  it('answers a matching If-None-Match or If-Modified-Since with 304 and no body', async () => {
    const first = await get('/blog/et-indlaeg/', { 'Accept-Encoding': 'br' });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(first.headers['last-modified'] as string)).not.toBeNaN();
    const again = await get('/blog/et-indlaeg/', {
      'Accept-Encoding': 'br',
      'If-None-Match': `"nope", ${first.headers.etag}`,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['x-test-header']).toBe('ja');
    const weak = await get('/blog/et-indlaeg/', {
      'Accept-Encoding': 'br',
      'If-None-Match': `W/${first.headers.etag}`,
    });
    expect(weak.status).toBe(304);
    const since = await get('/blog/et-indlaeg/', {
      'Accept-Encoding': 'br',
      'If-Modified-Since': first.headers['last-modified'] as string,
    });
    expect(since.status).toBe(304);
    const changed = await get('/blog/et-indlaeg/', {
      'Accept-Encoding': 'br',
      'If-None-Match': '"en-anden-version"',
      'If-Modified-Since': first.headers['last-modified'] as string, // ignored beside If-None-Match
    });
    expect(changed.status).toBe(200);
  });

  it('marks hashed assets immutable and everything else for revalidation', async () => {
    expect((await get('/_astro/site.Ab12Cd.css')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/robots.txt')).headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const getResponse = await get('/', { 'Accept-Encoding': 'gzip' });
    const head = await get('/', { 'Accept-Encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of [
      'etag',
      'content-length',
      'content-type',
      'content-encoding',
      'last-modified',
    ])
      expect(head.headers[name], name).toBe(getResponse.headers[name]);
  });

  it('serves single byte ranges of a file, from memory and streamed from disk', async () => {
    for (const name of ['robots.txt', 'stor.txt']) {
      const content = fs.readFileSync(path.join(clientDir, name));
      const part = await get(`/${name}`, { Range: 'bytes=5-14', 'Accept-Encoding': 'br' });
      expect(part.status, name).toBe(206);
      expect(part.headers['content-encoding']).toBeUndefined();
      expect(part.headers['content-range']).toBe(`bytes 5-14/${content.length}`);
      expect(part.body.equals(content.subarray(5, 15))).toBe(true);
      const tail = await get(`/${name}`, { Range: 'bytes=-4' });
      expect(tail.body.equals(content.subarray(content.length - 4))).toBe(true);
    }
    const outside = await get('/robots.txt', { Range: 'bytes=9999-' });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${SITE['robots.txt'].length}`);
    // If-Range with another version: the whole file instead of a piece of the wrong one.
    const stale = await get('/robots.txt', { Range: 'bytes=0-3', 'If-Range': '"gammel"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(SITE['robots.txt']);
  });
});

describe('addresses', () => {
  it('maps folders to their index page and redirects a page address without its slash', async () => {
    expect((await get('/blog/et-indlaeg/')).body.toString()).toContain('<title>Et indlæg</title>');
    const bare = await get('/blog/et-indlaeg?utm=x');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/blog/et-indlaeg/?utm=x');
    // Dot segments and double slashes never turn into a redirect off the site.
    const sneaky = await get('/x/..//blog/et-indlaeg');
    expect(sneaky.status).toBe(301);
    expect(sneaky.headers.location).toBe('/blog/et-indlaeg/');
  });

  it('answers what does not exist, or lies outside the site, with the 404 page', async () => {
    for (const address of [
      '/findes-ikke/',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/hosts',
      '/%E0%A4%A',
      `/${MANIFEST_NAME}`,
    ]) {
      const response = await get(address);
      expect(response.status, address).toBe(404);
      expect(response.body.toString(), address).toContain('Siden findes ikke');
    }
  });
});

describe('precompression across builds', () => {
  it('reuses what the previous build compressed for unchanged files, keeping their dates', async () => {
    const before = readSiteFiles(path.join(root, MANIFEST_NAME))!;
    const next = path.join(root, 'next');
    writeSite(next, { ...SITE, 'blog/et-indlaeg/index.html': page('Et rettet indlæg') });
    const later = new Date(Date.now() + 3_600_000);
    const { manifest, stats } = await precompress(next, { clientDir, files: before }, later);
    expect(stats.compressed).toBe(1);
    expect(stats.reused).toBe(Object.values(before.files).filter((f) => f.encoded.br).length - 1);
    const changed = manifest.files['blog/et-indlaeg/index.html']!;
    expect(changed.hash).not.toBe(before.files['blog/et-indlaeg/index.html']!.hash);
    expect(changed.modified).toBe(later.toUTCString());
    expect(manifest.files['index.html']).toEqual(before.files['index.html']);
    expect(
      zlib
        .brotliDecompressSync(fs.readFileSync(path.join(next, 'blog/et-indlaeg/index.html.br')))
        .toString(),
    ).toContain('Et rettet indlæg');
    // Unchanged siblings are the previous build's (linked, not written again).
    expect(fs.statSync(path.join(next, 'index.html.br')).ino).toBe(
      fs.statSync(path.join(clientDir, 'index.html.br')).ino,
    );
  });
});
