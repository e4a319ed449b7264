/**
 * Typed errors shared by every layer. The CLI maps them to exit codes and prints their
 * message without a stack trace: they describe the user's input, not a bug.
 */

/** Bad usage or configuration: exit code 2. `hint` says how to fix it. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Bad input in named fields (a connection's options): the API answers each problem beside its
 * field (`fields`, keyed by the field's name), the message says them all at once.
 */
export class InvalidFieldsError extends UserError {
  constructor(
    message: string,
    readonly fields: Readonly<Record<string, string>>,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** The operation could not be completed (unreadable file, source refused): exit code 1. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An outbound connection the operator's network policy does not allow (UNSHADOW_ALLOW_PRIVATE_NETWORKS).
 * No retry can change that: scans and deliveries fail at once, saying so.
 */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

/** The error itself or one of its causes (fetch wraps connection errors as "fetch failed"). */
export function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current = error, depth = 0; current && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof type) return current;
  }
  return undefined;
}

/** What a failure says to a person: fetch's "fetch failed" alone names no cause, so its cause is added. */
export function failureMessage(error: unknown): string {
  const refused = findCause(error, RefusedAddressError);
  if (refused) return refused.message;
  const message = (error as Error)?.message ?? String(error);
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  return message === 'fetch failed' && cause ? `${message}: ${cause.code ?? cause.message}` : message;
}
