import { type Command, Option } from 'commander';
import { AI_SYSTEM_STATUSES } from '../../db/schema.js';
import { UserError } from '../../domain/errors.js';
import { OBSERVATION_KINDS } from '../../domain/observation.js';
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
    `  status      ${item.status.replace(/_/g, ' ')}`,
    `  confidence  ${Math.round(item.confidence * 100)}%`,
    `  found in    ${describeSources(item.sources)}`,
    `  first seen  ${item.firstSeen.slice(0, 10)}    last seen ${item.lastSeen.slice(0, 10)}`,
    `  users (${describeUsers(item)})   ${item.people.join(', ') || '—'}`,
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

export function registerInventory(program: Command): void {
  const inventory = program.command('inventory').description('the AI inventory: every AI system found, with its evidence');
  inventory
    .command('list')
    .description('list the AI systems in the inventory')
    .addOption(new Option('--status <status>', 'only systems in this review status').choices([...AI_SYSTEM_STATUSES]))
    .addOption(new Option('--source <kind>', 'only systems with evidence of this kind').choices(OBSERVATION_KINDS))
    .option('--json', 'print a JSON array (see the README for its fields)')
    .action(async (flags: { status?: (typeof AI_SYSTEM_STATUSES)[number]; source?: (typeof OBSERVATION_KINDS)[number]; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const items = await listInventory(db, { ...(flags.status ? { status: flags.status } : {}), ...(flags.source ? { source: flags.source } : {}) });
        if (flags.json) printJson(items);
        else if (items.length === 0) process.stdout.write('The inventory is empty. Import something first, e.g. `unshadow import expenses <file>`.\n');
        else process.stdout.write(`${inventoryTable(items)}\n${items.length} AI system(s).\n`);
      });
    });
  inventory
    .command('show <id>')
    .description('one AI system with its evidence: records, users, spend per month, first and last seen')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const item = await showInventoryItem(db, id);
        if (!item) throw notFound(id);
        if (flags.json) printJson(item);
        else process.stdout.write(`${describeDetail(item)}\n`);
      });
    });
  inventory
    .command('history <id>')
    .description('the audit trail of one AI system: who changed what, when and why')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
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
    });
}
