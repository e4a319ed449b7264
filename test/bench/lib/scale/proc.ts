import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * What /proc says about the processes of the benchmark: resident memory now and at its peak
 * (VmRSS, VmHWM), and CPU time used. Read from outside, so a worker's own figures need nothing
 * from the worker.
 */

const TICKS_PER_SECOND = 100;

export interface Memory {
  rssMb: number;
  hwmMb: number;
}

export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * One process's /proc/<pid>/stat: its command name, and its CPU ticks, its own (user + system)
 * and those of the children it has reaped; undefined when it is gone.
 */
function statOf(pid: number | string): { command: string; ownTicks: number; reapedTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ownTicks: fields[11]! + fields[12]!, reapedTicks: fields[13]! + fields[14]! };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used, or NaN when it is gone. */
export function cpuSecondsOf(pid: number): number {
  const stat = statOf(pid);
  return stat ? stat.ownTicks / TICKS_PER_SECOND : Number.NaN;
}

/**
 * CPU seconds used so far by every process whose command name starts with `name`, with the
 * children each has reaped: Postgres's backends end with their connections, and their time
 * then counts in the postmaster's.
 */
export function cpuSecondsOfCommand(name: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    const stat = /^\d+$/.test(pid) ? statOf(pid) : undefined;
    if (stat?.command.startsWith(name)) ticks += stat.ownTicks + stat.reapedTicks;
  }
  return ticks / TICKS_PER_SECOND;
}

export const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(', ');

/**
 * How many TCP connections each process has open to each of some local ports: which worker is
 * talking to which double right now (its sockets' inodes, found in /proc/net/tcp).
 */
export function connectionsTo(pids: number[], ports: number[]): number[][] {
  const byInode = new Map<string, number>();
  try {
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '01') continue; // established only
      const port = Number.parseInt(fields[2]!.split(':')[1]!, 16);
      if (ports.includes(port)) byInode.set(fields[9]!, port);
    }
  } catch {
    return pids.map(() => ports.map(() => 0));
  }
  return pids.map((pid) => {
    const counts = ports.map(() => 0);
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return counts;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        const port = inode ? byInode.get(inode) : undefined;
        if (port !== undefined) counts[ports.indexOf(port)]!++;
      } catch {
        // closed meanwhile
      }
    }
    return counts;
  });
}

export interface RssSample {
  at: number;
  rssMb: number[];
  /** CPU seconds used so far, per process. */
  cpu: number[];
  /** Per process, connections open to each watched port. */
  connections: number[][];
}

/** Samples the resident memory, CPU and connections of some processes every `everyMs` until stopped. */
export function sampleRss(pids: number[], everyMs = 1000, ports: number[] = []): { samples: RssSample[]; stop(): void } {
  const samples: RssSample[] = [];
  const take = () => samples.push({ at: Date.now(), rssMb: pids.map((pid) => memoryOf(pid)?.rssMb ?? Number.NaN), cpu: pids.map(cpuSecondsOf), connections: ports.length ? connectionsTo(pids, ports) : [] });
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
    },
  };
}

/** The sample nearest to a time. */
export function sampleAt(samples: RssSample[], at: number): RssSample | undefined {
  let best: RssSample | undefined;
  for (const sample of samples) if (!best || Math.abs(sample.at - at) < Math.abs(best.at - at)) best = sample;
  return best;
}

/** The highest sampled RSS of each process between two times. */
export function peakBetween(samples: RssSample[], from: number, to: number): number[] {
  const inside = samples.filter((sample) => sample.at >= from && sample.at <= to);
  const width = samples[0]?.rssMb.length ?? 0;
  return Array.from({ length: width }, (_, i) => Math.max(...inside.map((sample) => sample.rssMb[i] ?? 0)));
}
