import { hash, sha, type Sizes } from './organisation.js';

/**
 * The GitHub organisation of the synthetic organisation: repositories (a few archived) each with
 * a dependency-graph SBOM (packages per repository log-normal: median 40, a long tail to 1,500;
 * about 4 % with AI packages; 2 % with the dependency graph off, so the connector reads their
 * manifest through the contents API), a git tree (files log-normal, median 80), AI assistant and
 * MCP files in about 3 %; Copilot seats; GitHub App installations.
 */

export type Ecosystem = 'npm' | 'pypi' | 'maven' | 'golang' | 'nuget' | 'gem';

interface Pool {
  ecosystem: Ecosystem;
  share: number;
  manifest: string;
  common: string[];
  ai: string[];
  internal: (n: number) => string;
}

const POOLS: Pool[] = [
  {
    ecosystem: 'npm',
    share: 45,
    manifest: 'package.json',
    common: ['react', 'react-dom', 'express', 'lodash', 'axios', 'moment', 'typescript', 'webpack', '@babel/core', 'eslint', 'prettier', 'jest', 'mocha', 'chai', 'chalk', 'commander', 'debug', 'dotenv', 'uuid', 'yargs', 'body-parser', 'cors', 'jsonwebtoken', 'mongoose', 'pg', 'mysql2', 'redis', 'ioredis', 'socket.io', 'next', 'vue', '@angular/core', 'rxjs', 'zod', 'date-fns', 'dayjs', 'classnames', 'styled-components', 'tailwindcss', 'postcss', 'autoprefixer', 'vite', 'rollup', 'esbuild', 'ts-node', 'nodemon', 'supertest', 'sinon', 'nock', 'winston', 'pino', 'morgan', 'helmet', 'passport', 'bcrypt', 'multer', 'sharp', '@aws-sdk/client-s3', 'graphql', '@prisma/client', 'sequelize', 'knex', 'minimist', 'semver', 'glob', 'rimraf', 'fs-extra', 'cheerio', 'node-fetch', 'ws', 'qs', 'validator'],
    ai: ['openai', '@anthropic-ai/sdk', 'langchain', '@langchain/openai', '@google/generative-ai', '@huggingface/inference'],
    internal: (n) => `@northwind/pkg-${n}`,
  },
  {
    ecosystem: 'pypi',
    share: 25,
    manifest: 'requirements.txt',
    common: ['requests', 'django', 'flask', 'fastapi', 'pydantic', 'sqlalchemy', 'celery', 'redis', 'boto3', 'botocore', 'pytest', 'black', 'flake8', 'mypy', 'click', 'jinja2', 'pyyaml', 'python-dateutil', 'pytz', 'urllib3', 'certifi', 'idna', 'six', 'setuptools', 'wheel', 'gunicorn', 'uvicorn', 'psycopg2-binary', 'alembic', 'marshmallow', 'attrs', 'cryptography', 'paramiko', 'pillow', 'httpx', 'aiohttp', 'tenacity', 'structlog', 'rich', 'typer'],
    ai: ['openai', 'anthropic', 'langchain', 'transformers', 'torch', 'tiktoken', 'llama-index'],
    internal: (n) => `northwind-lib-${n}`,
  },
  {
    ecosystem: 'maven',
    share: 10,
    manifest: 'pom.xml',
    common: ['org.springframework/spring-core', 'org.springframework.boot/spring-boot-starter-web', 'com.fasterxml.jackson.core/jackson-databind', 'org.apache.commons/commons-lang3', 'com.google.guava/guava', 'junit/junit', 'org.junit.jupiter/junit-jupiter', 'org.slf4j/slf4j-api', 'ch.qos.logback/logback-classic', 'org.projectlombok/lombok', 'org.hibernate/hibernate-core', 'org.postgresql/postgresql', 'org.mockito/mockito-core', 'io.netty/netty-all', 'org.apache.kafka/kafka-clients', 'com.squareup.okhttp3/okhttp'],
    ai: ['dev.langchain4j/langchain4j', 'com.openai/openai-java', 'com.theokanning.openai-gpt3-java/service'],
    internal: (n) => `com.northwind/lib-${n}`,
  },
  {
    ecosystem: 'golang',
    share: 10,
    manifest: 'go.mod',
    common: ['github.com/gin-gonic/gin', 'github.com/gorilla/mux', 'github.com/spf13/cobra', 'github.com/spf13/viper', 'github.com/stretchr/testify', 'go.uber.org/zap', 'github.com/sirupsen/logrus', 'google.golang.org/grpc', 'github.com/lib/pq', 'github.com/redis/go-redis/v9', 'github.com/prometheus/client_golang', 'golang.org/x/sync', 'github.com/google/uuid', 'gopkg.in/yaml.v3'],
    ai: ['github.com/sashabaranov/go-openai', 'github.com/tmc/langchaingo', 'github.com/anthropics/anthropic-sdk-go'],
    internal: (n) => `github.com/northwind/lib-${n}`,
  },
  {
    ecosystem: 'nuget',
    share: 5,
    manifest: 'Service.csproj',
    common: ['Newtonsoft.Json', 'Serilog', 'AutoMapper', 'Dapper', 'xunit', 'NUnit', 'Moq', 'Microsoft.EntityFrameworkCore', 'Polly', 'FluentValidation', 'MediatR', 'Swashbuckle.AspNetCore'],
    ai: ['Azure.AI.OpenAI', 'Microsoft.SemanticKernel', 'Anthropic.SDK'],
    internal: (n) => `Northwind.Lib${n}`,
  },
  {
    ecosystem: 'gem',
    share: 5,
    manifest: 'Gemfile',
    common: ['rails', 'rack', 'puma', 'sidekiq', 'rspec', 'nokogiri', 'devise', 'pg', 'redis', 'faraday', 'rubocop', 'pry'],
    ai: ['ruby-openai', 'anthropic', 'langchainrb'],
    internal: (n) => `northwind-lib-${n}`,
  },
];

