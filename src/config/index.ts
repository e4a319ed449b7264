import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../domain/errors.js';
import { type NetworkPolicy, parseNetworkPolicy } from '../outbound/policy.js';

/**
 * The only module that reads process.env. Every problem is reported at once, naming the
 * variable and the form it expects, so a misconfigured deployment is fixed in one go.
 */
/** A comma-separated list of CIDRs (or `loopback`), parsed where it is validated. */
const networkList = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return parseNetworkPolicy(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  UNSHADOW_HOME: z.string().trim().min(1, 'expected a folder path').default('.unshadow'),
  UNSHADOW_CATALOG: z.string().trim().min(1, 'expected a catalog file or folder path').optional(),
  UNSHADOW_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  UNSHADOW_SECRET_KEY: z
    .string()
    .min(16, 'expected at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  UNSHADOW_QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'expected letters, digits, - or _').default('unshadow'),
  UNSHADOW_JOB_LOCK_MS: z.coerce.number().int().min(1000, 'expected at least 1000').max(600_000).default(30_000),
  UNSHADOW_ACTOR: z.string().trim().min(1, 'expected a name').optional(),
  UNSHADOW_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  UNSHADOW_ALERT_TIMEOUT_MS: z.coerce.number().int().min(100, 'expected at least 100').max(120_000, 'expected at most 120000').default(10_000),
  UNSHADOW_REVIEW_OVERDUE_HOURS: z.coerce.number().positive('expected a positive number').max(24 * 365).default(168),
  UNSHADOW_ALLOW_PRIVATE_NETWORKS: networkList,
  UNSHADOW_TRUSTED_PROXIES: networkList,
  UNSHADOW_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((host) => host.trim().toLowerCase()).filter(Boolean)),
  UNSHADOW_ALERT_FILE_DIR: z.string().trim().min(1, 'expected a folder path').optional(),
  UNSHADOW_SMTP_ALLOW_PLAINTEXT: flag,
  UNSHADOW_UPLOAD_MAX_MB: z.coerce.number().positive('expected a positive number').max(1024 * 1024).default(256),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  home: string;
  /** Embedded PGlite data folder, used when databaseUrl is unset. */
  pgliteDir: string;
  catalogPath: string | undefined;
  logLevel: z.infer<typeof envSchema>['UNSHADOW_LOG_LEVEL'];
  secretKey: string | undefined;
  /** Namespace of the BullMQ queues in Redis: several installations can share one Redis. */
  queuePrefix: string;
  /** How soon the jobs of a worker that died are taken over by another (BullMQ lock duration). */
  jobLockMs: number;
  /** Who the audit trail names for changes made from this shell: UNSHADOW_ACTOR, else the OS user. */
  actor: string;
  /**
   * Where people reach the console: alerts link back to AI systems under it. Unset, alerts carry
   * no links (no address guessed from this process could be right for the people who read them).
   */
  publicUrl: string | undefined;
  /** How long an alert receiver has to answer one delivery attempt. */
  alertTimeoutMs: number;
  /** How long a high-priority system may wait for review before review.overdue. */
  reviewOverdueMs: number;
  /**
   * Where outbound requests (alert receivers, connectors) may go beyond global unicast:
   * UNSHADOW_ALLOW_PRIVATE_NETWORKS, an operator setting no request can change.
   */
  networkPolicy: NetworkPolicy;
  /** Reverse proxies whose X-Forwarded-For names the client (UNSHADOW_TRUSTED_PROXIES). */
  trustedProxies: NetworkPolicy;
  /** Host header values `serve` answers besides the public URL's and its own address. */
  allowedHosts: string[];
  /** The one folder file alert rules added over the API may write in; unset refuses them. */
  alertFileDir: string | undefined;
  /** Send alert e-mail through SMTP servers without STARTTLS (the operator's explicit opt-out). */
  allowPlaintextSmtp: boolean;
  /** The largest file the console and API accept for an import, in bytes. */
  uploadMaxBytes: number;
  /** The process environment, for resolving `env:VAR` secret references. */
  env: Record<string, string | undefined>;
}

