/**
 * Connections (SaaS tenants, GitHub organisations, expense files) and their scans. Secrets are
 * described ("env:VAR", "stored encrypted"), never shown; admins add connections through forms
 * generated from each connector's schema, test them permission by permission, scan and remove
 * them, and upload files for import.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { DASH, time } from '../format.js';
import { can } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog } from '../components/dialog.js';
import { whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CONNECTION_KINDS, label } from '../vocab.js';
import { connectionForm } from './connection-form.js';
import { testPanel } from './connection-test.js';
import { scansPanel } from './scans.js';
import { uploadForm } from './upload-form.js';

/** Options by their labels where the connector names them ("Tenant ID: contoso…"). */
function pairsList(object, labels) {
  const entries = Object.entries(object ?? {});
  if (entries.length === 0) return DASH;
  return h(
    'ul',
    { class: 'compact' },
    entries.map(([name, value]) => h('li', {}, labels?.get(name) ?? h('code', {}, name), ': ', typeof value === 'string' ? value : JSON.stringify(value))),
  );
}

function lastScan(scan) {
  if (!scan) return 'never';
  return [stateBadge(scan.status), ' ', time(scan.startedAt)];
}

export async function render({ signal }) {
  const admin = can('administer');
  const list = h('div');
  const scans = scansPanel({ signal, onFinished: () => loadConnections().catch(reportError) });
  const tests = testPanel({ signal });
  let connections = [];
  const [described, imports] = await Promise.all([api('/api/connectors', { signal }), admin ? api('/api/imports', { signal }) : null]);
  const optionLabels = new Map(described.items.map((connector) => [connector.kind, new Map(connector.fields.map((field) => [field.name, field.label]))]));

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
    const test = h('button', { type: 'button', class: 'button button--small', 'aria-label': `Test ${connection.name}` }, 'Test');
    test.addEventListener('click', () => whileBusy(test, () => tests.run(connection)));
    const drop = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove ${connection.name}`, onclick: () => remove(connection) }, 'Remove');
    return h('div', { class: 'row-actions' }, scan, test, drop);
  }

  async function loadConnections() {
    const { items } = await api('/api/connections', { signal });
    connections = items;
    const columns = [{ label: 'Name' }, { label: 'Kind' }, { label: 'Options' }, { label: 'Secrets' }, { label: 'Created' }, { label: 'Last scan' }];
    list.replaceChildren(
      dataTable({
        caption: 'Connections',
        captionHidden: true,
        columns: admin ? [...columns, { label: 'Actions' }] : columns,
        rows: items.map((c) => {
          const labels = optionLabels.get(c.kind);
          const cells = [c.name, label(CONNECTION_KINDS, c.kind), pairsList(c.options, labels), pairsList(c.secrets, labels), time(c.createdAt), lastScan(c.lastScan)];
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
    admin ? null : note('Only the admin role adds, tests, scans and removes connections, and imports files.'),
    section('Configured connections', list),
    tests.element,
    admin ? section('Add a connection', connectionForm({ connectors: described.items, secretStorage: described.secretStorage, signal, onAdded: loadConnections })) : null,
    admin
      ? section(
          'Import a file',
          h('p', { class: 'hint' }, 'Card and expense exports, offline Entra and Google exports, AI vendors’ seat lists and proxy logs: the same imports as unshadow import on the server.'),
          uploadForm({ imports: imports.items, maxBytes: imports.maxBytes, connections: () => connections, signal, onImported: () => Promise.all([loadConnections(), scans.refresh()]) }),
        )
      : null,
    section('Scans', scans.element),
  );
}
