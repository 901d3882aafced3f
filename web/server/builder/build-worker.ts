// A build worker: the site server's builds and draft previews run in processes like this one, never
// in the server itself. Each worker imports Astro once (about 2.5 s and 360 MB, so it is started
// before it is needed), serves the live build's preview routes on a loopback port, builds when
// asked (normally once) and is retired when its successor is ready. Whatever a build leaves loaded
// (each in-process Astro build kept about 9 MB) ends with the process. The parent: build-workers.ts.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WARM_UP_DIR, type FromWorker, type ToWorker } from './build-workers.ts';
import { buildIncrementally } from './incremental-site.ts';
import { warmUp } from './warm-up.ts';
import { keptPrerenderApp } from '../../build/prerender-app.ts';
import { shareSavedEntries } from '../../src/sync/entries-file.ts';
import { webDir } from '../../build/paths.ts';

/** The Node adapter's connect-style handler for a build's on-demand (preview) routes. */
type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  next: () => void,
) => void;

const send = (message: FromWorker) => process.send?.(message);

// The site server decides when a worker ends: Ctrl+C in a terminal reaches the whole process group,
// and a build must not die half-done from it. Without the server (its channel closed) it ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
process.on('disconnect', () => process.exit(0));

let preview: http.Server | null = null;
/** Astro builds this worker ran: after its first it renders publishes itself (hot-render.ts). */
let astroBuilds = 0;
let handler: RequestHandler | null = null;
process.on('message', (message: ToWorker) => void handle(message));
await warmUp(process.argv[2] ?? path.join(webDir, '.builds', WARM_UP_DIR));
send({ type: 'ready' });

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'build') {
    try {
      const { job } = message;
      const result = await buildIncrementally(job.cms, job.buildsDir, job.dir, {
        preview: true,
        force: job.force,
        log: (line) => console.log(line),
        onPagesReady: (pages) => void send({ type: 'pages-ready', result: pages }),
      });
      if (result.renderedBy === 'astro') astroBuilds++;
      // A second Astro build leaves the first one's memory behind: then a fresh worker should take over.
      send({ type: 'built', result, keep: astroBuilds <= 1 && keptPrerenderApp() !== null });
    } catch (error) {
      send({ type: 'failed', message: withCauses(error) });
    }
  } else if (message.type === 'preview') {
    try {
      shareSavedEntries(message.entriesDir);
      send({ type: 'preview-ready', port: await servePreviews(message.serverEntry) });
    } catch (error) {
      send({ type: 'failed', message: withCauses(error) });
    }
  } else if (message.type === 'retire') {
    // Previews being rendered finish first; a stuck one does not keep the process.
    if (!preview) process.exit(0);
    preview.close(() => process.exit(0));
    preview.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  }
}

/**
 * Loads a build's on-demand (preview) routes and answers them on a loopback port; a newer build's
 * routes replace the ones loaded before (this worker is replaced soon, with what it loaded).
 */
async function servePreviews(serverEntry: string): Promise<number> {
  if (!fs.existsSync(serverEntry)) throw new Error(`${serverEntry} is missing`);
  const module = (await import(pathToFileURL(path.resolve(serverEntry)).href)) as {
    handler?: RequestHandler;
  };
  if (typeof module.handler !== 'function')
    throw new Error(`${serverEntry} does not export a request handler`);
  handler = module.handler;
  if (!preview) {
    const server = http.createServer((req, res) =>
      handler!(req, res, () => void res.writeHead(404).end()),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    preview = server;
  }
  return (preview.address() as { port: number }).port;
}

/** An error's message with those of its causes: Astro wraps the one that says what went wrong. */
function withCauses(error: unknown): string {
  const messages: string[] = [];
  for (let at = error; at instanceof Error && messages.length < 5; at = at.cause)
    messages.push(at.message);
  return messages.join('\n  caused by: ');
}
