/**
 * One AI incident: what happened, the investigation, the corrective action, the escalation to the
 * vendor and any report to an authority, and its history. Closing needs the corrective action.
 */
import { api, path } from '../api.js';
import { h, systemLink } from '../dom.js';
import { dateText, time } from '../format.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { changed, read, selectField, textArea, textChange, textField, whileBusy } from '../components/form.js';
import { historyTable } from '../components/history.js';
import { note, pageHeader, section } from '../components/page.js';
import { INCIDENT_KINDS, INCIDENT_STATUSES, label, SEVERITIES } from '../vocab.js';
import { incidentBadge } from './system.js';

function pairs(incident) {
  return h(
    'dl',
    { class: 'pairs' },
    [
      ['AI system', systemLink(incident.system.id, incident.system.product)],
      ['Kind', label(INCIDENT_KINDS, incident.kind)],
      ['Severity', label(SEVERITIES, incident.severity)],
      ['Occurred on', dateText(incident.occurredOn)],
      ['What happened', incident.description],
      ['Investigation', incident.investigation ?? '—'],
      ['Corrective action', incident.correctiveAction ?? '—'],
      ['Escalation to the vendor', incident.vendorEscalation ?? '—'],
      ['Escalated on', dateText(incident.escalatedOn)],
      ['Notification to an authority', incident.authorityNotification ?? '—'],
      ['Opened', [time(incident.openedAt), ` by ${incident.openedBy}`]],
      ['Closed', time(incident.closedAt)],
    ].map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]),
  );
}

function updateForm(incident, signal, onSaved) {
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Save');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'Status', name: 'status', value: incident.status, options: Object.entries(INCIDENT_STATUSES), hint: 'Closing needs the corrective action.' }),
      selectField({ label: 'Severity', name: 'severity', value: incident.severity, options: Object.entries(SEVERITIES) }),
      textField({ label: 'Escalated to the vendor on', name: 'escalatedOn', type: 'date', value: incident.escalatedOn }),
    ),
    textArea({ label: 'Investigation', name: 'investigation', value: incident.investigation, hint: 'What was found: the cause, who and what was affected.' }),
    textArea({ label: 'Corrective action', name: 'correctiveAction', value: incident.correctiveAction, hint: 'What was done to correct it and keep it from happening again (clause 10.2).' }),
    textArea({ label: 'Escalation to the vendor', name: 'vendorEscalation', value: incident.vendorEscalation, rows: 2, hint: 'What the vendor was told and answered, with its reference.' }),
    textArea({ label: 'Notification to an authority', name: 'authorityNotification', value: incident.authorityNotification, rows: 2, hint: 'Only if one was made (EU AI Act Art. 73, 26(5)).' }),
    textArea({ label: 'Note (why)', name: 'note', rows: 2, hint: 'Recorded with every change in the audit trail.' }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = changed({
      status: read(form, 'status') === incident.status ? undefined : read(form, 'status'),
      severity: read(form, 'severity') === incident.severity ? undefined : read(form, 'severity'),
      escalatedOn: textChange(form, 'escalatedOn', incident.escalatedOn),
      investigation: textChange(form, 'investigation', incident.investigation),
      correctiveAction: textChange(form, 'correctiveAction', incident.correctiveAction),
      vendorEscalation: textChange(form, 'vendorEscalation', incident.vendorEscalation),
      authorityNotification: textChange(form, 'authorityNotification', incident.authorityNotification),
    });
    if (Object.keys(body).length === 0) {
      announce('Nothing changed: the form says what is already recorded.');
      return;
    }
    if (read(form, 'note')) body.note = read(form, 'note');
    await whileBusy(submit, async () => {
      try {
        const result = await api(path('/api/incidents', incident.reference), { method: 'PATCH', body, signal });
        await onSaved();
        announce(`${incident.reference} saved: ${result.changes.length} ${result.changes.length === 1 ? 'change' : 'changes'}`);
      } catch (error) {
        reportError(error);
      }
    });
  });
  return form;
}

export async function render({ params, signal, setTitle }) {
  const root = h('div', { class: 'page' });
  const load = async () => {
    const incident = await api(path('/api/incidents', params.id), { signal });
    setTitle(`${incident.reference} ${incident.title}`);
    root.replaceChildren(
      pageHeader(`${incident.reference}: ${incident.title}`, `${incident.system.product} · `, incidentBadge(incident.status)),
      section('The incident', pairs(incident)),
      section('Investigate and correct', can('review') ? updateForm(incident, signal, load) : note(`Only the ${rolesFor('review')} role records incidents.`)),
      section('History', historyTable(incident.history ?? [])),
    );
  };
  await load();
  return root;
}
