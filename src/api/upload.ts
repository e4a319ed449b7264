import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { MiddlewareHandler } from 'hono';
import { UserError } from '../domain/errors.js';
import type { ApiEnv } from './context.js';

/**
 * Files uploaded for import, streamed to the server's data folder: the request body goes to
 * disk as it arrives (memory holds one chunk), under a name the server makes up, so no part of
 * the request chooses a path. The importers then read it as they read a file the operator
 * names on the command line, and a later scan of its connection reads it again from there.
 */

/** Extensions kept on the stored file, for a person looking in the folder; anything else gets none. */
const KNOWN_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.json', '.log', '.gz', '.zst']);

export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${sizeWords(maxBytes)}, this server's limit for uploads`);
  }
}

export function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/** What to do about a file over the limit: the operator raises it, or imports on the host. */
export const UPLOAD_LIMIT_HINT = 'Import it on the server with `unshadow import` (no limit), or ask the operator to raise UNSHADOW_UPLOAD_MAX_MB.';

/** A name for messages and the console: the file's own name without any folder, at most 200 characters. */
export function displayName(given: string | undefined): string {
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 200) || 'the uploaded file';
}

/**
 * 413 before anything is read when Content-Length says the file is too large. A body without a
 * length is counted as it is written (`receiveUpload`); nothing here buffers it, unlike the
 * JSON routes' limit, which reads a body of unknown length into memory to count it.
 */
export function limitUpload(maxBytes: number): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const length = Number(c.req.header('content-length') ?? '0');
    if (c.req.header('transfer-encoding') === undefined && length > maxBytes) {
      c.header('connection', 'close');
      return c.json({ error: new UploadTooLargeError(maxBytes).message, hint: UPLOAD_LIMIT_HINT }, 413);
    }
    return next();
  };
}

/**
 * Streams the request body into a new file under `dir`, stopping at `maxBytes`. A body that
 * ends early, is too large or empty leaves no file behind.
 */
export async function receiveUpload(body: ReadableStream<Uint8Array> | null, dir: string, name: string, maxBytes: number): Promise<{ path: string; bytes: number }> {
  if (!body) throw new UserError('the request has no body', 'Send the file itself as the request body (Content-Type: application/octet-stream).');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const extension = extname(name).toLowerCase();
  const path = join(dir, `${randomUUID()}${KNOWN_EXTENSIONS.has(extension) ? extension : ''}`);
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new UploadTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), count, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    rmSync(path, { force: true });
    // The disk (full, not writable) is the server's problem, logged as such; anything else is the stream ending early.
    if (error instanceof UploadTooLargeError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw new UserError('the upload was cut off before the whole file arrived', 'Upload it again.');
  }
  if (bytes === 0) {
    rmSync(path, { force: true });
    throw new UserError(`${displayName(name)} is empty`, 'Choose the exported file itself.');
  }
  return { path, bytes };
}
