import { type Logger, pino } from 'pino';
import type { Config } from './config/index.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stderr, so stdout stays clean for tables and --json output.
 * Fields named like credentials are redacted wherever they appear.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: number = 2): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'unshadow' },
      redact: { paths: ['*.token', '*.secret', '*.password', '*.clientSecret', '*.apiKey', 'token', 'secret', 'password'], censor: '[redacted]' },
    },
    pino.destination({ fd: destination, sync: true }),
  );
}

/** For library callers and tests that do not want logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
