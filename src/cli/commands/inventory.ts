import type { AiSystemStatus } from '../../domain/register.js';
import { UserError } from '../../domain/errors.js';
import { STATUS_LABELS, words } from '../../domain/words.js';
import type { ObservationKind } from '../../domain/observation.js';
import { type InventoryDetail, listInventory, showInventoryItem } from '../../inventory/queries.js';
import { withDatabase } from '../context.js';
import { categoryLabel, describeSources, describeUsers, formatMoney, inventoryTable, printJson, table } from '../output.js';

function notFound(id: string): UserError {
  return new UserError(`no AI system with id '${id}'`, 'Run `unshadow inventory list` to see the ids (the first 8 characters are enough).');
}

function describeDetail(item: InventoryDetail): string {
  const lines = [
    `${item.product} (${item.vendor})`,
    `  id          ${item.id}`,
    `  category    ${categoryLabel(item.category)}`,
    `  status      ${words(STATUS_LABELS, item.status)}`,
    `  confidence  ${Math.round(item.confidence * 100)}%`,
    `  found in    ${describeSources(item.sources)}`,
    `  first seen  ${item.firstSeen.slice(0, 10)}    last seen ${item.lastSeen.slice(0, 10)}`,
    `  people (${describeUsers(item)})   ${item.people.join(', ') || '—'}`,
  ];
  if (item.spendByMonth.length > 0) {
    lines.push('', 'Spend per month');
    lines.push(table(['Month', 'Spend', 'Transactions'], item.spendByMonth.map((m) => [m.month, formatMoney(m.total, m.currency), m.count])));
  }
  lines.push('', `Evidence (${item.evidence.length} record(s))`);
  lines.push(
    table(
      ['Kind', 'Record', 'When', 'Confidence', 'Why'],
      item.evidence.slice(0, 100).map((e) => [
        e.kind,
        describeRecord(e.attributes),
        e.occurredOn ?? e.lastSeenAt.slice(0, 10),
        `${Math.round(e.confidence * 100)}%`,
        e.reasons.join('; '),
      ]),
    ),
  );
  if (item.evidence.length > 100) lines.push(`… and ${item.evidence.length - 100} more (use --json for all)`);
  return lines.join('\n');
}

function describeRecord(attributes: Record<string, unknown>): string {
  if ('merchant' in attributes) {
    const who = attributes.employee ? ` — ${String(attributes.employee)}` : '';
    return `${String(attributes.merchant)}: ${formatMoney(Number(attributes.amount), String(attributes.currency))}${who}`;
  }
  return Object.entries(attributes)
    .filter(([, value]) => typeof value === 'string')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

export interface ListFlags {
  status?: AiSystemStatus;
  source?: ObservationKind;
  json?: boolean;
}

export async function list(flags: ListFlags): Promise<void> {
  await withDatabase(async ({ db }) => {
    const items = await listInventory(db, { ...(flags.status ? { status: flags.status } : {}), ...(flags.source ? { source: flags.source } : {}) });
    if (flags.json) printJson(items);
    else if (items.length === 0) process.stdout.write('The inventory is empty. Import something first, e.g. `unshadow import expenses <file>`.\n');
    else process.stdout.write(`${inventoryTable(items)}\n${items.length} AI system(s).\n`);
  });
}

export async function show(id: string, flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const item = await showInventoryItem(db, id);
    if (!item) throw notFound(id);
    if (flags.json) printJson(item);
    else process.stdout.write(`${describeDetail(item)}\n`);
  });
}

export async function history(id: string, flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const item = await showInventoryItem(db, id);
    if (!item) throw notFound(id);
    if (flags.json) printJson(item.history);
    else {
      process.stdout.write(
        `${table(
          ['When', 'Who', 'What', 'Field', 'Before', 'After', 'Why'],
          item.history.map((h) => [h.at.replace('T', ' ').slice(0, 19), h.who, h.what, h.fieldLabel ?? '', h.beforeText, h.afterText, h.reason ?? '']),
        )}\n`,
      );
    }
  });
}
