import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Options as CsvOptions, parse } from 'csv-parse';
import { OperationError, UserError } from '../../src/domain/errors.js';
import { fractionDigits } from '../../src/domain/money.js';
import type { ExpenseAttributes } from '../../src/domain/observation.js';
import { detectLayout, type ResolvedLayout } from './detect.js';
import { RowReader } from './row-reader.js';
import type { DateOrder } from './layouts.js';
import { dateOrderEvidence, fastIso, parseAmount, parseCurrency, parseDate, plainAmount } from './values.js';

/**
 * Streams an expense export as batches of normalised records. Memory holds one batch and the
 * parser's buffer, whatever the file's size. Rows that cannot be read are reported with their
 * line number and reason; they never stop the rest of the file.
 */

export interface ExpenseRecord {
  /** 1-based line where the row starts in the file. */
  line: number;
  attributes: ExpenseAttributes;
  /** The export's own transaction id, when it has one: the most stable key there is. */
  sourceId?: string;
}

export interface RowProblem {
  line: number;
  reason: string;
}

export interface ExpenseBatch {
  records: ExpenseRecord[];
  problems: RowProblem[];
}

export interface ExpenseReadOptions {
  format?: string;
  map?: string;
  /** Currency for files with no currency column; USD when not given. */
  currency?: string;
  /** Day-first or month-first for numeric dates, when the data cannot tell. */
  dateOrder?: DateOrder;
  batchSize?: number;
}

export interface ExpenseFile {
  path: string;
  layout: string;
  delimiter: string;
  /** The currency assumed for every row, when the file has no currency column. */
  assumedCurrency?: string;
  totalBytes: number;
  /** Bytes read so far, for progress. */
  bytesRead(): number;
  batches(): AsyncGenerator<ExpenseBatch>;
  /** SHA-256 of the whole file; complete once `batches()` is exhausted. */
  digest(): string;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
const SNIFF_BYTES = 64 * 1024;
const SAMPLE_ROWS = 500;

/** The delimiter that splits the header line most often, ignoring quoted text. */
export function sniffDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = unquoted.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

async function readHead(path: string): Promise<{ head: string; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new UserError(`cannot read expense file ${path}: ${why}`);
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead).toString('utf8').replace(/^\ufeff/, ''), size };
  } finally {
    await handle.close();
  }
}

interface Row {
  line: number;
  cells: string[];
}

const UNCLOSED_QUOTE = 'a quoted field is never closed; the rest of the file from here could not be read';

export async function openExpenseFile(path: string, options: ExpenseReadOptions = {}): Promise<ExpenseFile> {
  const { head, size } = await readHead(path);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim()) throw new UserError(`expense file ${path} is empty: expected a header row and at least one row`);
  const delimiter = sniffDelimiter(firstLine);
  const batchSize = options.batchSize ?? 2000;
  const hash = createHash('sha256');
  let bytes = 0;

  let reader: RowReader | undefined;
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error: (Error & { code?: string }) | undefined) => {
      reader?.skip(error?.code === 'CSV_QUOTE_NOT_CLOSED' ? UNCLOSED_QUOTE : (error?.message ?? 'unreadable row'));
    },
  } as CsvOptions);
  reader = new RowReader(parser);
  const rows = reader;

  const source = createReadStream(path);
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytes += chunk.length;
  });
  source.on('error', (error) => parser.destroy(new OperationError(`reading ${path} failed: ${error.message}`, undefined, { cause: error })));
  source.pipe(parser);

  const header = await rows.next();
  if (!header) throw new UserError(`expense file ${path} has no header row`);
  let resolved: ResolvedLayout;
  try {
    resolved = detectLayout(header, options);
  } catch (error) {
    source.destroy();
    parser.destroy();
    throw error;
  }
  const columns = resolved.columns;
  const assumedCurrency = columns.currency === undefined ? (options.currency ?? 'USD') : undefined;

  async function* batches(): AsyncGenerator<ExpenseBatch> {
    // A sample of rows decides what single cells cannot: day-first or month-first dates, and
    // whether "1,234" is a thousand or a decimal.
    const sample: Row[] = [];
    let cells: string[] | null = null;
    while (sample.length < SAMPLE_ROWS && (cells = await rows.next())) sample.push({ line: rows.line, cells });
    const dateOrder = resolved.layout.dateOrder ?? options.dateOrder ?? inferDateOrder(sample, columns.date!);
    const convert = rowConverter(columns, {
      dateOrder,
      decimalComma: inferDecimalComma(sample, [columns.amount, columns.debit, columns.credit], delimiter),
      sign: resolved.layout.amountSign ?? 1,
      currency: options.currency ?? 'USD',
    });

    let batch: ExpenseBatch = { records: [], problems: [] };
    const take = (cells: string[], line: number): boolean => {
      const result = convert(cells, line);
      if ('reason' in result) batch.problems.push(result);
      else batch.records.push(result);
      return batch.records.length >= batchSize;
    };
    const flush = (): ExpenseBatch => {
      const full = batch;
      full.problems.push(...rows.skipped.splice(0));
      batch = { records: [], problems: [] };
      return full;
    };
    try {
      for (const sampled of sample) if (take(sampled.cells, sampled.line)) yield flush();
      // Rows already parsed are taken synchronously; the loop waits only for the next chunk.
      if (cells) {
        while (await rows.more()) {
          while ((cells = rows.read())) if (take(cells, rows.line)) yield flush();
        }
      }
      yield flush();
    } finally {
      source.destroy();
      parser.destroy();
    }
  }

  return {
    path,
    layout: resolved.layout.name,
    delimiter,
    ...(assumedCurrency ? { assumedCurrency } : {}),
    totalBytes: size,
    bytesRead: () => bytes,
    batches,
    digest: () => hash.copy().digest('hex'),
  };
}

