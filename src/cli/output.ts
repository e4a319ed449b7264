import { createRequire } from 'node:module';
import { CATEGORY_LABELS } from '../domain/taxonomy.js';
import { SOURCE_LABELS, STATUS_LABELS, words } from '../domain/words.js';
import type { InventoryItem, Spend } from '../inventory/queries.js';

/** Human output: readable tables on stdout. `--json` bypasses all of this. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

type TableClass = typeof import('cli-table3');
/** cli-table3 (CommonJS, a dozen modules) loads with the first table: a `--json` command never needs it. */
let Table: TableClass | undefined;

export function table(head: string[], rows: (string | number)[][]): string {
  Table ??= createRequire(import.meta.url)('cli-table3') as TableClass;
  const t = new Table({ head, style: { head: [], border: [], compact: true }, wordWrap: true });
  t.push(...rows.map((row) => row.map(String)));
  return t.toString();
}

export function describeSources(sources: InventoryItem['sources']): string {
  return Object.entries(sources)
    .map(([kind, count]) => `${SOURCE_LABELS[kind] ?? kind} (${count})`)
    .join(', ');
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

export function describeSpend(spend: Spend[]): string {
  if (spend.length === 0) return '—';
  return spend.map((s) => formatMoney(s.monthlyAverage, s.currency)).join(' + ');
}

/** "all 2000" when a grant reaches the whole tenant, else the count of people seen. */
export function describeUsers(item: Pick<InventoryItem, 'users' | 'allUsers'>): string {
  return item.allUsers ? (item.users > 0 ? `all ${item.users}` : 'all users') : String(item.users);
}

export const categoryLabel = (category: string) => CATEGORY_LABELS[category as keyof typeof CATEGORY_LABELS] ?? category;

export function inventoryTable(items: InventoryItem[]): string {
  return table(
    ['ID', 'Vendor', 'Product', 'Category', 'Found in', 'People', 'Spend / month', 'Confidence', 'Status'],
    items.map((item) => [
      item.id.slice(0, 8),
      item.vendor,
      item.product,
      categoryLabel(item.category),
      describeSources(item.sources),
      describeUsers(item),
      describeSpend(item.spend),
      `${Math.round(item.confidence * 100)}%`,
      words(STATUS_LABELS, item.status),
    ]),
  );
}