const ARTEFACTS = ['CLAUDE.md', 'AGENTS.md', '.cursorrules', '.github/copilot-instructions.md', '.mcp.json', '.cursor/mcp.json'];

/** GitHub Apps installed on the organisation: a few AI code reviewers among the usual tools. */
const AI_APP_SLUGS = ['coderabbitai', 'sweep-ai', 'codeflash-ai', 'graphite-app', 'tusk-ai'];
const APP_SLUGS = ['renovate', 'codecov', 'snyk', 'sonarcloud', 'netlify', 'vercel', 'slack', 'jira', 'linear', 'circleci', 'buildkite', 'mergify', 'sentry-io', 'datadog', 'pagerduty', 'launchdarkly', 'gitguardian', 'socket-security', 'percy', 'chromatic-com'];

function textHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h, 31) + text.charCodeAt(i);
  return h;
}

/** A uniform number in (0, 1) from a hash. */
const unit = (...parts: number[]) => (hash(...parts) + 0.5) / 4294967296;
/** Log-normal from a hash: median × e^(σ·z). */
function logNormal(median: number, sigma: number, cap: number, ...parts: number[]): number {
  const z = Math.sqrt(-2 * Math.log(unit(...parts, 1))) * Math.cos(2 * Math.PI * unit(...parts, 2));
  return Math.max(1, Math.min(cap, Math.round(median * Math.exp(sigma * z))));
}

export interface Dependency {
  ecosystem: Ecosystem;
  /** As in the purl path (maven: group/artifact). */
  name: string;
  version: string;
  ai: boolean;
}

export class GithubOrg {
  readonly org = 'northwind';
  readonly count: number;
  readonly archivedEvery: number;
  /** Content version per repository: a push that changes content bumps it (a new ETag). */
  readonly version: Uint16Array;
  /** Epoch ms of the last push per repository. */
  readonly pushedAt: Float64Array;

