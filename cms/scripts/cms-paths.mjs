// Where this CMS is, and the Strapi command that runs it (`node <strapiBin> start|build|export`).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const strapiBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@strapi/strapi/package.json')),
  'bin',
  'strapi.js',
);