interface ConvertOptions {
  dateOrder: DateOrder;
  decimalComma: boolean;
  sign: 1 | -1;
  /** For rows with no currency of their own. */
  currency: string;
}

/**
 * Turns one row's cells into a record, or says why it cannot. This runs once per row of
 * multi-million-row files: the common cells take fast paths and every record has the same
 * shape, so the engine keeps it monomorphic.
 */
function rowConverter(columns: ResolvedLayout['columns'], options: ConvertOptions) {
  const at = (column: number | undefined) => column ?? -1;
  const [merchantAt, amountAt, debitAt, creditAt, currencyAt, dateAt, employeeAt, categoryAt, memoAt, idAt] = [
    columns.merchant, columns.amount, columns.debit, columns.credit, columns.currency, columns.date, columns.employee, columns.category, columns.memo, columns.id,
  ].map(at) as number[] as [number, number, number, number, number, number, number, number, number, number];
  const text = (cells: string[], column: number): string => (column < 0 ? '' : (cells[column]?.trim() ?? ''));
  const { decimalComma, dateOrder, sign } = options;
  const amountOptions = { decimalComma };
  return (cells: string[], line: number): ExpenseRecord | RowProblem => {
    const merchant = text(cells, merchantAt);
    if (!merchant) return { line, reason: 'missing merchant or description' };
    let amount: number | undefined;
    let currency: string | undefined;
    const amountCell = text(cells, amountAt);
    if (amountCell) {
      amount = plainAmount(amountCell, decimalComma);
      if (amount === undefined) {
        const parsed = parseAmount(amountCell, amountOptions);
        if (!parsed.ok) return { line, reason: parsed.reason };
        ({ amount, currency } = parsed.value);
      }
    } else {
      // Separate debit and credit columns: a debit is spend, a credit is money back.
      const debit = text(cells, debitAt);
      const credit = debit ? '' : text(cells, creditAt);
      if (!debit && !credit) return { line, reason: 'missing amount' };
      const parsed = parseAmount(debit || credit, amountOptions);
      if (!parsed.ok) return { line, reason: parsed.reason };
      amount = debit ? Math.abs(parsed.value.amount) : -Math.abs(parsed.value.amount);
      currency = parsed.value.currency;
    }
    const currencyCell = text(cells, currencyAt);
    if (currencyCell) {
      const parsed = parseCurrency(currencyCell);
      if (!parsed.ok) return { line, reason: parsed.reason };
      currency = parsed.value;
    }
    currency ??= options.currency;
    const dateCell = text(cells, dateAt);
    let date = fastIso(dateCell);
    if (!date) {
      const parsed = parseDate(dateCell, dateOrder);
      if (!parsed.ok) return { line, reason: parsed.reason };
      date = parsed.value;
    }
    const scale = 10 ** fractionDigits(currency);
    const attributes: ExpenseAttributes = {
      merchant,
      amount: Math.round(sign * amount * scale) / scale || 0,
      currency,
      date,
      employee: text(cells, employeeAt) || undefined,
      category: text(cells, categoryAt) || undefined,
      memo: text(cells, memoAt) || undefined,
    };
    return { line, attributes, sourceId: text(cells, idAt) || undefined };
  };
}

function inferDateOrder(sample: Row[], dateColumn: number): DateOrder {
  for (const row of sample) {
    const evidence = dateOrderEvidence(row.cells[dateColumn] ?? '');
    if (evidence) return evidence;
  }
  return 'mdy';
}

function inferDecimalComma(sample: Row[], amountColumns: (number | undefined)[], delimiter: string): boolean {
  for (const row of sample) {
    for (const column of amountColumns) {
      if (column === undefined) continue;
      const cell = row.cells[column]?.trim() ?? '';
      if (/\d,\d{1,2}(?:\D*)$/.test(cell) && !/\.\d{1,2}\D*$/.test(cell)) return true;
      if (/\d\.\d{1,2}(?:\D*)$/.test(cell)) return false;
    }
  }
  return delimiter === ';';
}
