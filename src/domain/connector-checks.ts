import { PermanentSourceError, type PermissionCheck, RateLimitedError, type RequiredPermission, type SourceProblem, TransientSourceError } from './connector.js';
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

/** Where a declared permission stands after a test, as the console shows it. */
export type PermissionState = 'granted' | 'missing' | 'not_checked';

export interface PermissionResult extends RequiredPermission {
  state: PermissionState;
  /** What the check found, or why it was not checked. */
  detail: string;
  problem?: PermissionCheck['problem'];
  fix?: string;
}

/**
 * Each permission a connector declares, with its state from the checks that probe it: granted
 * when every one passed (or a broader alternative did), missing when the source refused one for
 * want of it, not checked when none ran (no request needs it alone, or an earlier failure
 * stopped the test) or when one failed for another reason (the host unreachable), whose fix is
 * given.
 */
export function permissionResults(declared: readonly RequiredPermission[], checks: readonly PermissionCheck[]): PermissionResult[] {
  const results = declared.map((permission): PermissionResult => {
    const probes = checks.filter((check) => check.permission === permission.name);
    const refused = probes.find((check) => !check.ok && !check.skipped && check.problem === 'permission');
    if (refused) return { ...permission, state: 'missing', detail: refused.detail ?? 'refused', problem: 'permission', ...(refused.fix ? { fix: refused.fix } : {}) };
    const failed = probes.find((check) => !check.ok && !check.skipped);
    if (failed) return { ...permission, state: 'not_checked', detail: failed.detail ?? 'the check failed', ...(failed.problem ? { problem: failed.problem } : {}), ...(failed.fix ? { fix: failed.fix } : {}) };
    const skipped = probes.find((check) => check.skipped);
    if (skipped) return { ...permission, state: 'not_checked', detail: skipped.detail ?? 'not checked' };
    if (probes.length === 0) return { ...permission, state: 'not_checked', detail: 'no request needs it alone, so the test cannot tell; a scan names it if it is missing' };
    return { ...permission, state: 'granted', detail: probes.map((check) => check.detail).filter(Boolean).join('; ') || 'granted' };
  });
  // A permission no request probes alone is still granted by a broader one that passed (User.Read.All covers User.ReadBasic.All).
  return results.map((result) => {
    if (result.state !== 'not_checked' || checks.some((check) => check.permission === result.name)) return result;
    const broader = results.find((other) => other.state === 'granted' && result.alternatives?.includes(other.name));
    return broader ? { ...result, state: 'granted', detail: `granted through ${broader.name}` } : result;
  });
}
