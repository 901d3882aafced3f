import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'malformed' }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'total'; total: number };

/** Decides per request (by URL and how many times that URL was asked for) whether to inject a fault. */
export type FaultPlan = (url: URL, attempt: number) => Fault | null;

export interface FaultProxy {
  url: string;
  /** Requests seen, by path and query. */
  requests: string[];
  setPlan(plan: FaultPlan | null): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of the real CMS that injects the faults a CMS or a network can produce
 * mid-build (the CMS itself cannot be made to do them on cue). Everything else passes through.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let plan: FaultPlan | null = null;
  const requests: string[] = [];
  const attempts = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', target);
    const key = `${url.pathname}${url.search}`;
    requests.push(key);
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const fault = plan?.(url, attempt) ?? null;

    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return void hanging.add(res);
    if (fault?.kind === 'status')
      return void res
        .writeHead(fault.status, { 'Content-Type': 'application/json' })
        .end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }));
    if (fault?.kind === 'malformed')
      return void res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('{"data": [ {"id": 1, "title": "cut off');

    const upstream = await fetch(url, {
      headers: { Authorization: req.headers.authorization ?? '' },
    });
    let body = await upstream.text();
    if (fault?.kind === 'total') {
      const json = JSON.parse(body);
      json.meta.pagination.total = fault.total;
      json.meta.pagination.pageCount = Math.ceil(fault.total / json.meta.pagination.pageSize);
      body = JSON.stringify(json);
    }
    res
      .writeHead(upstream.status, {
        'Content-Type': upstream.headers.get('content-type') ?? 'application/json',
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setPlan(next) {
      plan = next;
      requests.length = 0;
      attempts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
