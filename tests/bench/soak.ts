// `npm run bench:soak`: the site server over months, in minutes. Not part of npm test.
//
// Soak: `npm start` on a fresh temporary database; the first administrator is registered through
// the admin's API, then the seed post is edited and published N times in a row (--publishes,
// default 200) the way the admin's Publish button does it. Each publish is timed until the page
// shows the change; the server's memory (site server and build workers) is read once the builder
// has settled after every build. It passes when memory after the last build is within 50 MB of
// memory after build 10.
//
// Load: wrk (Debian's package) at 100 connections against a post page, the home page and the
// stylesheet, on the site server and, in the same run, on nginx (Debian's package, started here)
// serving the same build directory with its precompressed files, plus a bare Node server sending
// the same bytes from memory (what any Node server could do on this machine). Rounds alternate;
// medians are reported. --no-load skips it; --seconds sets each round's length.
//
// Figures go to tests/bench/results/soak.json and docs/benchmarks.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuilderStatus } from '../../web/server/builder/builder-status';
import { repoRoot, webDir } from '../helpers/paths';
import { rawRequest } from '../helpers/raw-http';
import { freePort, settledStatus, waitFor } from '../helpers/site-server';
import { machine, median, writeBenchmarksSection, writeResult } from './report';

const { values: args } = parseArgs({
  // `--ceiling FILE PORT` runs this script as the bare server (below).
  strict: process.argv[2] !== '--ceiling',
  options: {
    publishes: { type: 'string', default: '200' },
    'no-load': { type: 'boolean', default: false },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '100' },
  },
});
const PUBLISHES = Number(args.publishes);
const LOAD_SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const MEMORY_TOLERANCE_MB = 50;
const ADMIN = { email: 'soak@example.test', password: 'Soak-test-password-1' };
if (process.argv[2] !== '--ceiling' && !(PUBLISHES >= 10))
  throw new Error('--publishes must be 10 or more');

if (process.argv[2] === '--ceiling') await ceilingServer(process.argv[3]!, Number(process.argv[4]));
else await main();

async function main(): Promise<void> {
  const loadTools = args['no-load'] ? [] : missingTools(['wrk', 'nginx']);
  if (loadTools.length)
    throw new Error(
      `The load part needs ${loadTools.join(' and ')}: apt-get install -y ${loadTools.join(' ')} (or run with --no-load)`,
    );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-soak-'));
  const buildsDir = path.join(webDir, `.soak-builds-${process.pid}`);
  const [cmsPort, sitePort] = [await freePort(), await freePort()];
  const cmsUrl = `http://localhost:${cmsPort}`;
  const siteUrl = `http://localhost:${sitePort}`;
  console.log(`Starting npm start (CMS :${cmsPort}, site :${sitePort}, database in ${work}) …`);
  const system = startSystem(work, buildsDir, cmsPort, sitePort);
  try {
    const status = async (): Promise<BuilderStatus> =>
      (await fetch(`${siteUrl}/_builder/status`)).json() as Promise<BuilderStatus>;
    await waitFor(
      'npm start to build the site',
      async () => (await status()).builds.succeeded > 0,
      300_000,
    );
    const admin = await registerAdmin(cmsUrl);
    const post = await seedPost(cmsUrl, admin);
    console.log(`Publishing "${post.title}" ${PUBLISHES} times …`);
    const soak = await publishRepeatedly(cmsUrl, siteUrl, admin, post, status);
    report(soak, null); // kept even if the load part fails
    if (!args['no-load'])
      report(
        soak,
        await loadTest(siteUrl, path.join(buildsDir, 'live', 'client'), post.slug, work),
      );
    process.exitCode = soak.passed ? 0 : 1;
  } finally {
    await system.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(buildsDir, { recursive: true, force: true });
  }
}

