/**
 * An AI system's evidence grouped the way a reviewer asks about it: who uses it, what data its
 * OAuth grants reach, which licences and repositories mention it, and what it costs.
 */
import { h } from '../dom.js';
import { count, DASH, dateText, list, money, percent, time } from '../format.js';
import { levelBadge, stateBadge } from '../components/badge.js';
import { subsection } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { label, SOURCES } from '../vocab.js';

/** The API may name the timestamps firstSeen/lastSeen or firstSeenAt/lastSeenAt (src/inventory/queries.ts). */
const lastSeen = (record) => record.lastSeen ?? record.lastSeenAt;
const firstSeen = (record) => record.firstSeen ?? record.firstSeenAt;

function text(value) {
  return value === undefined || value === null || value === '' ? DASH : String(value);
}

/** A record that has disappeared from its source keeps its place, marked as gone. */
function withGone(record, content) {
  return record.gone ? [content, ' ', stateBadge('gone', 'gone')] : content;
}

function of(evidence, ...kinds) {
  return evidence.filter((record) => kinds.includes(record.kind));
}

function people(system, evidence) {
  const byPerson = new Map();
  for (const record of evidence) {
    const person = record.attributes?.employee ?? record.attributes?.user;
    if (!person) continue;
    const entry = byPerson.get(person) ?? { kinds: new Set(), lastSeen: null };
    entry.kinds.add(label(SOURCES, record.kind));
    const seen = lastSeen(record);
    if (seen && (!entry.lastSeen || seen > entry.lastSeen)) entry.lastSeen = seen;
    byPerson.set(person, entry);
  }
  for (const person of system.people ?? []) if (!byPerson.has(person)) byPerson.set(person, { kinds: new Set(), lastSeen: null });
  const rows = [...byPerson.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return subsection(
    `Users (${count(rows.length)})`,
    dataTable({
      caption: 'People seen using it',
      columns: [{ label: 'Person' }, { label: 'Seen in' }, { label: 'Last seen' }],
      rows: rows.map(([person, entry]) => [person, list([...entry.kinds].sort()), time(entry.lastSeen)]),
      rowHeader: true,
      empty: 'No people in the evidence: dependencies and repository files name no users.',
    }),
  );
}

function exposureCell(exposure) {
  if (!exposure?.level) return DASH;
  const reasons = exposure.reasons ?? [];
  return [levelBadge(exposure.level, 'exposure'), reasons.length ? h('ul', { class: 'compact' }, reasons.map((reason) => h('li', {}, reason))) : null];
}

function grants(evidence) {
  const records = of(evidence, 'oauth_grant');
  return subsection(
    'OAuth scopes',
    dataTable({
      caption: 'OAuth grants and the scopes they allow',
      columns: [{ label: 'App' }, { label: 'User' }, { label: 'Scopes' }, { label: 'Exposure' }, { label: 'Publisher' }, { label: 'Connection' }, { label: 'Last seen' }],
      rows: records.map((r) => {
        const a = r.attributes ?? {};
        const scopes = Array.isArray(a.scopes) ? a.scopes : [];
        return [
          withGone(r, text(a.appName)),
          text(a.user),
          scopes.length ? h('ul', { class: 'compact scopes' }, scopes.map((scope) => h('li', {}, h('code', {}, scope)))) : DASH,
          exposureCell(a.exposure),
          text(a.publisher),
          r.connection,
          time(lastSeen(r)),
        ];
      }),
      rowHeader: true,
      empty: 'No OAuth grants.',
    }),
  );
}

function licences(evidence) {
  const records = of(evidence, 'licence');
  return subsection(
    'Licences and SKUs',
    dataTable({
      caption: 'Licences assigned',
      columns: [{ label: 'SKU' }, { label: 'SKU id' }, { label: 'Provider' }, { label: 'Seats', className: 'num' }, { label: 'User' }, { label: 'Connection' }, { label: 'Last seen' }],
      rows: records.map((r) => {
        const a = r.attributes ?? {};
        return [withGone(r, text(a.skuName)), h('code', {}, text(a.skuId)), text(a.provider), a.seats === undefined ? DASH : count(Number(a.seats)), text(a.user), r.connection, time(lastSeen(r))];
      }),
      rowHeader: true,
      empty: 'No licences.',
    }),
  );
}

function repositories(evidence) {
  const records = of(evidence, 'dependency', 'repo_artefact');
  return subsection(
    'Repositories',
    dataTable({
      caption: 'Repositories that depend on it or configure it',
      columns: [{ label: 'Repository' }, { label: 'File' }, { label: 'Package or file type' }, { label: 'Connection' }, { label: 'Last seen' }],
      rows: records.map((r) => {
        const a = r.attributes ?? {};
        const what =
          r.kind === 'dependency'
            ? [h('code', {}, `${text(a.name)}${a.version ? `@${a.version}` : ''}`), ` (${text(a.ecosystem)})`]
            : [text(a.name), ` (${text(a.type).replace(/_/g, ' ')})`];
        return [withGone(r, text(a.repo)), h('code', {}, text(r.kind === 'dependency' ? a.manifest : a.path)), what, r.connection, time(lastSeen(r))];
      }),
      rowHeader: true,
      empty: 'No repositories.',
    }),
  );
}

function appInstalls(evidence) {
  const records = of(evidence, 'app_install');
  if (records.length === 0) return null;
  return subsection(
    'App installs',
    dataTable({
      caption: 'Apps installed',
      columns: [{ label: 'App' }, { label: 'Slug' }, { label: 'Provider' }, { label: 'Connection' }, { label: 'Last seen' }],
      rows: records.map((r) => {
        const a = r.attributes ?? {};
        return [withGone(r, text(a.name)), h('code', {}, text(a.slug)), text(a.provider), r.connection, time(lastSeen(r))];
      }),
      rowHeader: true,
    }),
  );
}

function spend(system, evidence) {
  const records = of(evidence, 'expense').sort((a, b) => String(b.attributes?.date ?? '').localeCompare(String(a.attributes?.date ?? '')));
  const totals = system.spend ?? [];
  return subsection(
    'Spend',
    dataTable({
      caption: 'Spend per currency',
      columns: [{ label: 'Currency' }, { label: 'Total', className: 'num' }, { label: 'Months with spend', className: 'num' }, { label: 'Monthly average', className: 'num' }],
      rows: totals.map((t) => [t.currency, money(t.total, t.currency), count(t.months), money(t.monthlyAverage, t.currency)]),
      rowHeader: true,
      empty: 'No expenses matched.',
    }),
    records.length
      ? dataTable({
          caption: 'Expense lines',
          columns: [{ label: 'Date' }, { label: 'Merchant' }, { label: 'Employee' }, { label: 'Amount', className: 'num' }, { label: 'Memo' }, { label: 'Connection' }],
          rows: records.map((r) => {
            const a = r.attributes ?? {};
            return [dateText(a.date), withGone(r, text(a.merchant)), text(a.employee), money(Number(a.amount), a.currency), text(a.memo), r.connection];
          }),
        })
      : null,
  );
}

/** Why each record was matched to this system: the matcher's reasons and confidence. */
function matchReasons(evidence) {
  if (evidence.length === 0) return null;
  return h(
    'details',
    { class: 'disclosure' },
    h('summary', {}, evidence.length === 1 ? 'Why the record matched' : `Why each of the ${count(evidence.length)} records matched`),
    dataTable({
      caption: 'Evidence records and match reasons',
      columns: [{ label: 'Record' }, { label: 'Source' }, { label: 'Connection' }, { label: 'Confidence', className: 'num' }, { label: 'Reasons' }, { label: 'First seen' }, { label: 'Last seen' }],
      rows: evidence.map((r) => [
        withGone(r, h('code', {}, r.key)),
        label(SOURCES, r.kind),
        r.connection,
        percent(r.confidence),
        list(r.reasons),
        time(firstSeen(r)),
        time(lastSeen(r)),
      ]),
      rowHeader: true,
    }),
  );
}

export function evidenceSections(system) {
  const evidence = system.evidence ?? [];
  return [people(system, evidence), grants(evidence), licences(evidence), repositories(evidence), appInstalls(evidence), spend(system, evidence), matchReasons(evidence)];
}
