/**
 * Benchmark: the streaming lockfile parsers (uv.lock, poetry.lock, Cargo.lock, go.sum) on
 * generated 10 MB and 50 MB files, in MB/s and heap, beside a baseline measured in the same
 * process: splitting the same text into lines, which is what a line-array parser starts from.
 *
 *   npm run bench:lockfiles            # 10 MB and 50 MB
 *   npm run bench:lockfiles -- 5 20    # other sizes, in MB
 *
 * Each file is measured in a child process started with --expose-gc, so every heap figure is
 * taken after a full collection: what the operation still holds, not garbage waiting for GC.
 *   lines held    the string array of the baseline
 *   result held   the parsed dependencies (with their `via` chains), the text still held
 *   released      the same once the text is released: a parser keeping substrings of the text
 *                 would keep the whole file alive here
 *   B/pkg         result held per package: flat when nothing grows with the file but the result
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifest } from '../../connectors/manifests/index.js';
import { seededRandom } from '../helpers/random.js';

const KINDS = ['uv.lock', 'poetry.lock', 'Cargo.lock', 'go.sum'] as const;
type Kind = (typeof KINDS)[number];
const MB = 1024 * 1024;

interface Measure {
  packages: number;
  splitMbPerS: number;
  linesHeldMb: number;
  parseMbPerS: number;
  resultHeldMb: number;
  afterReleaseMb: number;
}

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(measure(process.argv[3] as Kind, process.argv[4]!))}\n`);
} else {
  parent(process.argv.slice(2).map(Number).filter((n) => n > 0));
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / MB;
}

function measure(kind: Kind, file: string): Measure {
  const before = heapMb();
  let text: string | undefined = readFileSync(file, 'utf8');
  const size = text.length / MB;
  const withText = heapMb();

  let started = performance.now();
  let lines: string[] | undefined = text.split('\n');
  const splitSeconds = (performance.now() - started) / 1000;
  const linesHeldMb = heapMb() - withText;
  if (lines.length === 0) throw new Error('no lines');
  lines = undefined;

  const fresh = heapMb();
  started = performance.now();
  const result = parseManifest(kind, text);
  const parseSeconds = (performance.now() - started) / 1000;
  if (result.error) throw new Error(result.error);
  const resultHeldMb = heapMb() - fresh;
  text = undefined;
  const afterReleaseMb = heapMb() - before;
  return {
    packages: result.dependencies.length,
    splitMbPerS: size / splitSeconds,
    linesHeldMb,
    parseMbPerS: size / parseSeconds,
    resultHeldMb,
    afterReleaseMb,
  };
}

function parent(sizes: number[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'unshadow-lockfiles-'));
  const widths = [12, 6, 8, 9, 10, 9, 10, 10, 7];
  const row = (cells: string[]) => `${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`;
  process.stdout.write('\nlockfile benchmark: MB/s splitting into lines (the baseline) and parsing; heap MB each holds afterwards\n\n');
  process.stdout.write(row(['file', 'size', 'packages', 'split MB/s', 'lines held', 'parse MB/s', 'result held', 'released', 'B/pkg']));
  try {
    for (const kind of KINDS) {
      for (const mb of sizes.length ? sizes : [10, 50]) {
        const file = join(dir, kind);
        generate(kind, file, mb * MB);
        const m = JSON.parse(
          execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', kind, file], { encoding: 'utf8', maxBuffer: 16 * MB }),
        ) as Measure;
        rmSync(file);
        process.stdout.write(
          row([
            kind,
            `${mb} MB`,
            String(m.packages),
            m.splitMbPerS.toFixed(0),
            m.linesHeldMb.toFixed(1),
            m.parseMbPerS.toFixed(0),
            m.resultHeldMb.toFixed(1),
            m.afterReleaseMb.toFixed(1),
            ((m.resultHeldMb * MB) / m.packages).toFixed(0),
          ]),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a lockfile of about `bytes` bytes: packages of the real shape, each requiring a few others. */
function generate(kind: Kind, file: string, bytes: number): void {
  const { random } = seededRandom(7);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const fd = openSync(file, 'w');
  let written = 0;
  const write = (s: string) => {
    written += writeSync(fd, s);
  };
  const name = (i: number) => `pkg-${i.toString(36)}`;
  const requires = (i: number) => Array.from({ length: 3 }, () => name(Math.floor(random() * (i + 20)) + 1));
  try {
    if (kind === 'uv.lock') {
      write('version = 1\nrevision = 2\nrequires-python = ">=3.12"\n\n');
      write(`[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n${Array.from({ length: 20 }, (_, i) => `    { name = "${name(i + 1)}" },\n`).join('')}]\n\n`);
    }
    if (kind === 'Cargo.lock') {
      write('# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n');
      write(`[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n${Array.from({ length: 20 }, (_, i) => ` "${name(i + 1)}",\n`).join('')}]\n\n`);
    }
    if (kind === 'poetry.lock') write('# This file is automatically @generated by Poetry 2.1.3 and should not be changed by hand.\n\n');
    for (let i = 1; written < bytes; i++) {
      const n = name(i);
      const v = `${i % 7}.${i % 13}.${i % 5}`;
      const deps = requires(i);
      if (kind === 'uv.lock') {
        const wheel = (tag: string) =>
          `    { url = "https://files.pythonhosted.org/packages/${hex(2)}/${hex(2)}/${hex(56)}/${n}-${v}-${tag}.whl", hash = "sha256:${hex(64)}", size = ${Math.floor(random() * 1e6)}, upload-time = "2025-03-05T20:02:11.968Z" },\n`;
        write(
          `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n${deps.map((d) => `    { name = "${d}", marker = "python_full_version < '3.13'" },\n`).join('')}]\n` +
            `sdist = { url = "https://files.pythonhosted.org/packages/${hex(2)}/${hex(2)}/${hex(56)}/${n}-${v}.tar.gz", hash = "sha256:${hex(64)}", size = 48428, upload-time = "2025-11-21T20:35:50.583Z" }\n` +
            `wheels = [\n${['cp312-cp312-macosx_11_0_arm64', 'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64', 'cp312-cp312-win_amd64', 'py3-none-any'].map(wheel).join('')}]\n\n`,
        );
      } else if (kind === 'poetry.lock') {
        const files = ['py3-none-any.whl', 'cp312-cp312-manylinux_2_17_x86_64.whl', 'cp312-cp312-win_amd64.whl', 'tar.gz']
          .map((f) => `    {file = "${n}-${v}-${f}", hash = "sha256:${hex(64)}"},\n`)
          .join('');
        write(
          `[[package]]\nname = "${n}"\nversion = "${v}"\ndescription = "Generated package ${i}"\noptional = false\npython-versions = ">=3.9"\ngroups = ["main"]\nfiles = [\n${files}]\n\n` +
            `[package.dependencies]\n${deps.map((d) => `${d} = {version = ">=1.0", markers = "python_version < \\"3.13\\""}\n`).join('')}\n[package.extras]\ntest = ["pytest (>=8)"]\n\n`,
        );
      } else if (kind === 'Cargo.lock') {
        write(
          `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${hex(64)}"\ndependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n\n`,
        );
      } else {
        write(`github.com/acme-${i % 97}/${n} v${v} h1:${hex(43)}=\ngithub.com/acme-${i % 97}/${n} v${v}/go.mod h1:${hex(43)}=\n`);
      }
    }
    if (kind === 'poetry.lock') write(`[metadata]\nlock-version = "2.1"\npython-versions = ">=3.12"\ncontent-hash = "${hex(64)}"\n`);
  } finally {
    closeSync(fd);
  }
}
