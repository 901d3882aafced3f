import fs from 'node:fs';

const PAGE_SIZE = 4096;

/** The resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The stat line: pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.pop()!;
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
    } catch {
      // ended
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples treeRss every intervalMs until stopped; returns the peak. */
export function peakRssSampler(pid: number, intervalMs = 100): { peak(): number; stop(): number } {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRss(pid)));
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** The peak so far. */
    peak: () => Math.max(peak, treeRss(pid)),
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
