import { fractionDigits } from '../domain/money.js';
import type { ExpenseAttributes } from '../domain/observation.js';
import type { AggregateRow } from '../inventory/ingest.js';

interface Bucket {
  month: string;
  currency: string;
  count: number;
  /** Sum in minor units: integers add up exactly where floats drift. */
  minor: number;
}

/** Month number since year 0 from an ISO date, without allocating a substring. */
function monthIndex(date: string): number {
  const year = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  return year * 12 + (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48) - 1;
}

/** The monthly totals of one merchant; callers keep it beside their per-descriptor cache. */
export class MerchantTotals {
  /** Buckets by currency, then by month index. */
  readonly buckets = new Map<string, Map<number, Bucket>>();
  constructor(readonly merchant: string) {}

  add(expense: Pick<ExpenseAttributes, 'date' | 'currency' | 'amount'>): void {
    let months = this.buckets.get(expense.currency);
    if (!months) {
      months = new Map();
      this.buckets.set(expense.currency, months);
    }
    const index = monthIndex(expense.date);
    let bucket = months.get(index);
    if (!bucket) {
      bucket = { month: expense.date.slice(0, 7), currency: expense.currency, count: 0, minor: 0 };
      months.set(index, bucket);
    }
    bucket.count++;
    bucket.minor += Math.round(expense.amount * 10 ** fractionDigits(expense.currency));
  }
}

/**
 * Totals per normalised merchant, month and currency for the rows that are not AI. Its size
 * grows with the number of distinct merchants, not with the number of rows.
 */
export class ExpenseAggregator {
  private readonly merchants = new Map<string, MerchantTotals>();

  totalsOf(merchant: string): MerchantTotals {
    let totals = this.merchants.get(merchant);
    if (!totals) {
      totals = new MerchantTotals(merchant);
      this.merchants.set(merchant, totals);
    }
    return totals;
  }

  rows(): AggregateRow[] {
    const rows: AggregateRow[] = [];
    for (const totals of this.merchants.values()) {
      for (const bucket of [...totals.buckets.values()].flatMap((months) => [...months.values()])) {
        const digits = fractionDigits(bucket.currency);
        rows.push({ merchant: totals.merchant, month: bucket.month, currency: bucket.currency, count: bucket.count, total: (bucket.minor / 10 ** digits).toFixed(digits) });
      }
    }
    return rows;
  }
}
