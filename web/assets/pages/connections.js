/**
 * Connections (SaaS tenants, GitHub organisations, expense files) and their scans. Secrets are
 * described ("env:VAR", "stored encrypted"), never shown; admins add, scan and remove.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { DASH, time } from '../format.js';
import { can } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog } from '../components/dialog.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { keyValueRows } from '../components/keyvalue.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CONNECTION_KINDS, label } from '../vocab.js';
import { scansPanel } from './scans.js';

/** What each connector asks for (connectors/*), shown as a hint so nobody needs the README open. */
const KIND_HINTS = {
  microsoft365: { options: 'tenantId, clientId', secrets: 'clientSecret' },
  'google-workspace': { options: 'adminEmail', secrets: 'keyFile' },
  github: { options: 'org (and appId, installationId for a GitHub App)', secrets: 'token, or privateKey for a GitHub App' },
  synthetic: { options: 'records, pageSize, aiShare', secrets: 'token (only with url)' },
  expenses: { options: 'file, format, currency', secrets: 'none' },
};

function pairsList(object) {
  const entries = Object.entries(object ?? {});
  if (entries.length === 0) return DASH;
  return h(
    'ul',
    { class: 'compact' },
    entries.map(([name, value]) => h('li', {}, h('code', {}, name), ': ', typeof value === 'string' ? value : JSON.stringify(value))),
  );
}

function lastScan(scan) {
  if (!scan) return 'never';
  return [stateBadge(scan.status), ' ', time(scan.startedAt)];
}

function addForm({ signal, onAdded }) {
  const options = keyValueRows({ legend: 'Options', noun: 'Option', namePlaceholder: 'e.g. tenantId' });
  const secrets = keyValueRows({
    legend: 'Secrets',
    noun: 'Secret',
    secret: true,
    namePlaceholder: 'e.g. clientSecret',
    hint: 'The value itself: it is stored encrypted (the server needs UNSHADOW_SECRET_KEY) and never shown again. References to the server\'s environment or files are for the operator\'s CLI.',
  });
  const kindHint = h('p', { class: 'hint', id: 'connection-kind-hint' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Add connection');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'Kind', name: 'kind', options: Object.entries(CONNECTION_KINDS), 'aria-describedby': 'connection-kind-hint' }),
      textField({ label: 'Name', name: 'name', required: true, autocomplete: 'off', hint: 'How scans, schedules and alerts refer to it, e.g. acme-m365.' }),
    ),
    kindHint,
    options.element,
    secrets.element,
    h('div', { class: 'actions' }, submit),
  );
  const describeKind = () => {
    const hint = KIND_HINTS[read(form, 'kind')];
    kindHint.textContent = hint ? `Options: ${hint.options}. Secrets: ${hint.secrets}.` : '';
  };
  form.elements.namedItem('kind').addEventListener('change', describeKind);
  describeKind();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = read(form, 'name');
    const body = { kind: read(form, 'kind'), name, options: options.read(), secrets: secrets.read() };
    await whileBusy(submit, async () => {
      try {
        await api('/api/connections', { method: 'POST', body, signal });
        form.reset();
        options.reset();
        secrets.reset();
        describeKind();
        announce(`Connection ${name} added`);
        await onAdded();
      } catch (error) {
        reportError(error);
      }
    });
  });
  return form;
}

export async function render({ signal }) {
  const admin = can('administer');
  const list = h('div');
  const scans = scansPanel({ signal, onFinished: () => loadConnections().catch(reportError) });

  async function scanNow(connection, button) {
    await whileBusy(button, async () => {
      try {
        await api(path('/api/connections', connection.name, 'scans'), { method: 'POST', signal });
        announce(`Scan of ${connection.name} started`);
        await scans.refresh();
      } catch (error) {
        reportError(error);
      }
    });
  }

  async function remove(connection) {
    const sure = await confirmDialog({
      title: `Remove connection ${connection.name}?`,
      message: 'Its scans, schedules and observations are removed with it. AI systems keep their review history.',
      confirmLabel: 'Remove',
    });
    if (!sure) return;
    try {
      await api(path('/api/connections', connection.name), { method: 'DELETE', signal });
      announce(`Connection ${connection.name} removed`);
      await loadConnections();
      document.querySelector('main h1')?.focus();
    } catch (error) {
      reportError(error);
    }
  }

  function actions(connection) {
    const scan = h('button', { type: 'button', class: 'button button--small button--primary', 'aria-label': `Scan now: ${connection.name}` }, 'Scan now');
    scan.addEventListener('click', () => scanNow(connection, scan));
    const drop = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove ${connection.name}`, onclick: () => remove(connection) }, 'Remove');
    return h('div', { class: 'row-actions' }, scan, drop);
  }

  async function loadConnections() {
    const { items } = await api('/api/connections', { signal });
    const columns = [{ label: 'Name' }, { label: 'Kind' }, { label: 'Options' }, { label: 'Secrets' }, { label: 'Created' }, { label: 'Last scan' }];
    list.replaceChildren(
      dataTable({
        caption: 'Connections',
        captionHidden: true,
        columns: admin ? [...columns, { label: 'Actions' }] : columns,
        rows: items.map((c) => {
          const cells = [c.name, label(CONNECTION_KINDS, c.kind), pairsList(c.options), pairsList(c.secrets), time(c.createdAt), lastScan(c.lastScan)];
          return admin ? [...cells, actions(c)] : cells;
        }),
        rowHeader: true,
        empty: admin ? 'No connections yet. Add one below.' : 'No connections yet.',
      }),
    );
  }

  await Promise.all([loadConnections(), scans.refresh()]);
  return h(
    'div',
    { class: 'page' },
    pageHeader('Connections', 'Where unshadow looks for AI: SaaS tenants, code hosts and expense files.'),
    admin ? null : note('Only the admin role adds, scans and removes connections.'),
    section('Configured connections', list),
    admin ? section('Add a connection', addForm({ signal, onAdded: loadConnections })) : null,
    section('Scans', scans.element),
  );
}
