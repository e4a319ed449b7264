/**
 * The organisation and its AI management system, recorded once: who it is, the context its AIMS
 * rests on (clause 4.1 issues, 4.2 interested parties), the boundaries, interfaces and
 * dependencies of its scope (4.3), the documents' owner, and how each Annex A control is
 * implemented. Every answer is audited; an emptied field clears it.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { counted, dateText } from '../format.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { openDialog } from '../components/dialog.js';
import { changed, listChange, read, selectField, textArea, textChange, textField, whileBusy } from '../components/form.js';
import { historyTable } from '../components/history.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { IMPLEMENTATION, label } from '../vocab.js';

const TEXT_FIELDS = ['name', 'legalName', 'description', 'sector', 'location', 'website', 'documentOwner', 'classification', 'scopeBoundaries', 'scopeInterfaces', 'scopeDependencies'];

/** "Customers: no customer data in unreviewed AI" per line. */
function parseParties(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(':');
      return at > 0 ? { party: line.slice(0, at).trim(), requirements: line.slice(at + 1).trim() } : { party: line, requirements: 'not recorded' };
    });
}
const partiesText = (parties) => (parties ?? []).map((p) => `${p.party}: ${p.requirements}`).join('\n');

function organisationForm(record, signal, onSaved) {
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Save the organisation record');
  const form = h(
    'form',
    { class: 'form' },
    h('h3', {}, 'The organisation'),
    h(
      'div',
      { class: 'form-grid' },
      textField({ label: 'Name', name: 'name', value: record.name, hint: 'Printed on every document and the BOM.' }),
      textField({ label: 'Legal name', name: 'legalName', value: record.legalName }),
      textField({ label: 'Sector', name: 'sector', value: record.sector }),
      textField({ label: 'Location', name: 'location', value: record.location }),
      textField({ label: 'Website', name: 'website', value: record.website }),
      textField({ label: 'Document owner', name: 'documentOwner', value: record.documentOwner, hint: 'Named in the control block of every document.' }),
      textField({ label: 'Classification', name: 'classification', value: record.classification, hint: 'e.g. Internal, Confidential.' }),
    ),
    textArea({ label: 'What the organisation does', name: 'description', value: record.description, rows: 2 }),
    h('h3', {}, 'Context (clauses 4.1 and 4.2)'),
    textArea({ label: 'Internal issues', name: 'internalIssues', value: (record.internalIssues ?? []).join('\n'), hint: 'One per line: what inside the organisation affects what the AIMS can achieve.' }),
    textArea({ label: 'External issues', name: 'externalIssues', value: (record.externalIssues ?? []).join('\n'), hint: 'One per line: law and regulation, market, society, climate change.' }),
    textArea({ label: 'Interested parties and their requirements', name: 'interestedParties', value: partiesText(record.interestedParties), rows: 4, hint: 'One per line: party: what it requires.' }),
    h('h3', {}, 'Scope (clause 4.3)'),
    textArea({ label: 'Boundaries', name: 'scopeBoundaries', value: record.scopeBoundaries, rows: 2, hint: 'Which units, sites and activities the AIMS covers.' }),
    textArea({ label: 'Interfaces', name: 'scopeInterfaces', value: record.scopeInterfaces, rows: 2, hint: 'Where the AIMS meets what it does not cover: group functions, suppliers, customers.' }),
    textArea({ label: 'Dependencies', name: 'scopeDependencies', value: record.scopeDependencies, rows: 2, hint: 'What it depends on that others provide: cloud, AI vendors, shared services.' }),
    textArea({ label: 'Note (why)', name: 'note', rows: 2, hint: 'Recorded with every change in the audit trail.' }),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const parties = parseParties(read(form, 'interestedParties'));
    const body = changed({
      ...Object.fromEntries(TEXT_FIELDS.map((name) => [name, textChange(form, name, record[name])])),
      internalIssues: listChange(form, 'internalIssues', record.internalIssues, { lines: true }),
      externalIssues: listChange(form, 'externalIssues', record.externalIssues, { lines: true }),
      interestedParties: partiesText(parties) === partiesText(record.interestedParties) ? undefined : parties,
    });
    if (Object.keys(body).length === 0) {
      announce('Nothing changed: the form says what is already recorded.');
      return;
    }
    if (read(form, 'note')) body.note = read(form, 'note');
    await whileBusy(submit, async () => {
      try {
        const result = await api('/api/organisation', { method: 'PUT', body, signal });
        await onSaved();
        announce(`Organisation record saved: ${result.changes.length} ${result.changes.length === 1 ? 'change' : 'changes'}`);
      } catch (error) {
        reportError(error);
      }
    });
  });
  return form;
}

const WHO = { organisation: 'Organisation', per_system: 'Each AI system', process: 'Process' };

