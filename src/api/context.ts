import type { OpenAPIHono } from '@hono/zod-openapi';
import type { FirstRunCode } from '../access/first-run.js';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import type { Principal } from '../domain/access.js';
import type { Catalog } from '../domain/catalog.js';
import type { ScheduleRow } from '../inventory/schedules.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../matcher/index.js';

/** What the HTTP layer needs; it owns no state of its own (sign-in throttling lives in the database). */
export interface ApiDeps {
  db: Db;
  catalog: Catalog;
  matcher: Matcher;
  config: Config;
  log: Logger;
  /** Hands a started scan to whatever runs scans here (the queue with Redis, this process without). */
  runScan: (scanId: string) => Promise<void>;
  /** Tells the scheduler a schedule changed (BullMQ job schedulers with Redis); removed when undefined. */
  scheduleChanged: (schedule: ScheduleRow, removed?: boolean) => Promise<void>;
  /** The address `serve` listens on: a Host header naming it is answered. */
  listenHost?: string;
  /** The one-time code that creates the first admin, when `serve` started with nobody able to sign in. */
  firstRun?: FirstRunCode;
}

export interface ApiEnv {
  Variables: {
    principal: Principal;
    /** How the caller authenticated: only cookie sessions need CSRF tokens. */
    via: 'token' | 'session';
  };
}

export type Api = OpenAPIHono<ApiEnv>;
