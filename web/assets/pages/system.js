/**
 * One AI system: its facts, what unshadow suggests, what ISO/IEC 42001 still asks for, the
 * review form, the evidence behind it and the audit history of every decision.
 */
import { api, path } from '../api.js';
import { h, uid } from '../dom.js';
import { count, list, money, percent, time, value } from '../format.js';
import { can, rolesFor } from '../session.js';
import { statusBadge } from '../components/badge.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CATEGORIES, label, SOURCES } from '../vocab.js';
import { recordedReview, requirements, suggestions } from './system-assessment.js';
import { evidenceSections } from './system-evidence.js';
import { reviewForm } from './system-review-form.js';

function facts(system) {
  const sources = Object.entries(system.sources ?? {}).map(([kind, n]) => `${label(SOURCES, kind)}: ${count(n)}`);
  const spend = (system.spend ?? []).map((s) => `${money(s.monthlyAverage, s.currency)} a month`);
  return h(
    'dl',
    { class: 'facts' },
    [
      ['Vendor', system.vendor],
      ['Category', label(CATEGORIES, system.category)],
      ['Status', statusBadge(system.status)],
      ['Match confidence', percent(system.confidence)],
      ['People', count(system.users)],
      ['Evidence', list(sources)],
      ['Spend', list(spend)],
      ['First seen', time(system.firstSeen)],
      ['Last seen', time(system.lastSeen)],
      ['Catalog id', system.catalogId ?? 'not in the catalog'],
    ].map(([term, detail]) => h('div', { class: 'facts__item' }, h('dt', {}, term), h('dd', {}, detail))),
  );
}

/** Newest first; entries written in one change share a timestamp and keep their order. */
function history(entries) {
  const ordered = entries.map((entry, i) => ({ entry, i })).sort((a, b) => String(b.entry.at).localeCompare(String(a.entry.at)) || b.i - a.i);
  return dataTable({
    caption: 'Audit history',
    columns: [{ label: 'When' }, { label: 'Who' }, { label: 'Action' }, { label: 'Field' }, { label: 'Before' }, { label: 'After' }, { label: 'Why' }],
    rows: ordered.map(({ entry }) => [time(entry.at), entry.actor, entry.action, value(entry.field), value(entry.before), value(entry.after), value(entry.reason)]),
    rowHeader: true,
    empty: 'No changes recorded yet.',
  });
}

function reviewSection(data, signal, reload) {
  const headingId = uid('section');
  const heading = h('h2', { id: headingId, tabindex: '-1', class: 'review-heading' }, 'Review');
  const body = can('review')
    ? reviewForm({
        system: data.system,
        sheet: data.sheet,
        signal,
        onSaved: async () => {
          await reload();
          // The form was rebuilt: put focus back at its heading instead of losing it to the page.
          document.querySelector('.review-heading')?.focus();
        },
      })
    : note(`Only the ${rolesFor('review')} role records review decisions.`);
  return h('section', { class: 'panel', 'aria-labelledby': headingId }, heading, h('h3', {}, 'Recorded so far'), recordedReview(data.sheet?.entry ?? {}), can('review') ? h('h3', {}, 'Change the review') : null, body);
}

function view(data, signal, reload) {
  const system = data.system;
  return [
    pageHeader(system.product, `${system.vendor} · ${label(CATEGORIES, system.category)} · `, statusBadge(system.status)),
    section('Summary', facts(system)),
    section('Assessment', ...suggestions(data.sheet ?? {})),
    section('Requirements', ...requirements(data.sheet ?? {})),
    reviewSection(data, signal, reload),
    section('Evidence', ...evidenceSections(system)),
    section('History', history(system.history ?? [])),
  ];
}

export async function render({ params, signal, setTitle }) {
  const url = path('/api/systems', params.id);
  const root = h('div', { class: 'page system' });
  const load = async () => {
    const data = await api(url, { signal });
    setTitle(data.system.product);
    root.replaceChildren(...view(data, signal, load));
  };
  await load();
  return root;
}
