import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strapiBin } from '@blog/cms/local';
import { cmsDir } from './paths';
import { cmsSecrets } from './test-cms';

export interface CmsProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The CMS as its own process (`strapi start`) on a database in dir, for tests that must kill it. */
export async function startCmsProcess(dir: string, port: number): Promise<CmsProcess> {
  const secretsFile = path.join(dir, 'process-secrets.json');
  if (!fs.existsSync(secretsFile)) fs.writeFileSync(secretsFile, JSON.stringify(cmsSecrets()));
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: cmsDir,
    env: {
      ...process.env,
      ...JSON.parse(fs.readFileSync(secretsFile, 'utf8')),
      DATABASE_FILENAME: path.join(dir, 'data.db'),
      SITE_TOKEN_FILE: path.join(dir, 'site-token.json'),
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_SERVER_URL: '',
      STRAPI_TELEMETRY_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The CMS exited (${child.exitCode}):\n${output}`);
    if ((await fetch(`${url}/_health`).catch(() => null))?.ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The CMS did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    child,
    output: () => output,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
