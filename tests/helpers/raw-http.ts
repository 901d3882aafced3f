import http from 'node:http';
import https from 'node:https';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent: not decompressed (fetch would unpack it and hide the encoding). */
  body: Buffer;
}

/**
 * One HTTP(S) request with exactly the given headers and path (not normalised), on a fresh
 * connection: from `localAddress` when given (any 127.x address is a client of its own), over TLS
 * trusting only `ca` and naming `servername`.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    localAddress?: string;
    ca?: Buffer;
    servername?: string;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { protocol, host } = new URL(url);
    const request = (protocol === 'https:' ? https : http).request(
      `${protocol}//${host}`,
      {
        path: url.slice(`${protocol}//${host}`.length) || '/',
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
        localAddress: options.localAddress,
        ca: options.ca,
        servername: options.servername,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
