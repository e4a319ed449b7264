/**
 * Values as Postgres can store them, and read back as they were written. Its text and jsonb
 * cannot hold U+0000, and it refuses the whole statement that carries one: a NUL in one OAuth
 * app's name, which whoever registers the app chooses, failed every batch that held a grant to
 * it, and so every scan of a tenant that had granted it (and an export or log line with one
 * failed its import). A lone surrogate (half of a UTF-16 pair) is stored as U+FFFD, so an
 * unknown app's system key came back from the insert unlike the one sent, and the batch failed
 * on it. Each becomes U+FFFD here, so the record is kept and a reviewer sees where it was.
 */
const REPLACEMENT = '\uFFFD';

/** String.prototype.isWellFormed and toWellFormed (ES2024, in Node 20): this project's lib is ES2023. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

function storableText(text: string): string {
  const unicode = text as unknown as WellFormed;
  const whole = unicode.isWellFormed() ? text : unicode.toWellFormed();
  return whole.includes('\0') ? whole.replaceAll('\0', REPLACEMENT) : whole;
}

/** `value` with every NUL and lone surrogate in its strings (keys too) replaced; the same object when it has none. */
export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const cleaned = clean(value[i]);
      if (cleaned !== value[i]) (copy ??= [...value])[i] = cleaned;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const cleanKey = clean(key) as string;
    const cleaned = clean(field);
    if (cleaned === field && cleanKey === key) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    if (cleanKey !== key) delete copy[key];
    copy[cleanKey] = cleaned;
  }
  return copy ?? value;
}
