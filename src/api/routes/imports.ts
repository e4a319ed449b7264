import { rmSync } from 'node:fs';
import { createRoute, z } from '@hono/zod-openapi';
import { InvalidFieldsError, OperationError, UserError } from '../../domain/errors.js';
import { issuesByOption } from '../../domain/option-names.js';
import { systemsSeenBy } from '../../inventory/scan-systems.js';
import { FILE_IMPORT_KINDS, FILE_IMPORTS, type FileImportKind, type FileImportOptions, importFile } from '../../pipeline/file-imports.js';
import { optionFields } from '../../scan/connection-options.js';
import { requireRole } from '../auth.js';
import type { Api, ApiDeps } from '../context.js';
import { access, errorSchema, ok } from '../openapi.js';
import { pruneUploads, uploadsDir } from '../../scan/uploads.js';
import { displayName, receiveUpload, sizeWords, UPLOAD_LIMIT_HINT, UploadTooLargeError } from '../upload.js';

/**
 * Uploads for every file `unshadow import` takes: while `serve` holds the embedded database the
 * CLI cannot import, so this is how a file gets in. Admins only: a file is operator-level input.
 * The body is the file itself, streamed to the server's data folder under a generated name and
 * imported by the CLI's importer; the query carries the import's options, never a path.
 */

const admin = { ...access('admin'), middleware: requireRole('admin') };

const OPTION_NAMES = [...new Set(Object.values(FILE_IMPORTS).flatMap((spec) => Object.keys(spec.schema.shape)))];
const uploadQuery = z.strictObject({
  filename: z.string().max(1000).optional().openapi({ description: "The file's own name, for messages; the server stores it under a name of its own" }),
  ...Object.fromEntries(OPTION_NAMES.map((name) => [name, z.string().optional().openapi({ description: `An import option (GET /api/imports lists which kinds take it)` })])),
});

const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

const importKindSchema = z
  .object({
    kind: z.enum(FILE_IMPORT_KINDS),
    label: z.string(),
    description: z.string(),
    accept: z.string().openapi({ description: "For a file input's accept attribute; empty for any file" }),
    connectionKind: z.string().openapi({ description: 'The kind of connection the file goes into: an existing one of this kind can be named' }),
    defaultConnection: z.string().optional().openapi({ description: 'Where it goes when no connection is named (absent for a seat list: seats-<vendor>)' }),
    fields: z.array(z.object({ name: z.string(), label: z.string(), description: z.string(), required: z.boolean(), type: z.string(), choices: z.array(z.string()).optional() }).passthrough()),
  })
  .openapi('ImportKind');

const importResultSchema = z
  .object({
    kind: z.enum(FILE_IMPORT_KINDS),
    file: z.string(),
    bytes: z.number(),
    connection: z.string(),
    scanId: z.string(),
    records: z.number().openapi({ description: 'Rows, records or lines read' }),
    flagged: z.number().openapi({ description: 'AI-related ones, kept as evidence' }),
    skipped: z.number(),
    systemsNew: z.number(),
    problems: z.array(z.object({ line: z.number().optional(), at: z.string().optional(), message: z.string() })).openapi({ description: 'Each record skipped: its line (where the file has lines) and why' }),
    details: z.record(z.string(), z.unknown()),
    systems: z.array(z.object({ id: z.string(), vendor: z.string(), product: z.string(), category: z.string(), status: z.string(), new: z.boolean() })).openapi({ description: 'The AI systems the file is evidence of, new ones first' }),
  })
  .openapi('ImportResult');

/** The options of one kind of import, validated by its own schema: problems named by the form's labels. */
function importOptions(kind: FileImportKind, given: Record<string, string | undefined>): FileImportOptions {
  const spec = FILE_IMPORTS[kind];
  const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = spec.schema.safeParse(present);
  if (parsed.success) return parsed.data as FileImportOptions;
  const labels = new Map(optionFields(spec.schema).map((field) => [field.name, field.label]));
  const problems = issuesByOption(parsed.error.issues, present).map(([name, problem]) => [name, name in present && !labels.has(name) ? `not an option of this kind of file` : problem] as const);
  throw new InvalidFieldsError(`invalid options for an import of ${spec.label.toLowerCase()}: ${problems.map(([name, problem]) => `${labels.get(name) ?? name}: ${problem}`).join('; ')}`, Object.fromEntries(problems));
}

