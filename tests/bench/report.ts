import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, webDir } from '../helpers/paths';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]!
    : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** Replaces docs/benchmarks.md's section between <!-- NAME:start --> and <!-- NAME:end --> with text. */
export function writeBenchmarksSection(name: string, text: string): void {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  const doc = fs.readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/benchmarks.md has no ${start} … ${end} section`);
  fs.writeFileSync(file, `${doc.slice(0, from + start.length)}\n${text}\n${doc.slice(to)}`);
}

/** Where every benchmark writes its figures. */
export const resultsDir = path.join(repoRoot, 'tests', 'bench', 'results');

/** The machine a benchmark ran on, for its report. */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Writes one results file (JSON for data, anything else as text) into tests/bench/results/. */
export function writeResult(name: string, content: unknown): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(
    path.join(resultsDir, name),
    typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
}

/** The installed version of a package, wherever npm put it (a workspace's own node_modules or the root's). */
export function installedVersion(name: string): string {
  const dir = [
    path.join(webDir, 'node_modules', name),
    path.join(repoRoot, 'node_modules', name),
  ].find((candidate) => fs.existsSync(path.join(candidate, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed (npm install)`);
  return (
    JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }
  ).version;
}