function editControl(control, signal, onSaved) {
  const record = control.record ?? {};
  const statusRecordable = control.kind !== 'per_system';
  const statuses = Object.entries(IMPLEMENTATION).filter(([status]) => status !== 'partially_implemented' && (status !== 'not_applicable' || control.kind === 'organisation'));
  return openDialog({
    title: `${control.id} ${control.title}`,
    className: 'dialog--wide',
    content: (close) => {
      const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Save');
      const form = h(
        'form',
        { class: 'form' },
        statusRecordable ? null : h('p', { class: 'note' }, 'Its status comes from the AI system reviews; record who owns it and where the evidence is.'),
        h(
          'div',
          { class: 'form-grid' },
          statusRecordable ? selectField({ label: 'Implementation status', name: 'status', value: record.status ?? '', options: [['', 'Not recorded'], ...statuses] }) : null,
          textField({ label: 'Owner', name: 'owner', value: record.owner }),
          textField({ label: 'Reviewed on', name: 'reviewedOn', type: 'date', value: record.reviewedOn }),
          textField({ label: 'Next review due', name: 'nextReviewOn', type: 'date', value: record.nextReviewOn }),
        ),
        textArea({ label: 'How it is implemented', name: 'implementation', value: record.implementation, rows: 2 }),
        textArea({ label: 'Evidence', name: 'evidence', value: record.evidence, rows: 2, hint: 'Where it is: a policy id and version, a procedure, a link.' }),
        control.kind === 'organisation' ? textArea({ label: 'Justification for excluding it', name: 'justification', value: record.justification, rows: 2, hint: 'Needed when the status is "Not applicable".' }) : null,
        textArea({ label: 'Note (why)', name: 'note', rows: 2 }),
        h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'button', onclick: () => close(null) }, 'Cancel')),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const body = changed({
          status: statusRecordable ? textChange(form, 'status', record.status) : undefined,
          owner: textChange(form, 'owner', record.owner),
          reviewedOn: textChange(form, 'reviewedOn', record.reviewedOn),
          nextReviewOn: textChange(form, 'nextReviewOn', record.nextReviewOn),
          implementation: textChange(form, 'implementation', record.implementation),
          evidence: textChange(form, 'evidence', record.evidence),
          justification: control.kind === 'organisation' ? textChange(form, 'justification', record.justification) : undefined,
        });
        if (Object.keys(body).length === 0) return close(null);
        if (read(form, 'note')) body.note = read(form, 'note');
        await whileBusy(submit, async () => {
          try {
            await api(path('/api/controls', control.id), { method: 'PUT', body, signal });
            close(true);
            await onSaved();
            announce(`${control.id} saved`);
          } catch (error) {
            reportError(error);
          }
        });
      });
      return form;
    },
  });
}

function controlsTable(controls, signal, reload) {
  const editable = can('review');
  return dataTable({
    caption: 'ISO/IEC 42001 Annex A controls: how each is implemented',
    columns: [{ label: 'Control' }, { label: 'Title' }, { label: 'Implemented by' }, { label: 'Applicable' }, { label: 'Status' }, { label: 'Owner' }, { label: 'Evidence' }, { label: 'Next review' }, ...(editable ? [{ label: 'Record' }] : [])],
    rows: controls.map((c) => [
      c.id,
      c.title,
      WHO[c.kind],
      c.soa.applicable ? 'Yes' : 'No',
      stateBadge(c.soa.implementation, label(IMPLEMENTATION, c.soa.implementation)),
      c.soa.owner ?? '—',
      c.soa.evidence ?? '—',
      dateText(c.soa.nextReviewOn),
      ...(editable ? [h('button', { type: 'button', class: 'button button--small', 'aria-label': `Record ${c.id} ${c.title}`, onclick: () => editControl(c, signal, reload) }, 'Record')] : []),
    ]),
    rowHeader: true,
  });
}

export async function render({ signal }) {
  const root = h('div', { class: 'page' });
  const load = async () => {
    const [{ record, history }, { items: controls }] = await Promise.all([api('/api/organisation', { signal }), api('/api/controls', { signal })]);
    const today = new Date().toISOString().slice(0, 10);
    const overdue = controls.filter((c) => c.soa.nextReviewOn && c.soa.nextReviewOn < today);
    const organisationLevel = controls.filter((c) => c.kind === 'organisation');
    const open = organisationLevel.filter((c) => c.soa.applicable && c.soa.implementation !== 'implemented');
    root.replaceChildren(
      pageHeader('Organisation and AI management system', record.name ? `${record.name}: ` : '', 'recorded once for every document. ', h('a', { href: '/documents/scope' }, 'Read the scope statement'), ' or ', h('a', { href: '/documents/soa' }, 'the statement of applicability'), '.'),
      section('The organisation and its context', can('review') ? organisationForm(record, signal, load) : note(`Only the ${rolesFor('review')} role records the organisation.`)),
      section(
        'Annex A controls',
        h('p', {}, open.length ? `${counted(open.length, 'organisation-level control (A.2–A.4) is', 'organisation-level controls (A.2–A.4) are')} still open: ${open.map((c) => c.id).join(', ')}.` : 'Every organisation-level control (A.2–A.4) is implemented or excluded with a justification.'),
        overdue.length ? h('p', { class: 'reminder', role: 'note' }, `Review past due: ${overdue.map((c) => `${c.id} (due ${dateText(c.soa.nextReviewOn)})`).join(', ')}.`) : null,
        controlsTable(controls, signal, load),
      ),
      section('History of the organisation record', historyTable(history ?? [])),
    );
  };
  await load();
  return root;
}