/** `npm start` as an operator runs it, on its own database, ports, builds and cache. */
function startSystem(work: string, buildsDir: string, cmsPort: number, sitePort: number) {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true, // its own process group, so that stopping it reaches the CMS and the workers
    env: {
      ...process.env,
      PORT: String(cmsPort),
      SITE_PORT: String(sitePort),
      DATABASE_FILENAME: path.join(work, 'soak.db'),
      SITE_TOKEN_FILE: path.join(work, 'site-token.json'),
      SITE_BUILDS_DIR: buildsDir,
      SITE_CACHE_DIR: path.join(work, 'astro-cache'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('exit', (code) => {
    if (code) console.error(`npm start exited with ${code}:\n${output.slice(-4000)}`);
  });
  return {
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
        setTimeout(
          () => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'),
          60_000,
        ).unref();
      }),
  };
}

async function adminApi<T>(
  cmsUrl: string,
  token: string | null,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${cmsUrl}${pathname}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

// Function declarations, not constants: main() runs from the top of this file, before a constant
// further down is initialised.
/** The first administrator, registered as the admin's first screen does it. */
function registerAdmin(cmsUrl: string): Promise<string> {
  return adminToken(cmsUrl, '/admin/register-admin', {
    firstname: 'Soak',
    lastname: 'Test',
    ...ADMIN,
  });
}

/** A new admin session: the admin's access token expires after 30 minutes, a soak runs longer. */
function logIn(cmsUrl: string): Promise<string> {
  return adminToken(cmsUrl, '/admin/login', ADMIN);
}

async function adminToken(cmsUrl: string, pathname: string, body: unknown): Promise<string> {
  const { data } = await adminApi<{ data: { token: string } }>(
    cmsUrl,
    null,
    'POST',
    pathname,
    body,
  );
  return data.token;
}

interface Post {
  documentId: string;
  slug: string;
  title: string;
}

async function seedPost(cmsUrl: string, token: string): Promise<Post> {
  const { results } = await adminApi<{ results: Post[] }>(
    cmsUrl,
    token,
    'GET',
    '/content-manager/collection-types/api::post.post?page=1&pageSize=1',
  );
  if (!results[0]) throw new Error('The seeded CMS has no post');
  return results[0];
}

interface SoakResult {
  publishes: number;
  publishMs: number[];
  /** The builds' own durations (sync, render, search index, compression), as the status reports them. */
  buildMs: number[];
  medianMs: number;
  buildMedianMs: number;
  p95Ms: number;
  /** Memory once settled after builds 10, 20, …: the server and its workers, and the server alone. */
  memory: Array<{ build: number; totalMb: number; serverMb: number; workers: number }>;
  growthMb: number;
  passed: boolean;
}

async function publishRepeatedly(
  cmsUrl: string,
  siteUrl: string,
  token: string,
  post: Post,
  status: () => Promise<BuilderStatus>,
): Promise<SoakResult> {
  const publishMs: number[] = [];
  const buildMs: number[] = [];
  const memory: SoakResult['memory'] = [];
  const settled = () => settledStatus({ status });
  await settled();
  for (let i = 1; i <= PUBLISHES; i++) {
    const title = `${post.title} (soak ${i})`;
    const started = Date.now();
    const publish = () =>
      adminApi(
        cmsUrl,
        token,
        'POST',
        `/content-manager/collection-types/api::post.post/${post.documentId}/actions/publish`,
        { title },
      );
    await publish().catch(async (error: Error) => {
      if (!/: 401 /.test(error.message)) throw error;
      token = await logIn(cmsUrl);
      await publish();
    });
    const escaped = title.replace(/&/g, '&amp;');
    await waitFor(
      `publish ${i} to be live`,
      async () => (await (await fetch(`${siteUrl}/blog/${post.slug}/`)).text()).includes(escaped),
      60_000,
    );
    publishMs.push(Date.now() - started);
    const now = await settled();
    buildMs.push(now.lastSuccess?.durationMs ?? 0);
    if (i % 10 === 0) {
      memory.push({
        build: i,
        totalMb: now.memoryMb,
        serverMb: now.serverMemoryMb ?? now.memoryMb,
        workers: now.workers?.length ?? 0,
      });
      console.log(
        `  ${i} publishes: median ${median(publishMs)} ms (builds ${median(buildMs)} ms); memory ${now.memoryMb} MB (server ${now.serverMemoryMb} MB + worker)`,
      );
    }
  }
  const first = memory[0]!.totalMb;
  const last = memory.at(-1)!.totalMb;
  const sorted = [...publishMs].sort((a, b) => a - b);
  return {
    publishes: PUBLISHES,
    publishMs,
    buildMs,
    medianMs: median(publishMs),
    buildMedianMs: median(buildMs),
    p95Ms: sorted[Math.ceil(sorted.length * 0.95) - 1]!,
    memory,
    growthMb: last - first,
    passed: Math.abs(last - first) <= MEMORY_TOLERANCE_MB,
  };
}

interface LoadRow {
  target: string;
  path: string;
  server: 'site server' | 'nginx' | 'bare Node';
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function loadTest(siteUrl: string, clientDir: string, slug: string, work: string) {
  const postPath = `/blog/${slug}/`;
  const html = await (await fetch(`${siteUrl}${postPath}`)).text();
  const cssPath = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
  if (!cssPath) throw new Error('The post page links no stylesheet');
  const targets = [
    { target: 'post page', path: postPath },
    { target: 'home page', path: '/' },
    { target: 'stylesheet', path: cssPath },
  ];
  const nginxPort = await freePort();
  const ceilingPort = await freePort();
  const nginx = startNginx(clientDir, nginxPort, work);
  // The bare server sends exactly what the site server sends (gzip, same headers), from memory.
  const responses: Record<string, { headers: Record<string, string>; body: string }> = {};
  for (const { path: urlPath } of targets) {
    const answer = await rawRequest(`${siteUrl}${urlPath}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers))
      if (typeof value === 'string' && !['date', 'connection', 'keep-alive'].includes(name))
        headers[name] = value;
    responses[urlPath] = { headers, body: answer.body.toString('base64') };
  }
  const responsesFile = path.join(work, 'ceiling.json');
  fs.writeFileSync(responsesFile, JSON.stringify(responses));
  const ceiling = spawn(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--ceiling', responsesFile, String(ceilingPort)],
    { stdio: 'inherit' },
  );
  try {
    await waitFor('nginx and the bare server', async () => {
      const [a, b] = await Promise.all([
        fetch(`http://127.0.0.1:${nginxPort}/`),
        fetch(`http://127.0.0.1:${ceilingPort}/`),
      ]);
      return a.ok && b.ok;
    });
    const servers = [
      { server: 'site server', base: siteUrl.replace('localhost', '127.0.0.1') },
      { server: 'nginx', base: `http://127.0.0.1:${nginxPort}` },
      { server: 'bare Node', base: `http://127.0.0.1:${ceilingPort}` },
    ] as const;
    const rows: LoadRow[] = [];
    for (const target of targets) {
      const rounds = new Map<string, ReturnType<typeof wrk>[]>();
      for (let round = 0; round < 2; round++)
        for (const { server, base } of servers) {
          const result = wrk(`${base}${target.path}`);
          rounds.set(server, [...(rounds.get(server) ?? []), result]);
          console.log(
            `  ${target.target}, ${server}: ${Math.round(result.rps)} requests/s, p99 ${result.p99Ms} ms, ${result.errors} errors`,
          );
        }
      for (const { server } of servers) {
        const runs = rounds.get(server)!;
        rows.push({
          ...target,
          server,
          rps: median(runs.map((run) => Math.round(run.rps))),
          p50Ms: median(runs.map((run) => run.p50Ms * 1000)) / 1000,
          p99Ms: median(runs.map((run) => run.p99Ms * 1000)) / 1000,
          errors: runs.reduce((sum, run) => sum + run.errors, 0),
        });
      }
    }
    return rows;
  } finally {
    ceiling.kill();
    nginx.kill();
  }
}

