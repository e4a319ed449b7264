import { PermanentSourceError, type PermissionCheck, RateLimitedError, type SourceProblem, TransientSourceError } from './connector.js';
import { UserError } from './errors.js';

/**
 * A failed `connections test` check in words: a refused credential, an unreachable host, a
 * resource that is not there and a missing permission are different failures with different
 * fixes, and the admin is told which one this is.
 */

const FIXES: Record<SourceProblem | 'configuration', (missing: readonly string[]) => string> = {
  credential: () => 'The source refused the credential: store the right one with `unshadow connections set <name>` (or the console), then test again.',
  permission: (missing) => `Grant ${missing.length ? missing.join(', ') : 'the permission named above'} to the app or token (admin consent where the provider asks for it), then test again.`,
  not_found: () => 'Nothing answers to that name: check the tenant, organisation, domain or admin e-mail of the connection.',
  invalid_request: () => 'The source refused the request as invalid: check the connection\'s options (ids, URLs) against the provider\'s console.',
  unreachable: () => 'The host cannot be reached: check the URL options, DNS and any proxy or firewall between unshadow and the provider.',
  unavailable: () => 'The source failed to answer (5xx or throttling): it is probably temporary; test again in a few minutes.',
  malformed: () => 'The source answered something that is not its documented API: check that the URL options point at the provider, not a login page or proxy.',
  configuration: () => 'The connection is not configured completely: set the option or secret named above.',
};

export function problemOf(error: unknown): SourceProblem | 'configuration' {
  if (error instanceof PermanentSourceError) return error.problem;
  if (error instanceof TransientSourceError) return error.problem;
  if (error instanceof RateLimitedError) return 'unavailable';
  if (error instanceof UserError) return 'configuration';
  return 'unavailable';
}

export function failedCheck(name: string, error: unknown, detail?: string): PermissionCheck {
  const problem = problemOf(error);
  const message = (error as Error)?.message ?? String(error);
  return { name, ok: false, detail: detail ? `${detail}: ${message}` : message, problem, fix: FIXES[problem](error instanceof PermanentSourceError ? error.missing : []) };
}
