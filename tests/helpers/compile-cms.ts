// The integration project's global setup: the CMS's TypeScript compiled into cms/dist once per run
// (5 s), as `strapi build` does, instead of once in every test file that starts a CMS.
import { createRequire } from 'node:module';
import path from 'node:path';
import { cmsDir } from './paths';

const require = createRequire(import.meta.url);

export default async function compileCmsOnce(): Promise<void> {
  const started = Date.now();
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: cmsDir, ignoreDiagnostics: true });
  console.log(`Compiled the CMS for the integration tests in ${Date.now() - started} ms`);
}

/** What createStrapi needs of the compiled CMS (what compileStrapi answers). */
export async function compiledCms(): Promise<{ appDir: string; distDir: string }> {
  const { resolveOutDir } = require('@strapi/typescript-utils') as {
    resolveOutDir(dir: string): Promise<string>;
  };
  return { appDir: cmsDir, distDir: path.resolve(cmsDir, await resolveOutDir(cmsDir)) };
}