/** nginx as a static host of the build (gzip_static: the .gz files the build wrote). */
function startNginx(root: string, port: number, work: string): ChildProcess {
  const conf = path.join(work, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes auto;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  gzip_static on;
  server { listen 127.0.0.1:${port}; root ${fs.realpathSync(root)}; }
}
`,
  );
  return spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
}

/** One wrk run at the configured concurrency; gzip accepted, as by every browser. */
function wrk(url: string): { rps: number; p50Ms: number; p99Ms: number; errors: number } {
  const run = spawnSync(
    'wrk',
    [
      '-t2',
      `-c${CONNECTIONS}`,
      `-d${LOAD_SECONDS}s`,
      '--latency',
      '-H',
      'Accept-Encoding: gzip',
      url,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  const out = run.stdout;
  const ms = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!match) throw new Error(`No ${label}th percentile in wrk's output:\n${out}`);
    const factor = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
    return Math.round(Number(match[1]) * factor * 1000) / 1000;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    out,
  );
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50Ms: ms('50'),
    p99Ms: ms('99'),
    errors:
      (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
      Number(non2xx?.[1] ?? 0),
  };
}

/** The bare server: the recorded responses from memory, nothing else (this script, --ceiling). */
async function ceilingServer(file: string, port: number): Promise<void> {
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
    string,
    { headers: Record<string, string>; body: string }
  >;
  const responses = new Map(
    Object.entries(recorded).map(([urlPath, { headers, body }]) => [
      urlPath,
      { headers, body: Buffer.from(body, 'base64') },
    ]),
  );
  http
    .createServer((req, res) => {
      const response = responses.get(req.url ?? '');
      if (!response) return void res.writeHead(404).end();
      res.writeHead(200, response.headers).end(response.body);
    })
    .listen(port, '127.0.0.1');
}