const FORMS: Record<keyof z.infer<typeof envSchema>, string> = {
  DATABASE_URL: 'postgres://user:password@host:5432/database (unset for the embedded database)',
  REDIS_URL: 'redis://host:6379 (unset to run every stage in-process)',
  UNSHADOW_HOME: 'a folder for local data, default ./.unshadow',
  UNSHADOW_CATALOG: 'a catalog YAML/JSON file or a folder of them',
  UNSHADOW_LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  UNSHADOW_SECRET_KEY: 'a passphrase of 16 characters or more that encrypts stored connection secrets',
  UNSHADOW_QUEUE_PREFIX: 'a name for this installation\'s queues in Redis, default unshadow',
  UNSHADOW_JOB_LOCK_MS: 'milliseconds, 1000 to 600000, default 30000',
  UNSHADOW_ACTOR: 'the name the audit trail records for your changes, default the OS user',
  UNSHADOW_PUBLIC_URL: 'the console\'s address people use, which alerts link to, such as https://unshadow.corp.example (unset: alerts carry no links)',
  UNSHADOW_ALERT_TIMEOUT_MS: 'milliseconds an alert receiver has to answer, 100 to 120000, default 10000',
  UNSHADOW_REVIEW_OVERDUE_HOURS: 'hours a high-priority AI system may wait for review before an alert, default 168',
  UNSHADOW_ALLOW_PRIVATE_NETWORKS: 'comma-separated CIDRs (10.0.0.0/8, fd00::/8) or loopback that outbound requests may reach besides public addresses',
  UNSHADOW_TRUSTED_PROXIES: 'comma-separated CIDRs of the reverse proxies in front of unshadow serve, whose X-Forwarded-For is believed',
  UNSHADOW_ALLOWED_HOSTS: 'comma-separated host[:port] names the console is reached by, besides UNSHADOW_PUBLIC_URL',
  UNSHADOW_ALERT_FILE_DIR: 'a folder that file alert rules added over the API write into',
  UNSHADOW_SMTP_ALLOW_PLAINTEXT: 'true to let alert e-mail go through SMTP servers without STARTTLS (default false)',
  UNSHADOW_UPLOAD_MAX_MB: 'megabytes (MiB) a file uploaded for import may have, default 256',
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]) as keyof typeof FORMS;
      return `  ${name}: ${issue.message}; expected ${FORMS[name] ?? 'a valid value'}`;
    });
    throw new UserError(`invalid configuration:\n${lines.join('\n')}`, 'Fix the environment variables above and run the command again.');
  }
  const parsed = result.data;
  const home = resolve(parsed.UNSHADOW_HOME);
  return {
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    home,
    pgliteDir: resolve(home, 'db'),
    catalogPath: parsed.UNSHADOW_CATALOG,
    logLevel: parsed.UNSHADOW_LOG_LEVEL,
    secretKey: parsed.UNSHADOW_SECRET_KEY,
    queuePrefix: parsed.UNSHADOW_QUEUE_PREFIX,
    jobLockMs: parsed.UNSHADOW_JOB_LOCK_MS,
    actor: parsed.UNSHADOW_ACTOR ?? userInfo().username,
    publicUrl: parsed.UNSHADOW_PUBLIC_URL,
    alertTimeoutMs: parsed.UNSHADOW_ALERT_TIMEOUT_MS,
    reviewOverdueMs: parsed.UNSHADOW_REVIEW_OVERDUE_HOURS * 3_600_000,
    networkPolicy: parsed.UNSHADOW_ALLOW_PRIVATE_NETWORKS,
    trustedProxies: parsed.UNSHADOW_TRUSTED_PROXIES,
    allowedHosts: parsed.UNSHADOW_ALLOWED_HOSTS,
    alertFileDir: parsed.UNSHADOW_ALERT_FILE_DIR ? resolve(parsed.UNSHADOW_ALERT_FILE_DIR) : undefined,
    allowPlaintextSmtp: parsed.UNSHADOW_SMTP_ALLOW_PLAINTEXT,
    uploadMaxBytes: Math.floor(parsed.UNSHADOW_UPLOAD_MAX_MB * 1024 * 1024),
    env,
  };
}
