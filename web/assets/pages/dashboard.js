/** The inventory at a glance: counts by status, where AI was found, spend, reach and exposure. */
import { api } from '../api.js';
import { h, s, systemLink } from '../dom.js';
import { compactMoney, count, counted, dateText, money, monthLabel, monthRange } from '../format.js';
import { levelBadge, statusBadge } from '../components/badge.js';
import { barChart, barList } from '../components/chart.js';
import { pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CATEGORIES, label, SEVERITIES, SOURCES, STATUSES } from '../vocab.js';

/** Beyond five years of months a continuous axis is mostly empty: keep only the months with data. */
const MAX_FILLED_MONTHS = 60;

function months(present) {
  const sorted = [...new Set(present)].sort();
  if (sorted.length === 0) return [];
  const filled = monthRange(sorted[0], sorted[sorted.length - 1]);
  return filled.length > MAX_FILLED_MONTHS ? sorted : filled;
}

function statusCards(byStatus) {
  return h(
    'ul',
    { class: 'cards', 'aria-label': 'AI systems by status' },
    Object.keys(STATUSES).map((status) =>
      h(
        'li',
        { class: 'card' },
        h('a', { href: `/inventory?status=${status}`, class: 'card__link' }, h('span', { class: 'card__count' }, count(byStatus[status] ?? 0)), ' ', statusBadge(status)),
      ),
    ),
  );
}

function ranked(counts, words) {
  return Object.entries(counts ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, value]) => ({ label: label(words, key), value }));
}

function firstSeenList(items) {
  return h(
    'ul',
    { class: 'plain-list' },
    items.map((item) => h('li', {}, systemLink(item.id, item.product), h('span', { class: 'muted' }, ` — ${item.vendor}, first seen ${dateText(item.firstSeen)}`))),
  );
}

/** New by the evidence's own dates (a charge's date), not by when a file was imported. */
function newThisWeek(items, recent) {
  if (items.length > 0) return firstSeenList(items);
  return [
    h('p', { class: 'empty' }, 'No AI system was first seen in the last seven days (by the dates in its evidence).'),
    recent.length ? [h('p', {}, 'The most recently first seen:'), firstSeenList(recent)] : null,
  ];
}

/** Where the review stands, in one sentence, with what still needs doing. */
function headline(data) {
  const r = data.review ?? {};
  const total = data.total ?? 0;
  const share = total ? Math.round((r.decided / total) * 100) : 0;
  const todo = [
    r.awaiting ? h('a', { href: '/review' }, `${counted(r.awaiting, 'awaits', 'await')} review`) : null,
    r.openIncidents ? h('a', { href: '/incidents' }, counted(r.openIncidents, 'open incident', 'open incidents')) : null,
    r.vendorsOverdue ? h('a', { href: '/vendors' }, counted(r.vendorsOverdue, 'vendor review overdue', 'vendor reviews overdue')) : null,
    r.vendorsNotReviewed ? h('a', { href: '/vendors' }, counted(r.vendorsNotReviewed, 'vendor not reviewed', 'vendors not reviewed')) : null,
    r.organisationControlsOpen ? h('a', { href: '/organisation' }, counted(r.organisationControlsOpen, 'organisation-level control open', 'organisation-level controls open')) : null,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'headline' },
    h('p', { class: 'headline__main' }, h('strong', {}, `${count(r.decided ?? 0)} of ${counted(total, 'AI system', 'AI systems')} decided`), ` (${share}%)`, r.notAi ? `; ${counted(r.notAi, 'finding', 'findings')} judged not AI and left out of every figure` : '', '.'),
    s('svg', { class: 'progress', viewBox: '0 0 100 4', preserveAspectRatio: 'none', role: 'img', 'aria-label': `${share}% of AI systems decided` }, s('rect', { class: 'progress__track', x: 0, y: 0, width: 100, height: 4 }), s('rect', { class: 'progress__bar', x: 0, y: 0, width: share, height: 4 })),
    todo.length ? h('p', {}, 'Still to do: ', todo.flatMap((item, i) => (i ? [', ', item] : [item])), '.') : h('p', {}, 'Nothing left to do: every AI system is decided.'),
  );
}

