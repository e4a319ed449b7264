/** Every AI incident, open ones first: what happened and what was done about it (clause 10.2). */
import { api } from '../api.js';
import { h, systemLink } from '../dom.js';
import { counted, dateText } from '../format.js';
import { pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { INCIDENT_KINDS, label, SEVERITIES } from '../vocab.js';
import { incidentBadge } from './system.js';

export function incidentHref(reference) {
  return `/incidents/${encodeURIComponent(reference)}`;
}

export async function render({ signal }) {
  const { items } = await api('/api/incidents', { signal });
  const open = items.filter((i) => i.status !== 'closed');
  const closed = items.filter((i) => i.status === 'closed');
  const table = (caption, rows, empty) =>
    dataTable({
      caption,
      columns: [{ label: 'Incident' }, { label: 'AI system' }, { label: 'What happened' }, { label: 'Kind' }, { label: 'Severity' }, { label: 'Status' }, { label: 'Corrective action' }, { label: 'Opened' }],
      rows: rows.map((i) => [h('a', { href: incidentHref(i.reference) }, i.reference), systemLink(i.system.id, i.system.product), i.title, label(INCIDENT_KINDS, i.kind), label(SEVERITIES, i.severity), incidentBadge(i.status), i.correctiveAction ?? '—', dateText(i.openedAt)]),
      rowHeader: true,
      empty,
    });
  return h(
    'div',
    { class: 'page' },
    pageHeader('AI incidents', `${counted(open.length, 'incident is', 'incidents are')} open. Open one from the AI system's page.`),
    section('Open', table('Open incidents', open, 'No open incidents.')),
    section('Closed', table('Closed incidents', closed, 'None closed yet.')),
  );
}
