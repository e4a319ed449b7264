import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { waitFor } from '../helpers/services.js';

describe('npm run demo -- --serve', () => {
  const home = mkdtempSync(join(tmpdir(), 'unshadow-demo-serve-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('ends by printing the console URL and a token that signs in to it', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/unshadow.js'), 'demo', '--serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', UNSHADOW_HOME: home },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const url = await waitFor(async () => /Console for the demo organisation: (http:\/\/127\.0\.0\.1:\d+\/)\n$/.exec(stdout)?.[1], 60_000, 'the console URL');
      const token = /Sign in with this admin token: (unshadow_\S+)/.exec(stdout)![1]!;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="/assets/app.js"></script>');
      const inventory = await fetch(`${url}api/inventory`, { headers: { authorization: `Bearer ${token}` } });
      // The inventory the console serves is the one the demo printed.
      const printed = Number(/AI systems discovered: (\d+)/.exec(stdout)![1]);
      expect(printed).toBeGreaterThan(20);
      expect(((await inventory.json()) as { total: number }).total).toBe(printed);
      expect((await fetch(`${url}api/inventory`)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 90_000);
});
