/**
 * Where a scenario's CPU goes, from /proc (Linux): this process (the IdP, the
 * runner and Playwright's client), the client main processes it started and
 * has reaped, and Chromium's process tree. Clock-tick resolution (10 ms) is
 * plenty for a scenario's half-seconds. Elsewhere it measures nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface CpuSplit {
  /** This process: the mock IdP, the scenario runner, Playwright's client. */
  harness: number;
  /** Children this process reaped: the client's main processes, one per launch. */
  clientMain: number;
  /** Chromium: the browser process and everything under it (renderers, GPU, utilities), reaped ones included. */
  chromium: number;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, seconds. */
  own: number;
  /** cutime + cstime: children it has waited for, seconds. */
  reaped: number;
}

const TICKS_PER_SECOND = 100;

function readStat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const tick = (index: number) => Number(fields[index]) / TICKS_PER_SECOND;
    return { pid: Number(text.slice(0, text.indexOf(' '))), ppid: Number(fields[1]), own: tick(11) + tick(12), reaped: tick(13) + tick(14) };
  } catch {
    return undefined;
  }
}

function isChromium(pid: number): boolean {
  try {
    return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** CPU seconds one process has used so far (its own threads), or undefined without /proc. */
export function processCpuSeconds(pid: number): number | undefined {
  return readStat(pid)?.own;
}

/** CPU seconds used so far, by where; undefined without /proc. */
export function cpuSnapshot(): CpuSplit | undefined {
  const self = readStat('self');
  if (!self) return undefined;
  const stats = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== undefined);
  const childrenOf = new Map<number, ProcStat[]>();
  for (const stat of stats) childrenOf.set(stat.ppid, [...(childrenOf.get(stat.ppid) ?? []), stat]);
  // A process's tree: its own time, what it reaped, and the same of every live descendant.
  const treeTime = (stat: ProcStat): number => stat.own + stat.reaped + (childrenOf.get(stat.pid) ?? []).reduce((sum, child) => sum + treeTime(child), 0);
  const chromium = (childrenOf.get(self.pid) ?? []).filter((child) => isChromium(child.pid)).reduce((sum, child) => sum + treeTime(child), 0);
  return { harness: self.own, clientMain: self.reaped, chromium };
}

/** What was used between two snapshots. */
export function cpuBetween(before: CpuSplit | undefined, after: CpuSplit | undefined): CpuSplit | undefined {
  if (!before || !after) return undefined;
  return { harness: after.harness - before.harness, clientMain: after.clientMain - before.clientMain, chromium: after.chromium - before.chromium };
}

/**
 * The CPU µs `pid` spends per task while `tasks` run `concurrency` at a time (each task one request to it, which
 * checks its own answer); undefined without /proc.
 */
export async function cpuPerTask(pid: number, tasks: ReadonlyArray<() => Promise<unknown>>, concurrency = 16): Promise<number | undefined> {
  const before = processCpuSeconds(pid);
  if (before === undefined) return undefined;
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
  return ((processCpuSeconds(pid)! - before) * 1e6) / tasks.length;
}

/** A bench request's answer, which must be a 2xx; read to the end. */
export async function expectOk<T = unknown>(request: Promise<Response>, what: string): Promise<T> {
  const response = await request;
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
