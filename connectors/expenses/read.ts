import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Options as CsvOptions, parse } from 'csv-parse';
import { OperationError, UserError } from '../../src/domain/errors.js';
import { fractionDigits } from '../../src/domain/money.js';
import type { ExpenseAttributes } from '../../src/domain/observation.js';
import { detectLayout, type ResolvedLayout } from './detect.js';
import type { DateOrder } from './layouts.js';
import { dateOrderEvidence, parseAmount, parseCurrency, parseDate } from './values.js';

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

function newlines(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    let at = cell.indexOf('\n');
    while (at !== -1) {
      count++;
      at = cell.indexOf('\n', at + 1);
    }
  }
  return count;
}

interface Row {
  line: number;
  cells: string[];
}

export async function openExpenseFile(path: string, options: ExpenseReadOptions = {}): Promise<ExpenseFile> {
  const { head, size } = await readHead(path);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.trim()) throw new UserError(`expense file ${path} is empty: expected a header row and at least one row`);
  const delimiter = sniffDelimiter(firstLine);
  const batchSize = options.batchSize ?? 2000;
  const hash = createHash('sha256');
  let bytes = 0;
  let assumedCurrency: string | undefined;

  // Rows csv-parse itself had to skip (unclosed quotes), handed out with the next batch.
  const skipped: RowProblem[] = [];
  // Lines are counted here, not taken from csv-parse: it counts a CRLF inside a quoted field
  // as two lines, which would shift every line number after it.
  let nextLine = 1;
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (cells: string[]): Row | null => {
      const line = nextLine;
      nextLine += 1 + newlines(cells);
      if (cells.length === 1 && cells[0]!.trim() === '') return null;
      return { line, cells };
    },
    on_skip: (error: (Error & { code?: string }) | undefined) => {
      const reason = error?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed; the rest of the file from here could not be read' : (error?.message ?? 'unreadable row');
      skipped.push({ line: nextLine, reason });
      nextLine += 1;
    },
    // csv-parse types on_record only for column-object records; ours maps arrays to rows.
  } as unknown as CsvOptions);

  const source = createReadStream(path);
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    bytes += chunk.length;
  });
  source.on('error', (error) => parser.destroy(new OperationError(`reading ${path} failed: ${error.message}`, undefined, { cause: error })));
  source.pipe(parser);

  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<Row>;
  const first = await rows.next();
  if (first.done) throw new UserError(`expense file ${path} has no header row`);
  let resolved: ResolvedLayout;
  try {
    resolved = detectLayout(first.value.cells, options);
  } catch (error) {
    source.destroy();
    parser.destroy();
    throw error;
  }
  const columns = resolved.columns;
  if (columns.currency === undefined) assumedCurrency = options.currency ?? 'USD';

  async function* batches(): AsyncGenerator<ExpenseBatch> {
    // A sample of rows decides what single cells cannot: day-first or month-first dates, and
    // whether "1,234" is a thousand or a decimal.
    const sample: Row[] = [];
    let done = false;
    while (sample.length < SAMPLE_ROWS) {
      const next = await rows.next();
      if (next.done) {
        done = true;
        break;
      }
      sample.push(next.value);
    }
    const dateOrder = resolved.layout.dateOrder ?? options.dateOrder ?? inferDateOrder(sample, columns.date!);
    const decimalComma = inferDecimalComma(sample, [columns.amount, columns.debit, columns.credit], delimiter);
    const sign = resolved.layout.amountSign ?? 1;

    const toRecord = (row: Row): ExpenseRecord | RowProblem => {
      const cells = row.cells;
      const merchant = cells[columns.merchant!]?.trim();
      if (!merchant) return { line: row.line, reason: 'missing merchant or description' };
      let amount: number;
      let currency: string | undefined;
      const amountCell = columns.amount === undefined ? undefined : cells[columns.amount];
      if (amountCell !== undefined && amountCell.trim() !== '') {
        const parsed = parseAmount(amountCell, { decimalComma });
        if (!parsed.ok) return { line: row.line, reason: parsed.reason };
        amount = parsed.value.amount;
        currency = parsed.value.currency;
      } else {
        const debit = columns.debit === undefined ? '' : (cells[columns.debit]?.trim() ?? '');
        const credit = columns.credit === undefined ? '' : (cells[columns.credit]?.trim() ?? '');
        const parsed = debit ? parseAmount(debit, { decimalComma }) : credit ? parseAmount(credit, { decimalComma }) : null;
        if (!parsed) return { line: row.line, reason: 'missing amount' };
        if (!parsed.ok) return { line: row.line, reason: parsed.reason };
        amount = debit ? Math.abs(parsed.value.amount) : -Math.abs(parsed.value.amount);
        currency = parsed.value.currency;
      }
      if (columns.currency !== undefined) {
        const cell = cells[columns.currency]?.trim();
        if (cell) {
          const parsed = parseCurrency(cell);
          if (!parsed.ok) return { line: row.line, reason: parsed.reason };
          currency = parsed.value;
        }
      }
      currency ??= options.currency ?? 'USD';
      const date = parseDate(cells[columns.date!] ?? '', dateOrder);
      if (!date.ok) return { line: row.line, reason: date.reason };
      const scale = 10 ** fractionDigits(currency);
      const attributes: ExpenseAttributes = {
        merchant,
        amount: Math.round(sign * amount * scale) / scale || 0,
        currency,
        date: date.value,
      };
      const employee = columns.employee === undefined ? undefined : cells[columns.employee]?.trim();
      if (employee) attributes.employee = employee;
      const category = columns.category === undefined ? undefined : cells[columns.category]?.trim();
      if (category) attributes.category = category;
      const memo = columns.memo === undefined ? undefined : cells[columns.memo]?.trim();
      if (memo) attributes.memo = memo;
      const sourceId = columns.id === undefined ? undefined : cells[columns.id]?.trim();
      return sourceId ? { line: row.line, attributes, sourceId } : { line: row.line, attributes };
    };

    let batch: ExpenseBatch = { records: [], problems: [] };
    const take = (row: Row): boolean => {
      const result = toRecord(row);
      if ('reason' in result) batch.problems.push(result);
      else batch.records.push(result);
      return batch.records.length >= batchSize;
    };
    const flush = (): ExpenseBatch => {
      const full = batch;
      full.problems.push(...skipped.splice(0));
      batch = { records: [], problems: [] };
      return full;
    };
    try {
      for (const row of sample) if (take(row)) yield flush();
      while (!done) {
        const next = await rows.next();
        if (next.done) break;
        if (take(next.value)) yield flush();
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
