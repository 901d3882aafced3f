import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rawRequest } from './raw-http';
import { waitFor } from './site-server';

/** Caddy from Debian's package (`apt-get install caddy`; .ci/run installs it), or null. */
export function caddyBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v caddy'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export interface CaddySite {
  /** The host name the site answers to (a name under .localhost: never looked up, sent as SNI). */
  host: string;
  /** The address Caddy passes requests on to, e.g. 127.0.0.1:1337. */
  upstream: string;
}

export interface RunningCaddy {
  /** The HTTPS port every site listens on. */
  port: number;
  /** Caddy's own certificate authority (tls internal), for clients to trust. */
  ca: Buffer;
  stop(): Promise<void>;
}

/**
 * Caddy as the reverse proxy in front of the given sites, with TLS from its own authority (`tls
 * internal` for every site: `local_certs`; docs/deploy.md gets real certificates), all state in `dir`.
 */
export async function startCaddy(
  dir: string,
  port: number,
  httpPort: number,
  sites: CaddySite[] | { config: string; firstHost: string },
): Promise<RunningCaddy> {
  const binary = caddyBinary();
  if (!binary) throw new Error('Caddy is not installed (apt-get install caddy)');
  const config = [
    '{',
    '  admin off',
    '  skip_install_trust',
    '  auto_https disable_redirects',
    `  http_port ${httpPort}`,
    `  https_port ${port}`,
    `  storage file_system ${path.join(dir, 'data')}`,
    // Every site's certificate from Caddy's own authority (a given Caddyfile says nothing of TLS).
    '  local_certs',
    '}',
    ...(Array.isArray(sites)
      ? sites.flatMap((site) => [
          `https://${site.host}:${port} {`,
          `  reverse_proxy ${site.upstream}`,
          '}',
        ])
      : [sites.config]),
  ].join('\n');
  const firstHost = Array.isArray(sites) ? sites[0]!.host : sites.firstHost;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Caddyfile');
  fs.writeFileSync(file, `${config}\n`);
  let output = '';
  const child: ChildProcess = spawn(binary, ['run', '--config', file, '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const rootCert = path.join(dir, 'data', 'pki', 'authorities', 'local', 'root.crt');
  try {
    await waitFor(
      "Caddy's certificates",
      async () => {
        if (child.exitCode !== null) throw new Error(`Caddy exited:\n${output}`);
        if (!fs.existsSync(rootCert)) return false;
        // Serving: the first site answers a TLS handshake with a certificate from that authority.
        const answer = await httpsRequest({
          host: firstHost,
          port,
          path: '/',
          ca: fs.readFileSync(rootCert),
        }).catch(() => null);
        return answer !== null;
      },
      30_000,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nCaddy's output:\n${output}`, { cause: error });
  }
  return {
    port,
    ca: fs.readFileSync(rootCert),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTPS request to 127.0.0.1 for `host` (SNI and Host header), from `from` (any 127.x address
 * of this machine: a client of its own), trusting only `ca`.
 */
export async function httpsRequest(options: {
  host: string;
  port: number;
  path: string;
  ca: Buffer;
  from?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<HttpsAnswer> {
  const answer = await rawRequest(`https://127.0.0.1:${options.port}${options.path}`, {
    method: options.method,
    headers: { Host: `${options.host}:${options.port}`, ...options.headers },
    body: options.body,
    localAddress: options.from,
    ca: options.ca,
    servername: options.host,
  });
  return { ...answer, body: answer.body.toString('utf8') };
}
