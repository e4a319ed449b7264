/**
 * One AI system, arranged for deciding: the decision form at the top beside what unshadow
 * suggests, then its incidents, facts, what ISO/IEC 42001 still asks for, the evidence, and the
 * audit history in words.
 */
import { api, path } from '../api.js';
import { h, uid } from '../dom.js';
import { count, dateText, list, money, percent, time } from '../format.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge, statusBadge } from '../components/badge.js';
import { read, selectField, textArea, textField, whileBusy } from '../components/form.js';
import { historyTable } from '../components/history.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CATEGORIES, INCIDENT_KINDS, INCIDENT_STATUSES, label, SEVERITIES, SOURCES } from '../vocab.js';
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
      ['Vendor', h('a', { href: `/vendors/${encodeURIComponent(system.vendor)}` }, system.vendor)],
      ['Category', label(CATEGORIES, system.category)],
      ['Status', statusBadge(system.status)],
      ['Match confidence', percent(system.confidence)],
      ['People', system.allUsers ? `all ${count(system.users)}` : count(system.users)],
      ['Evidence', list(sources)],
      ['Spend', list(spend)],
      ['First seen', time(system.firstSeen)],
      ['Last seen', time(system.lastSeen)],
      ['Catalog id', system.catalogId ?? 'not in the catalog'],
    ].map(([term, detail]) => h('div', { class: 'facts__item' }, h('dt', {}, term), h('dd', {}, detail))),
  );
}

export function incidentBadge(status) {
  return stateBadge(status, label(INCIDENT_STATUSES, status));
}

function incidentsTable(incidents) {
  return dataTable({
    caption: 'AI incidents',
    columns: [{ label: 'Incident' }, { label: 'What happened' }, { label: 'Kind' }, { label: 'Severity' }, { label: 'Status' }, { label: 'Corrective action' }, { label: 'Opened' }],
    rows: incidents.map((i) => [h('a', { href: `/incidents/${encodeURIComponent(i.reference)}` }, i.reference), i.title, label(INCIDENT_KINDS, i.kind), label(SEVERITIES, i.severity), incidentBadge(i.status), i.correctiveAction ?? '—', dateText(i.openedAt)]),
    rowHeader: true,
    empty: 'No incidents recorded for this AI system.',
  });
}

/** Opening an incident: what happened, how bad; the investigation follows on the incident's page. */
function incidentForm(system, signal, onOpened) {
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Open the incident');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      textField({ label: 'Title', name: 'title', required: true, maxlength: 300 }),
      selectField({ label: 'Kind', name: 'kind', options: Object.entries(INCIDENT_KINDS), value: 'wrong_output' }),
      selectField({ label: 'Severity', name: 'severity', options: Object.entries(SEVERITIES), value: 'medium' }),
      textField({ label: 'Occurred on', name: 'occurredOn', type: 'date' }),
    ),
    textArea({ label: 'What happened', name: 'description', required: true, hint: 'Who or what was affected, and how it came to light.' }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { title: read(form, 'title'), kind: read(form, 'kind'), severity: read(form, 'severity'), description: read(form, 'description') };
    if (read(form, 'occurredOn')) body.occurredOn = read(form, 'occurredOn');
    await whileBusy(submit, async () => {
      try {
        const incident = await api(path('/api/systems', system.id, 'incidents'), { method: 'POST', body, signal });
        announce(`${incident.reference} opened on ${system.product}`);
        await onOpened();
      } catch (error) {
        reportError(error);
      }
    });
  });
  return h('details', { class: 'disclosure' }, h('summary', {}, 'Open an incident'), form);
}

function decideSection(data, signal, reload) {
  const headingId = uid('section');
  const heading = h('h2', { id: headingId, tabindex: '-1', class: 'review-heading' }, 'Decision');
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
    : [note(`Only the ${rolesFor('review')} role records review decisions.`), recordedReview(data.sheet?.entry ?? {})];
  return h(
    'section',
    { class: 'panel decide', 'aria-labelledby': headingId },
    h('div', { class: 'decide__form' }, heading, body),
    h('aside', { class: 'decide__aside', 'aria-label': 'What unshadow suggests' }, h('h2', {}, 'Suggested'), ...suggestions(data.sheet ?? {})),
  );
}

function view(data, incidents, signal, reload) {
  const system = data.system;
  const open = incidents.filter((i) => i.status !== 'closed').length;
  return [
    pageHeader(system.product, `${system.vendor} · ${label(CATEGORIES, system.category)} · `, statusBadge(system.status), open ? [' ', stateBadge('open', `${open} open incident${open === 1 ? '' : 's'}`)] : null),
    decideSection(data, signal, reload),
    section('Incidents', incidentsTable(incidents), can('review') ? incidentForm(system, signal, reload) : null),
    section('Summary', facts(system)),
    section('Requirements', ...requirements(data.sheet ?? {})),
    section('Evidence', ...evidenceSections(system)),
    section('History', historyTable(system.history ?? [])),
  ];
}

export async function render({ params, signal, setTitle }) {
  const url = path('/api/systems', params.id);
  const root = h('div', { class: 'page system' });
  const load = async () => {
    const data = await api(url, { signal });
    const { items } = await api('/api/incidents', { query: { system: data.system.id }, signal });
    setTitle(data.system.product);
    root.replaceChildren(...view(data, items, signal, load));
  };
  await load();
  return root;
}