  constructor(readonly size: Sizes) {
    this.count = size.repositories + size.archivedRepositories;
    this.archivedEvery = size.archivedRepositories ? Math.floor(this.count / size.archivedRepositories) : 0;
    this.version = new Uint16Array(this.count);
    this.pushedAt = Float64Array.from({ length: this.count }, (_, r) => Date.UTC(2026, 0, 1) + (hash(60, r) % (300 * 24 * 3600)) * 1000);
  }

  archived = (r: number) => this.archivedEvery > 0 && r % this.archivedEvery === this.archivedEvery - 1;
  name = (r: number) => `svc-${r.toString().padStart(5, '0')}`;
  /** The repository a name names, or -1. */
  index(name: string): number {
    const match = /^svc-(\d{5})$/.exec(name);
    const r = match ? Number(match[1]) : -1;
    return r >= 0 && r < this.count ? r : -1;
  }

  pool(r: number): Pool {
    let pick = hash(61, r) % 100;
    for (const pool of POOLS) {
      if (pick < pool.share) return pool;
      pick -= pool.share;
    }
    return POOLS[0]!;
  }

  graphDisabled = (r: number) => hash(62, r) % 100 < 2;
  hasAi = (r: number) => hash(63, r) % 100 < 4;

  dependencies(r: number): Dependency[] {
    const pool = this.pool(r);
    const total = logNormal(40, 1, 1500, 64, r);
    const deps: Dependency[] = [];
    const version = (k: number) => `${1 + (hash(65, r, k) % 9)}.${hash(66, r, k) % 20}.${hash(67, r, k) % 10}`;
    // Distinct common packages (a stride through the pool), then the organisation's own.
    const common = Math.min(total, Math.ceil(pool.common.length * 0.6));
    const start = hash(68, r) % pool.common.length;
    for (let k = 0; k < common; k++) deps.push({ ecosystem: pool.ecosystem, name: pool.common[(start + k) % pool.common.length]!, version: version(k), ai: false });
    for (let k = common; k < total; k++) deps.push({ ecosystem: pool.ecosystem, name: pool.internal((r * 7919 + k) % 60_000), version: version(k), ai: false });
    if (this.hasAi(r)) {
      const ai = 1 + (hash(69, r) % 3);
      for (let k = 0; k < ai; k++) deps.push({ ecosystem: pool.ecosystem, name: pool.ai[(hash(70, r) + k) % pool.ai.length]!, version: version(1000 + k) + this.version[r]!, ai: true });
    }
    return deps;
  }

  /** Paths of the repository's files: its manifest at the root, sources, and its AI assistant / MCP files. */
  files(r: number): string[] {
    const pool = this.pool(r);
    const count = logNormal(80, 1.2, 5000, 71, r);
    const ext = { npm: 'ts', pypi: 'py', maven: 'java', golang: 'go', nuget: 'cs', gem: 'rb' }[pool.ecosystem];
    const paths = [pool.manifest, 'README.md', '.gitignore'];
    for (let k = 0; k < count; k++) paths.push(`src/module${k % 24}/file${k}.${ext}`);
    paths.push(...this.artefacts(r));
    return paths;
  }

  artefacts(r: number): string[] {
    if (hash(72, r) % 100 >= 3) return [];
    const first = hash(73, r) % ARTEFACTS.length;
    return hash(74, r) % 2 ? [ARTEFACTS[first]!] : [ARTEFACTS[first]!, ARTEFACTS[(first + 3) % ARTEFACTS.length]!];
  }

  /** A file's content: the manifest with the repository's dependencies, or an assistant / MCP file. */
  content(r: number, path: string): string | undefined {
    const pool = this.pool(r);
    if (path === pool.manifest) return manifestText(pool, this.dependencies(r));
    if (!this.artefacts(r).includes(path)) return undefined;
    if (path.endsWith('mcp.json')) {
      return `${JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] }, postgres: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres', 'postgresql://localhost/app'] } } }, null, 2)}\n`;
    }
    return `# Notes for the coding assistant\n\nThis service is ${this.name(r)}. Run the tests with the usual command before committing.\nKeep changes small and explain them in the pull request.\n`;
  }

