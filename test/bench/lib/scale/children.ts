import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../../helpers/cli.js';

/**
 * The benchmark's child processes: the three doubles (each in its own process) and the
 * `unshadow worker` processes, spawned the way test/bench/pipeline.ts spawns them.
 */

export interface DoubleProcess<T> {
  child: ChildProcess;
  pid: number;
  url: string;
  described: T;
  stats<S>(): Promise<S>;
  control<R>(path: string, body: unknown): Promise<R>;
}

const CHILD = join(import.meta.dirname, 'double-child.ts');

export async function startDouble<T extends { url: string }>(provider: string, employees: number, speedup: number, latencyMs: number): Promise<DoubleProcess<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, provider, String(employees), String(speedup), String(latencyMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => { throw new Error(`the ${provider} double exited before it listened`); })])) as [string];
  lines.close();
  const described = JSON.parse(line) as T & { pid: number };
  const bench = async <R>(path: string, body?: unknown): Promise<R> => {
    const response = await fetch(`${described.url}/__bench/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    return (await response.json()) as R;
  };
  return { child, pid: described.pid, url: described.url, described, stats: <S>() => bench<S>('stats'), control: (path, body) => bench(path, body) };
}

export function spawnWorker(env: Record<string, string>, logFile: string): ChildProcess {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'worker'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.pipe(log);
  return child;
}

/** Resolves when the worker says it is processing (or rejects when it exits first). */
export async function workerReady(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (chunk.toString().includes('unshadow worker: processing')) {
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
  });
}

export async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
}

/** Runs the real `unshadow` CLI to completion; throws with its stderr when it fails. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`unshadow ${args.slice(0, 3).join(' ')} failed (${code}): ${stderr.trim()}`);
  return stdout;
}
