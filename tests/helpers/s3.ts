import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// s3rver is CommonJS without types of its own.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface TestS3Server {
  port: number;
  endpoint: string;
  /** The bucket's public address, path style (http://127.0.0.1:PORT/BUCKET). */
  publicUrl(bucket: string): string;
  /** The environment that points the CMS's media at `bucket` on this server. */
  cmsEnv(bucket: string): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A real S3 API server (s3rver) on a loopback port, its objects in `dir` (they survive a restart
 * on the same port and folder), with `buckets` created. Keys: S3RVER / S3RVER.
 */
export async function startS3Server(
  dir: string,
  buckets: string[],
  port = 0,
): Promise<TestS3Server> {
  fs.mkdirSync(dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port: bound } = await server.run();
  const endpoint = `http://127.0.0.1:${bound}`;
  return {
    port: bound,
    endpoint,
    publicUrl: (bucket) => `${endpoint}/${bucket}`,
    cmsEnv: (bucket) => ({
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'eu-north-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_PUBLIC_URL: `${endpoint}/${bucket}`,
    }),
    stop: () => server.close(),
  };
}

/** The keys of the objects in `bucket`, listed through the S3 API (the AWS SDK). */
export async function objectKeys(server: TestS3Server, bucket: string): Promise<string[]> {
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'eu-north-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!).sort();
  } finally {
    client.destroy();
  }
}

export interface S3FaultProxy {
  url: string;
  /** From now on, uploads (PUT) of keys matching `pattern` get a 500; null: all pass again. */
  failUploads(pattern: RegExp | null): void;
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of the S3 server that fails the uploads of chosen keys: the one
 * fault a real server cannot be made to do on cue (part of an upload arriving, part not).
 */
export async function startS3FaultProxy(target: string): Promise<S3FaultProxy> {
  let failing: RegExp | null = null;
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT' && failing?.test(req.url ?? '')) {
      req.resume();
      req.on('end', () =>
        res
          .writeHead(500, { 'Content-Type': 'application/xml' })
          .end('<Error><Code>InternalError</Code><Message>injected</Message></Error>'),
      );
      return;
    }
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failUploads: (pattern) => (failing = pattern),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
