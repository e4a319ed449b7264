/**
 * Benchmark: `unshadow scan repo` on a generated monorepo of 5,000 manifests (npm, PyPI, Go,
 * Maven, Cargo, RubyGems, NuGet), files/s and peak RSS, next to a baseline measured in the
 * same run: walking the same tree and only reading the same files.
 *
 *   npm run bench:scan-repo            # 5,000 manifests
 *   npm run bench:scan-repo -- 20000
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../helpers/random.js';

const manifests = Number(process.argv[2] ?? 5000);
const { random, pick } = seededRandom(11);
const npm = ['react', 'express', 'lodash', 'zod', 'axios', 'openai', '@anthropic-ai/sdk', '@langchain/core', 'ai', 'typescript', 'vitest', 'pg'];
const pypi = ['requests', 'numpy', 'pandas', 'fastapi', 'openai', 'anthropic', 'langchain-openai', 'torch', 'transformers', 'pydantic', 'aiohttp'];
const go = ['github.com/gin-gonic/gin', 'github.com/sashabaranov/go-openai', 'github.com/stretchr/testify', 'google.golang.org/grpc'];
const maven = ['org.springframework.boot:spring-boot-starter-web', 'dev.langchain4j:langchain4j', 'com.openai:openai-java', 'junit:junit'];
const some = <T>(items: readonly T[], n: number) => Array.from({ length: n }, () => pick(items)).filter((v, i, a) => a.indexOf(v) === i);
const writers: [string, () => string][] = [
  ['package.json', () => JSON.stringify({ name: 'pkg', dependencies: Object.fromEntries(some(npm, 8).map((n) => [n, '^1.0.0'])), devDependencies: { eslint: '^9.0.0' } }, null, 2)],
  ['requirements.txt', () => some(pypi, 8).map((n) => `${n}>=1.0 ; python_version >= "3.9"`).join('\n')],
  ['pyproject.toml', () => `[project]\nname = "svc"\ndependencies = [\n${some(pypi, 6).map((n) => `  "${n}>=1"`).join(',\n')}\n]\n`],
  ['go.mod', () => `module example.com/svc\n\ngo 1.22\n\nrequire (\n${some(go, 3).map((n) => `\t${n} v1.2.3`).join('\n')}\n)\n`],
  ['pom.xml', () => `<project><dependencies>${some(maven, 3).map((n) => `<dependency><groupId>${n.split(':')[0]}</groupId><artifactId>${n.split(':')[1]}</artifactId><version>1.0</version></dependency>`).join('')}</dependencies></project>`],
  ['Cargo.toml', () => `[package]\nname = "x"\n\n[dependencies]\nserde = "1"\ntokio = { version = "1", features = ["full"] }\n${random() < 0.3 ? 'async-openai = "0.20"\n' : ''}`],
  ['Gemfile', () => `source "https://rubygems.org"\ngem "rails", "~> 7.1"\n${random() < 0.3 ? 'gem "ruby-openai"\n' : ''}`],
];

const root = mkdtempSync(join(tmpdir(), 'unshadow-monorepo-'));
for (let i = 0; i < manifests; i++) {
  const [file, content] = writers[i % writers.length]!;
  const dir = join(root, `services/group-${Math.floor(i / 100)}/pkg-${i}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), content());
  // Installed code the scan must skip, and a source file it must not read.
  if (i % 50 === 0) {
    mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/dep/package.json'), '{"name":"dep","dependencies":{"openai":"1"}}');
  }
  writeFileSync(join(dir, 'index.js'), '// source\n');
}

interface Run {
  files: number;
  seconds: number;
  peakRssMb: number;
  aiDependencies: number;
}
const child = join(import.meta.dirname, 'lib/scan-repo-child.ts');
const run = (mode: string): Run => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, mode, root], { encoding: 'utf8' })) as Run;
try {
  const baseline = run('baseline');
  const scan = run('scan');
  const rate = (r: Run) => Math.round(r.files / r.seconds);
  console.log(`\nscan-repo benchmark: ${manifests} manifests in a generated monorepo (baseline = walk and read the same files, same run)\n`);
  console.log(`baseline (read only)  ${String(rate(baseline)).padStart(8)} files/s   peak RSS ${baseline.peakRssMb} MB   (${baseline.files} files)`);
  console.log(`unshadow scan repo    ${String(rate(scan)).padStart(8)} files/s   peak RSS ${scan.peakRssMb} MB   (${scan.files} files, ${scan.aiDependencies} AI dependencies)`);
  console.log(`\nthe scan runs at ${(rate(scan) / rate(baseline)).toFixed(2)}× the read-only baseline`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