/**
 * An importer's words for the console: the stored file's path becomes the uploaded file's name,
 * and a command-line option (`--vendor`) the form field that stands for it.
 */
function inFormWords(kind: FileImportKind, path: string, name: string): (text: string) => string {
  const labels = new Map(optionFields(FILE_IMPORTS[kind].schema).map((field) => [field.flag, field.label]));
  return (text) => text.split(path).join(name).replace(/--[a-z][a-z-]*/g, (flag) => (labels.has(flag) ? `the ${labels.get(flag)} field` : flag));
}

function reworded(error: unknown, words: (text: string) => string): unknown {
  if (error instanceof InvalidFieldsError) return error;
  if (error instanceof UserError) return new UserError(words(error.message), error.hint ? words(error.hint) : undefined);
  if (error instanceof OperationError) return new OperationError(words(error.message), error.hint ? words(error.hint) : undefined);
  return error;
}

export function importRoutes(app: Api, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/imports',
      summary: 'The kinds of file an admin can upload for import, with their options, and the size limit',
      ...access('viewer'),
      responses: ok(z.object({ maxBytes: z.number(), items: z.array(importKindSchema) }), 'Each kind of file'),
    }),
    async (c) =>
      c.json(
        {
          maxBytes: deps.config.uploadMaxBytes,
          items: FILE_IMPORT_KINDS.map((kind) => {
            const { schema, ...spec } = FILE_IMPORTS[kind];
            return { kind, ...spec, fields: optionFields(schema) };
          }),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/imports/{kind}',
      summary: 'Import a file (the request body), as `unshadow import <kind>` does; its options in the query',
      description: `Needs the admin role. The body is the file itself (Content-Type: application/octet-stream), streamed to the server's data folder and imported in one transaction: nothing is written when the file cannot be read, and bad records are listed by line while the rest is kept. Files over UNSHADOW_UPLOAD_MAX_MB are refused with 413.`,
      security: admin.security,
      middleware: admin.middleware,
      request: {
        params: z.object({ kind: z.enum(FILE_IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) }),
        query: uploadQuery,
        body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
      },
      responses: {
        ...ok(importResultSchema, 'What was imported'),
        413: { description: 'The file is larger than the upload limit', content: { 'application/json': { schema: errorSchema } } },
        415: { description: 'A form instead of the file itself', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const { filename, ...given } = c.req.valid('query');
      const name = displayName(filename);
      const options = importOptions(kind, given);
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (FORM_TYPES.has(type)) {
        return c.json({ error: `send the file itself as the request body, not a form (${type})`, hint: 'Content-Type: application/octet-stream, the file as the body, its options in the query string.' }, 415);
      }
      let stored: { path: string; bytes: number };
      try {
        stored = await receiveUpload(c.req.raw.body, uploadsDir(deps.config.home), name, deps.config.uploadMaxBytes);
      } catch (error) {
        if (!(error instanceof UploadTooLargeError)) throw error;
        c.header('connection', 'close');
        return c.json({ error: `${name} is larger than ${sizeWords(error.maxBytes)}, this server's limit for uploads`, hint: UPLOAD_LIMIT_HINT }, 413);
      }
      const words = inFormWords(kind, stored.path, name);
      try {
        const result = await importFile({ db: deps.db }, deps.matcher, kind, stored.path, options, deps.log);
        const systems = await systemsSeenBy(deps.db, result.scanId);
        deps.log.info({ kind, connection: result.connection, scanId: result.scanId, bytes: stored.bytes, records: result.records }, 'uploaded file imported');
        // An export this one replaced is no longer read by any scan.
        await pruneUploads(deps.db, uploadsDir(deps.config.home));
        return c.json({ ...result, file: name, bytes: stored.bytes, problems: result.problems.map((problem) => ({ ...problem, message: words(problem.message) })), systems }, 200);
      } catch (error) {
        // A failed import wrote nothing (one transaction; a file that cannot be read fails before any write), and its file goes too.
        rmSync(stored.path, { force: true });
        throw reworded(error, words);
      }
    },
  );
}
