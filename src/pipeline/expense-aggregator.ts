import { fractionDigits } from '../domain/money.js';
import type { ExpenseAttributes } from '../domain/observation.js';
import type { AggregateRow } from '../inventory/ingest.js';

interface Bucket {
  merchant: string;
  month: string;
  currency: string;
  count: number;
  /** Sum in minor units: integers add up exactly where floats drift. */
  minor: number;
}

/**
 * Totals per normalised merchant, month and currency for the rows that are not AI. Its size
 * grows with the number of distinct merchants, not with the number of rows.
 */
export class ExpenseAggregator {
  private readonly buckets = new Map<string, Bucket>();

  add(merchant: string, expense: Pick<ExpenseAttributes, 'date' | 'currency' | 'amount'>): void {
    const month = expense.date.slice(0, 7);
    const key = `${merchant}\u0000${month}\u0000${expense.currency}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { merchant, month, currency: expense.currency, count: 0, minor: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.count++;
    bucket.minor += Math.round(expense.amount * 10 ** fractionDigits(expense.currency));
  }

  rows(): AggregateRow[] {
    return [...this.buckets.values()].map((bucket) => {
      const digits = fractionDigits(bucket.currency);
      return { merchant: bucket.merchant, month: bucket.month, currency: bucket.currency, count: bucket.count, total: (bucket.minor / 10 ** digits).toFixed(digits) };
    });
  }
}
