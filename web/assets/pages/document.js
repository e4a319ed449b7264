/**
 * A document for the audit as a page to read and print: the browser's print dialog saves it as a
 * PDF. The same model as every download (document control, summary, sections, approval block),
 * every value rendered as text. The compliance role approves the version it read.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { session, can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { openDialog } from '../components/dialog.js';
import { read, textField, whileBusy } from '../components/form.js';
import { note, pageHeader } from '../components/page.js';
import { DOCUMENTS, label } from '../vocab.js';

const FORMATS = [
  ['xlsx', 'Excel (XLSX)'],
  ['md', 'Markdown'],
  ['csv', 'CSV'],
  ['json-document', 'JSON'],
];

function controlRows(control) {
  const approval = control.approval;
  const approvalText = !approval
    ? `Not approved yet: version ${control.version} awaits approval.`
    : approval.current
      ? `Approved by ${approval.approvedBy} on ${approval.approvedOn} (this version, ${approval.version}).`
      : `Version ${control.version} is not approved: the last approval, by ${approval.approvedBy} on ${approval.approvedOn}, was of version ${approval.version}; the register has changed since.`;
  return [
    ['Document', `${control.title} (${control.identifier})`],
    ['Organisation', control.organisation],
    ['Version', control.version],
    ['Generated', `${control.generatedAt.replace('T', ' ').slice(0, 16)} UTC by ${control.generator}`],
    ['Owner', control.owner ?? 'not recorded (set the document owner in the organisation record)'],
    ['Classification', control.classification ?? 'not recorded'],
    ['Basis', control.basis],
    ['Approval', approvalText],
  ];
}

function table(t) {
  if (!t.rows.length) return h('p', { class: 'empty' }, 'None.');
  return h(
    'div',
    { class: 'table-wrap doc__table', role: 'region', 'aria-label': t.title, tabindex: '0' },
    h('table', {}, h('caption', { class: 'sr-only' }, t.title), h('thead', {}, h('tr', {}, t.columns.map((c) => h('th', { scope: 'col' }, c.label)))), h('tbody', {}, t.rows.map((row) => h('tr', {}, t.columns.map((c) => h('td', {}, row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]))))))),
  );
}

function documentView(doc) {
  const control = doc.document;
  const approval = control.approval?.current ? control.approval : null;
  return h(
    'article',
    { class: 'doc', 'aria-label': control.title },
    h('h1', { class: 'doc__title', tabindex: '-1' }, `${control.title} — ${control.organisation}`),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Document control', tabindex: '0' }, h('table', { class: 'doc__control' }, h('caption', {}, 'Document control'), h('tbody', {}, controlRows(control).map(([term, detail]) => h('tr', {}, h('th', { scope: 'row' }, term), h('td', {}, detail)))))),
    doc.summary.map((line) => h('p', {}, line)),
    doc.sections.map((s) =>
      h('section', { class: 'doc__section' }, h('h2', {}, s.heading), (s.paragraphs ?? []).map((p) => h('p', {}, p)), s.items?.length ? h('ul', {}, s.items.map((item) => h('li', {}, item))) : null, s.table ? table(s.table) : null),
    ),
    h(
      'section',
      { class: 'doc__section doc__approval' },
      h('h2', {}, 'Approval'),
      h(
        'div',
        { class: 'table-wrap', role: 'region', 'aria-label': 'Approval', tabindex: '0' },
        h(
          'table',
          {},
          h('caption', { class: 'sr-only' }, 'Approval'),
          h('thead', {}, h('tr', {}, ['Role', 'Name', 'Date', 'Signature'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            h('tr', {}, h('th', { scope: 'row' }, 'Prepared by'), h('td', {}, control.owner ?? ''), h('td', {}, control.generatedAt.slice(0, 10)), h('td', { class: 'signature' })),
            h('tr', {}, h('th', { scope: 'row' }, 'Approved by'), h('td', {}, approval?.approvedBy ?? ''), h('td', {}, approval?.approvedOn ?? ''), h('td', { class: 'signature' })),
          ),
        ),
      ),
    ),
  );
}

function approve(kind, control, signal, onApproved) {
  return openDialog({
    title: `Approve version ${control.version}`,
    content: (close) => {
      const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Approve this version');
      const form = h(
        'form',
        { class: 'form' },
        h('p', {}, `The approval names version ${control.version}: a later change to the register makes a new version, which needs its own approval.`),
        textField({ label: 'Approved by', name: 'approvedBy', value: session.principal?.name ?? '', required: true, hint: 'Name and role, e.g. Sam Lee, CEO.' }),
        textField({ label: 'Approved on', name: 'approvedOn', type: 'date', value: new Date().toISOString().slice(0, 10), required: true }),
        h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'button', onclick: () => close(null) }, 'Cancel')),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        await whileBusy(submit, async () => {
          try {
            await api(path('/api/documents', kind, 'approval'), { method: 'POST', body: { version: control.version, approvedBy: read(form, 'approvedBy'), approvedOn: read(form, 'approvedOn') }, signal });
            close(true);
            announce(`${control.title} version ${control.version} approved`);
            await onApproved();
          } catch (error) {
            reportError(error);
          }
        });
      });
      return form;
    },
  });
}

export async function render({ params, signal, setTitle }) {
  const kind = params.kind;
  setTitle(label(DOCUMENTS, kind));
  if (!can('export')) return h('div', { class: 'page' }, pageHeader(label(DOCUMENTS, kind)), note(`Reading the documents needs the ${rolesFor('export')} role.`));
  const root = h('div', { class: 'page page--document' });
  const load = async () => {
    const doc = await api(`/api/exports/${encodeURIComponent(kind)}`, { query: { format: 'json-document' }, signal });
    const print = h('button', { type: 'button', class: 'button button--primary', onclick: () => window.print() }, 'Print or save as PDF');
    root.replaceChildren(
      h(
        'div',
        { class: 'doc__toolbar no-print', role: 'toolbar', 'aria-label': 'Document' },
        print,
        FORMATS.map(([format, text]) => h('a', { class: 'button', href: `/api/exports/${encodeURIComponent(kind)}?format=${format}`, download: '' }, `Download ${text}`)),
        doc.document.approval?.current ? null : h('button', { type: 'button', class: 'button', onclick: () => approve(kind, doc.document, signal, load) }, 'Approve this version'),
      ),
      documentView(doc),
    );
  };
  await load();
  return root;
}
