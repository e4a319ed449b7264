import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { OperationError } from '../domain/errors.js';

/**
 * The embedded database's files: one process at a time, readable by its owner only.
 *
 * PGlite is Postgres in this process's memory with files underneath; two processes on the same
 * folder each believe they own it and overwrite each other (the server and a CLI command on the
 * demo database once left two vendors named "OpenAI" and lost recorded answers). A lock file
 * beside the folder, created exclusively, names its holder (pid, command); a second process is
 * refused at once with that name and the way out. A lock whose process is gone is taken over,
 * under a short-lived takeover folder so two newcomers cannot both remove it.
 */

interface Holder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** The kernel's start time of the process (Linux), so a recycled pid is not taken for the holder. */
  processStart?: string;
  nonce: string;
}

const TAKEOVER_STALE_MS = 10_000;

export const lockPathOf = (dataDir: string): string => `${dataDir}.lock`;

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(holder.pid);
  return !(holder.processStart && started && started !== holder.processStart);
}

function readHolder(path: string): { holder?: Holder; text: string } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    try {
      return { holder: JSON.parse(text) as Holder, text };
    } catch {
      return { text };
    }
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Removes the lock only if it still holds what we read: never someone else's fresh lock. */
function removeStale(path: string, stale: string): void {
  const mutex = `${path}.takeover`;
  try {
    mkdirSync(mutex);
  } catch {
    // Another process is taking over; a takeover folder left by a crash is cleared after a while.
    try {
      if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(mutex);
    } catch {
      // Gone already.
    }
    return;
  }
  try {
    if (readHolder(path)?.text === stale) unlinkSync(path);
  } finally {
    rmdirSync(mutex);
  }
}

/**
 * Takes the folder for this process, or throws naming the process that has it. `command`
 * describes this process for a later refusal ("unshadow serve").
 */
export function lockEmbeddedDatabase(dataDir: string, command: string): { release(): void } {
  const path = lockPathOf(dataDir);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const me: Holder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
  const start = processStart(process.pid);
  if (start) me.processStart = start;
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      const release = () => {
        if (readHolder(path)?.text === mine) unlinkSync(path);
        process.off('exit', release);
      };
      // A process that exits without closing the database (Ctrl-C, an error) still lets go.
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = readHolder(path);
    if (!found) continue;
    if (found.holder && alive(found.holder)) {
      const { pid, command: theirs, host, startedAt } = found.holder;
      throw new OperationError(
        `the embedded database in ${dataDir} is in use by another process: ${theirs} (pid ${pid}${host !== hostname() ? ` on ${host}` : ''}, since ${startedAt})`,
        `Stop that process first, or use Postgres through DATABASE_URL, which any number of processes can share. If no such process runs, delete ${path}.`,
      );
    }
    // A lock being written has no holder yet; one that stays unreadable is a crash's leftover.
    if (!found.holder) {
      let age = 0;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        continue;
      }
      if (age < 2000) {
        sleep(50);
        continue;
      }
    }
    removeStale(path, found.text);
    sleep(10 + Math.floor(Math.random() * 20));
  }
  throw new OperationError(`could not take the lock ${path}: other processes keep taking it`);
}

/**
 * Folders 0700, files 0600, all the way down: the WAL holds password hashes and ciphertexts.
 * An entry's type is what readdir says of the entry itself (lstat's answer), so a symbolic link
 * is neither a folder nor a file here and is never followed.
 */
export function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) restrictToOwner(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
