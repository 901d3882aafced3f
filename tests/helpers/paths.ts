import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cmsDir = path.join(repoRoot, 'cms');
export const webDir = path.join(repoRoot, 'web');
/** The project's copy of the first real post (see ../shared/README.md for its structure). */
export const seedPostFile = path.join(cmsDir, 'seed', 'posts', '000_902442b1b995594d.txt');
export const testsDir = path.join(repoRoot, 'tests');
