/**
 * One vendor: its AI systems, its due diligence (Annex A.10.3) as a form for the compliance
 * role, and the history of every answer. An emptied field clears the recorded answer.
 */
import { api, path } from '../api.js';
import { h, systemLink } from '../dom.js';
import { dateText } from '../format.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge, statusBadge } from '../components/badge.js';
import { booleanChange, changed, checkboxGroup, listChange, read, readChecked, selectField, textArea, textChange, textField, whileBusy } from '../components/form.js';
import { historyTable } from '../components/history.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CERTIFICATIONS, label } from '../vocab.js';
import { DILIGENCE_STATES } from './vendors.js';

const YES_NO = [['', 'Not recorded'], ['yes', 'Yes'], ['no', 'No']];
const yesNo = (value) => (value === undefined ? '' : value ? 'yes' : 'no');

/** "Title = reference" per line, as people type a list of documents. */
function parseDocuments(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at > 0 ? { title: line.slice(0, at).trim(), reference: line.slice(at + 1).trim() } : { title: line, reference: line };
    });
}

function diligenceForm(vendor, signal, onSaved) {
  const d = vendor.diligence;
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Save due diligence');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'Data processing agreement signed', name: 'dpa', value: yesNo(d.dataProcessingAgreement), options: YES_NO }),
      selectField({ label: 'Trains on customer data', name: 'trains', value: yesNo(d.trainsOnCustomerData), options: YES_NO }),
      selectField({ label: 'Model documentation received', name: 'modelDocumentation', value: yesNo(d.modelDocumentation), options: YES_NO }),
      textField({ label: 'Data residency', name: 'dataResidency', value: d.dataResidency, hint: 'Where it stores and processes the data, e.g. EU (Frankfurt).' }),
      textField({ label: 'Incident notification', name: 'incidentNotification', value: d.incidentNotification, hint: 'The contract\'s terms, e.g. within 72 hours.' }),
      textField({ label: 'Owner', name: 'owner', value: d.owner, hint: 'Who owns the relationship and this review.' }),
      textField({ label: 'Reviewed on', name: 'reviewedOn', type: 'date', value: d.reviewedOn }),
      textField({ label: 'Next review due', name: 'nextReviewOn', type: 'date', value: d.nextReviewOn, hint: 'A year after the last review when left empty.' }),
    ),
    checkboxGroup({ legend: 'Certifications', name: 'certifications', options: Object.entries(CERTIFICATIONS), checked: d.certifications ?? [] }),
    textArea({ label: 'Subprocessors', name: 'subprocessors', value: (d.subprocessors ?? []).join('\n'), hint: 'One per line.' }),
    textArea({ label: 'Documents', name: 'documents', value: (d.documents ?? []).map((doc) => `${doc.title} = ${doc.reference}`).join('\n'), hint: 'One per line: title = where it is (a file path, a link, a contract id).' }),
    textArea({ label: 'Note (why)', name: 'note', rows: 2, hint: 'Recorded with every change in the audit trail.' }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const certifications = readChecked(form, 'certifications');
    const documents = parseDocuments(read(form, 'documents'));
    const recordedDocs = (d.documents ?? []).map((doc) => `${doc.title}=${doc.reference}`).join('\n');
    const body = changed({
      dataProcessingAgreement: booleanChange(form, 'dpa', d.dataProcessingAgreement),
      trainsOnCustomerData: booleanChange(form, 'trains', d.trainsOnCustomerData),
      modelDocumentation: booleanChange(form, 'modelDocumentation', d.modelDocumentation),
      dataResidency: textChange(form, 'dataResidency', d.dataResidency),
      incidentNotification: textChange(form, 'incidentNotification', d.incidentNotification),
      owner: textChange(form, 'owner', d.owner),
      reviewedOn: textChange(form, 'reviewedOn', d.reviewedOn),
      nextReviewOn: textChange(form, 'nextReviewOn', d.nextReviewOn),
      certifications: certifications.join() === (d.certifications ?? []).join() ? undefined : certifications,
      subprocessors: listChange(form, 'subprocessors', d.subprocessors, { lines: true }),
      documents: documents.map((doc) => `${doc.title}=${doc.reference}`).join('\n') === recordedDocs ? undefined : documents,
    });
    if (Object.keys(body).length === 0) {
      announce('Nothing changed: the form says what is already recorded.');
      return;
    }
    if (read(form, 'note')) body.note = read(form, 'note');
    await whileBusy(submit, async () => {
      try {
        const result = await api(path('/api/vendors', vendor.name), { method: 'PUT', body, signal });
        await onSaved();
        announce(`Due diligence of ${vendor.name} saved: ${result.changes.length} ${result.changes.length === 1 ? 'change' : 'changes'}`);
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
    const vendor = await api(path('/api/vendors', params.name), { signal });
    setTitle(vendor.name);
    root.replaceChildren(
      pageHeader(vendor.name, 'Vendor due diligence (ISO/IEC 42001 Annex A.10.3) · ', stateBadge(vendor.state, DILIGENCE_STATES[vendor.state]), vendor.reviewDue ? ` · next review ${dateText(vendor.reviewDue)}` : ''),
      vendor.state === 'overdue' ? h('p', { class: 'reminder', role: 'note' }, `The review was due on ${dateText(vendor.reviewDue)}: review the vendor again and record the date.`) : null,
      section(
        'AI systems',
        dataTable({ caption: `AI systems from ${vendor.name}`, columns: [{ label: 'AI system' }, { label: 'Status' }], rows: vendor.systems.map((s) => [systemLink(s.id, s.product), statusBadge(s.status)]), rowHeader: true }),
      ),
      section('Due diligence', can('review') ? diligenceForm(vendor, signal, load) : note(`Only the ${rolesFor('review')} role records due diligence.`)),
      section('History', historyTable(vendor.history ?? [])),
    );
  };
  await load();
  return root;
}