function openIncidents(items) {
  return dataTable({
    caption: 'Open AI incidents',
    columns: [{ label: 'Incident' }, { label: 'AI system' }, { label: 'What happened' }, { label: 'Severity' }],
    rows: items.map((i) => [h('a', { href: `/incidents/${encodeURIComponent(i.reference)}` }, i.reference), systemLink(i.system.id, i.system.product), i.title, label(SEVERITIES, i.severity)]),
    rowHeader: true,
    empty: 'No open incidents.',
  });
}

function spendCharts(rows) {
  if (rows.length === 0) return [h('p', { class: 'empty' }, 'No expenses have been matched to AI systems yet.')];
  const axis = months(rows.map((row) => row.month));
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  // Amounts in different currencies share no scale: one chart per currency keeps each honest.
  return currencies.map((currency, i) => {
    const byMonth = new Map(rows.filter((row) => row.currency === currency).map((row) => [row.month, row.total]));
    const points = axis.map((month) => ({ label: monthLabel(month), value: byMonth.get(month) ?? 0 }));
    const total = points.reduce((sum, p) => sum + p.value, 0);
    const peak = points.reduce((best, p) => (p.value > best.value ? p : best), points[0]);
    return barChart({
      title: `AI spend per month in ${currency}`,
      summary: `Bar chart of AI spend per month in ${currency} from ${points[0].label} to ${points[points.length - 1].label}: ${money(total, currency)} in total, highest ${money(peak.value, currency)} in ${peak.label}.`,
      points,
      xLabel: 'Month',
      yLabel: `Spend (${currency})`,
      format: (v) => money(v, currency),
      tickFormat: (v) => compactMoney(v, currency),
      series: i % 2 === 0 ? 'a' : 'b',
    });
  });
}

function usersChart(rows) {
  const byMonth = new Map(rows.map((row) => [row.month, row.users]));
  const points = months(rows.map((row) => row.month)).map((month) => ({ label: monthLabel(month), value: byMonth.get(month) ?? 0 }));
  const peak = points.reduce((best, p) => (p.value > best.value ? p : best), points[0] ?? { value: 0, label: '' });
  return barChart({
    title: 'People using AI per month',
    summary: points.length
      ? `Bar chart of people seen using AI per month from ${points[0].label} to ${points[points.length - 1].label}: highest ${count(peak.value)} in ${peak.label}, ${count(points[points.length - 1].value)} in the latest month.`
      : '',
    points,
    xLabel: 'Month',
    yLabel: 'People',
    format: count,
    tickFormat: (v) => count(Math.round(v)),
    series: 'c',
  });
}

function undatedNote(undated) {
  return undated ? h('p', { class: 'note' }, `Counted by the dates in the evidence (a charge's date). ${counted(undated, 'more person is', 'more people are')} seen only in OAuth grants and licences, which carry no date of use, so no month is given to them.`) : null;
}

function exposures(rows) {
  return dataTable({
    caption: 'AI systems whose OAuth grants expose the most data',
    columns: [{ label: 'AI system' }, { label: 'Vendor' }, { label: 'Exposure' }, { label: 'People who granted it', className: 'num' }],
    rows: rows.map((row) => [systemLink(row.id, row.product), row.vendor, levelBadge(row.level, 'exposure'), count(row.users)]),
    rowHeader: true,
    empty: 'No OAuth grants with rated data exposure yet.',
  });
}

export async function render({ signal }) {
  const data = await api('/api/dashboard', { signal });
  return h(
    'div',
    { class: 'page' },
    pageHeader('Dashboard', `${counted(data.total ?? 0, 'AI system', 'AI systems')} in the inventory.`),
    section('Review progress', headline(data)),
    section('AI systems by status', statusCards(data.byStatus ?? {})),
    h(
      'div',
      { class: 'grid grid--2' },
      section('By category', barList({ label: 'AI systems by category', items: ranked(data.byCategory, CATEGORIES), format: count })),
      section('By source', barList({ label: 'AI systems by evidence source', items: ranked(data.bySource, SOURCES), format: count })),
    ),
    section('New this week', newThisWeek(data.newThisWeek ?? [], data.recentlyFirstSeen ?? [])),
    section('Open AI incidents', openIncidents(data.openIncidents ?? [])),
    section('AI spend per month', ...spendCharts(data.spendByMonth ?? [])),
    section('People using AI per month', usersChart(data.usersByMonth ?? []), undatedNote(data.undatedPeople)),
    section('Top data exposures', exposures(data.topExposures ?? [])),
  );
}
