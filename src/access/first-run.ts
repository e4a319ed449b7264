import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The one-time code that lets the first admin be created from the console's sign-in page.
 *
 * An installation without users or tokens has nobody who could sign in, and a page that let any
 * visitor create the first admin would hand a server exposed to the network to whoever finds it
 * first. So `unshadow serve` makes this code only when nobody can sign in, prints it on its own
 * console (where only the operator sees it), keeps it in memory, and honours it once: proof of
 * access to the server, like the CLI. 16 characters from a 31-letter alphabet are 79 bits, far
 * beyond what the sign-in throttle lets anyone guess.
 */

/** No 0/O or 1/I/L: read off a terminal and typed by a person. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface FirstRunCode {
  /** XXXX-XXXX-XXXX-XXXX, as printed. */
  readonly code: string;
  /** True once the first admin was created with it. */
  used: boolean;
}

export function createFirstRunCode(): FirstRunCode {
  const characters = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return { code: characters.join('').replace(/(.{4})(?=.)/g, '$1-'), used: false };
}

/** As typed: case, spaces and dashes do not matter. Compared in constant time. */
export function codeMatches(expected: FirstRunCode, given: string): boolean {
  const normal = (value: string) => createHash('sha256').update(value.toUpperCase().replace(/[\s-]/g, '')).digest();
  return !expected.used && timingSafeEqual(normal(expected.code), normal(given));
}
