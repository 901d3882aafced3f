import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectionFromEnv, type CmsConnection } from '../src/lib/cms-client.ts';
import { sharedSetting } from './local-config.ts';
import { cmsDir, ensureCmsBuilt, ensureEnv, strapiBin } from '@blog/cms/local';
import { siteSetting } from '../src/site-settings.ts';

export interface EmbeddedCms extends CmsConnection {
  stop(): Promise<void>;
}

interface StartOptions {
  port?: number;
  /** Print the CMS's own log lines as they come (npm start); otherwise only on failure. */
  echo?: boolean;
  log?: (line: string) => void;
  /** Extra environment for the CMS process. */
  env?: NodeJS.ProcessEnv;
}

function cmsEnv(port?: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    ...(port ? { PORT: String(port) } : {}),
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
  };
}

/**
 * The CMS that CMS_URL names, read with CMS_TOKEN or else the token file the local CMS wrote;
 * null when CMS_URL is not set.
 */
export function configuredCms(): CmsConnection | null {
  if (!siteSetting('cmsUrl')) return null;
  return connectionFromEnv({
    ...process.env,
    CMS_TOKEN: siteSetting('cmsToken') ?? readSiteToken(),
  });
}

/** The embedded CMS's port: PORT from the environment or cms/.env. */
const embeddedCmsPort = () => Number(sharedSetting('PORT') ?? 1337);

/** Where the embedded CMS listens. */
export function embeddedCmsUrl(port = embeddedCmsPort()): string {
  return `http://localhost:${port}`;
}

/** Reads the site's read-only token that the CMS wrote on start (see cms/src/api-tokens.ts). */
export function readSiteToken(): string {
  const file = path.resolve(cmsDir, sharedSetting('SITE_TOKEN_FILE') ?? siteSetting('tokenFile'));
  const token = tokenIn(file);
  if (token) return token;
  throw new Error(
    `No site token in ${file}: start the CMS once (npm start) so it creates one, or set CMS_TOKEN.`,
  );
}

/**
 * The site forms' token (contact-form messages, newsletter sign-ups): CMS_INQUIRY_TOKEN, else the file the
 * CMS writes on start; null while there is none (messages then wait in the site server's queue).
 */
export function readInquiryToken(): string | null {
  const given = siteSetting('inquiryToken');
  if (given) return given;
  return tokenIn(
    path.resolve(cmsDir, sharedSetting('INQUIRY_TOKEN_FILE') ?? siteSetting('inquiryTokenFile')),
  );
}

/** The import's token: CMS_IMPORT_TOKEN, else the file the CMS writes on start. */
export function readImportToken(): string {
  const given = siteSetting('importToken');
  if (given) return given;
  const file = path.resolve(
    cmsDir,
    sharedSetting('IMPORT_TOKEN_FILE') ?? siteSetting('importTokenFile'),
  );
  const token = tokenIn(file);
  if (token) return token;
  throw new Error(
    `No import token in ${file}: start the CMS once (npm start) so it creates one, or set CMS_IMPORT_TOKEN to a token of the CMS you import into.`,
  );
}

function tokenIn(file: string): string | null {
  try {
    const { token } = JSON.parse(fs.readFileSync(file, 'utf8')) as { token?: string };
    return token || null;
  } catch {
    return null;
  }
}

/** Whether a CMS answers at `url` (its health check, within 2 s): one runs there. */
export async function cmsAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/_health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false; // not listening (yet)
  }
}

/**
 * Starts the CMS on the embedded SQLite database as a child process and waits until it answers.
 * On first run the CMS creates its database, seeds it and writes the site token.
 */
export async function startEmbeddedCms(options: StartOptions = {}): Promise<EmbeddedCms> {
  const log = options.log ?? ((line: string) => console.log(line));
  ensureEnv(path.join(cmsDir, '.env'));
  ensureCmsBuilt({ log, env: cmsEnv() });
  const port = options.port ?? embeddedCmsPort();
  const url = embeddedCmsUrl(port);

  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: cmsDir,
    env: cmsEnv(port, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (options.echo) log(`[cms] ${line}`);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);

  const stop = () => stopChild(child);
  try {
    await waitUntilHealthy(url, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nLast CMS output:\n${recent.join('\n')}`, {
      cause: error,
    });
  }
  return { url, token: readSiteToken(), stop };
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new Error(`The CMS exited (code ${exited}) before it was ready at ${url}.`);
    if (await cmsAnswers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The CMS did not answer at ${url}/_health within ${timeoutMs / 1000} s.`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
