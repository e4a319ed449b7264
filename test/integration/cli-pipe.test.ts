import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, STACK_TRACE } from '../helpers/cli.js';

describe('unshadow writing into a pipe', () => {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-pipe-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stops quietly when the reader closes early, as `unshadow demo | head -3` does', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'demo'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', UNSHADOW_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  }, 60_000);
});
