/**
 * Names in the inventory come from outside: an OAuth app, a card descriptor, a package, a rule
 * an API caller named. Printed raw, an escape sequence in one can rewrite the terminal (move the
 * cursor, hide lines, retitle the window) or reverse text (bidi overrides). Every control and
 * bidi-override character is shown as its \u escape instead, which is also valid inside JSON.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every string this process writes to stdout goes through terminalSafe; bytes (files) do not. */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as typeof stream.write;
}