function missingTools(tools: string[]): string[] {
  return tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
}

function report(soak: SoakResult, load: LoadRow[] | null): void {
  const date = new Date().toISOString();
  const host = machine();
  writeResult('soak.json', { benchmark: 'site-server-soak', date, machine: host, soak, load });
  const lines = [
    `| publishes | memory after build 10 | after build ${soak.publishes} | growth (≤ ${MEMORY_TOLERANCE_MB} MB) | site server alone | publish → live median | p95 |`,
    '|---|---|---|---|---|---|---|',
    `| ${soak.publishes} | ${soak.memory[0]!.totalMb} MB | ${soak.memory.at(-1)!.totalMb} MB | **${soak.growthMb >= 0 ? '+' : ''}${soak.growthMb} MB** ${soak.passed ? '✓' : '✗'} | ${soak.memory[0]!.serverMb} → ${soak.memory.at(-1)!.serverMb} MB | **${(soak.medianMs / 1000).toFixed(2)} s** | ${(soak.p95Ms / 1000).toFixed(2)} s |`,
    '',
    `Memory every 10 builds (MB, site server + its standing build worker): ${soak.memory.map((m) => m.totalMb).join(', ')}.`,
  ];
  if (load) {
    const nginxOf = (target: string) =>
      load.find((row) => row.target === target && row.server === 'nginx')!;
    const bareOf = (target: string) =>
      load.find((row) => row.target === target && row.server === 'bare Node')!;
    lines.push(
      '',
      `| ${CONNECTIONS} connections, gzip | server | requests/s | p50 | p99 | errors | vs nginx (target ≥ 0.8) | vs bare Node |`,
      '|---|---|---|---|---|---|---|---|',
      ...load.map((row) => {
        const ratio = row.rps / nginxOf(row.target).rps;
        const vsBare = row.rps / bareOf(row.target).rps;
        return `| ${row.target} | ${row.server} | ${row.rps} | ${row.p50Ms} ms | ${row.p99Ms} ms | ${row.errors} | ${row.server === 'nginx' ? '1' : `${ratio.toFixed(2)}${row.server === 'site server' ? (ratio >= 0.8 ? ' ✓' : ' ✗') : ''}`} | ${row.server === 'bare Node' ? '1' : vsBare.toFixed(2)} |`;
      }),
    );
  }
  lines.push(
    '',
    `Measured ${date.slice(0, 10)} on ${host.cpus} cores (${host.cpuModel}), ${host.memoryGb} GB, Node ${host.node}${load ? `; wrk ${LOAD_SECONDS} s per round, 2 rounds each, medians; nginx ${nginxVersion()} with one worker per core` : ''}. Rerun: \`npm run bench:soak\` (\`-- --publishes N\`, \`--no-load\`); figures in tests/bench/results/soak.json.`,
  );
  const text = lines.join('\n');
  writeBenchmarksSection('bench:soak', text);
  console.log(`\n${text}`);
}

function nginxVersion(): string {
  return (
    /nginx\/([\d.]+)/.exec(spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr)?.[1] ?? '?'
  );
}
