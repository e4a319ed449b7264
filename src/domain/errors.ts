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