  /** The ETag of a resource of repository r: it changes when the repository's content does. */
  etag = (r: number, what: string) => `W/"${sha(75, r, this.version[r]!, textHash(what)).slice(0, 32)}"`;

  /** Pushes `share` of the repositories now; a third of those change their content (new ETags). */
  push(share: number, now: number): { pushed: number; changed: number } {
    let pushed = 0;
    let changed = 0;
    for (let r = 0; r < this.count; r++) {
      if (this.archived(r) || unit(76, r) >= share) continue;
      this.pushedAt[r] = now;
      pushed++;
      if (hash(77, r) % 3 === 0) {
        this.version[r]!++;
        changed++;
      }
    }
    return { pushed, changed };
  }

  seatLogin = (i: number) => `dev-${i.toString().padStart(5, '0')}`;

  installations(): { id: number; slug: string; ai: boolean }[] {
    const count = this.size.installations;
    return Array.from({ length: count }, (_, i) => {
      const ai = i < AI_APP_SLUGS.length ? AI_APP_SLUGS[i] : undefined;
      const slug = ai ?? (i - AI_APP_SLUGS.length < APP_SLUGS.length ? APP_SLUGS[i - AI_APP_SLUGS.length]! : `northwind-bot-${i}`);
      return { id: 40_000_000 + i, slug, ai: Boolean(ai) };
    });
  }

  summary() {
    let packages = 0;
    let aiPackages = 0;
    let aiRepos = 0;
    let files = 0;
    let artefactRepos = 0;
    let disabled = 0;
    let archived = 0;
    for (let r = 0; r < this.count; r++) {
      if (this.archived(r)) {
        archived++;
        continue;
      }
      const deps = this.dependencies(r);
      packages += deps.length;
      const ai = deps.filter((d) => d.ai).length;
      aiPackages += ai;
      if (ai) aiRepos++;
      files += this.files(r).length;
      if (this.artefacts(r).length) artefactRepos++;
      if (this.graphDisabled(r)) disabled++;
    }
    return { repositories: this.count - archived, archived, packages, aiPackages, aiRepos, files, artefactRepos, graphDisabled: disabled, copilotSeats: this.size.copilotSeats, installations: this.size.installations };
  }
}

/** The manifest the dependency graph would have read. */
function manifestText(pool: Pool, deps: Dependency[]): string {
  switch (pool.ecosystem) {
    case 'npm':
      return `${JSON.stringify({ name: 'service', version: '1.0.0', private: true, dependencies: Object.fromEntries(deps.map((d) => [d.name, `^${d.version}`])) }, null, 2)}\n`;
    case 'pypi':
      return deps.map((d) => `${d.name}==${d.version}`).join('\n') + '\n';
    case 'maven':
      return `<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.northwind</groupId>\n  <artifactId>service</artifactId>\n  <version>1.0.0</version>\n  <dependencies>\n${deps
        .map((d) => {
          const [group, artifact] = d.name.split('/');
          return `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${d.version}</version></dependency>`;
        })
        .join('\n')}\n  </dependencies>\n</project>\n`;
    case 'golang':
      return `module github.com/northwind/service\n\ngo 1.22\n\nrequire (\n${deps.map((d) => `\t${d.name} v${d.version}`).join('\n')}\n)\n`;
    case 'nuget':
      return `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n${deps.map((d) => `    <PackageReference Include="${d.name}" Version="${d.version}" />`).join('\n')}\n  </ItemGroup>\n</Project>\n`;
    case 'gem':
      return `source "https://rubygems.org"\n\n${deps.map((d) => `gem "${d.name}", "~> ${d.version}"`).join('\n')}\n`;
  }
}

/** The purl GitHub's SBOM gives a package. */
export function purl(dep: Dependency): string {
  const name = dep.ecosystem === 'npm' ? dep.name.replace('@', '%40') : dep.name;
  return `pkg:${dep.ecosystem}/${name}@${dep.version}`;
}
