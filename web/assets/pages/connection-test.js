/**
 * A connection's test in the console (POST /api/connections/{name}/test): whether it can sign
 * in, and each permission the connector needs, granted, missing or not checked, with the fix
 * for every failure. File connections say which files a scan reads and whether they are there.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { announce, describeError } from '../status.js';
import { dataTable } from '../components/table.js';

const STATES = {
  granted: ['good', 'Granted'],
  missing: ['bad', 'Missing'],
  not_checked: ['muted', 'Not checked'],
};

function stateBadge(state) {
  const [tone, text] = STATES[state] ?? ['neutral', state];
  return h('span', { class: `badge badge--${tone}` }, text);
}

const checkBadge = (check) => h('span', { class: `badge badge--${check.ok ? 'good' : check.skipped ? 'muted' : 'bad'}` }, check.ok ? 'Passed' : check.skipped ? 'Not checked' : 'Failed');

/** "3 of 6 permissions granted, 1 missing": the answer before the table. */
function summary(name, report) {
  const counts = { granted: 0, missing: 0, not_checked: 0 };
  for (const p of report.permissions) counts[p.state] += 1;
  const failed = report.checks.filter((c) => !c.ok && !c.permission).length;
  if (report.permissions.length === 0) return report.ok ? `${name}: every check passed.` : `${name}: ${failed} of ${report.checks.length} checks failed.`;
  const parts = [`${counts.granted} of ${report.permissions.length} permissions granted`];
  if (counts.missing) parts.push(`${counts.missing} missing`);
  if (counts.not_checked) parts.push(`${counts.not_checked} not checked`);
  return `${name}: ${parts.join(', ')}${failed ? `; ${failed} other check${failed === 1 ? '' : 's'} failed` : ''}.`;
}

function report(name, result) {
  const access = result.checks.filter((check) => !check.permission);
  return [
    h('p', { class: result.ok ? 'lede' : 'lede error-text' }, summary(name, result)),
    access.length
      ? dataTable({
          caption: result.permissions.length ? 'Sign-in and access' : 'What a scan reads',
          columns: [{ label: 'Check' }, { label: 'Result' }, { label: 'Detail' }, { label: 'What to do' }],
          rowHeader: true,
          rows: access.map((check) => [check.name, checkBadge(check), check.detail ?? '', check.fix ?? '']),
        })
      : null,
    result.permissions.length
      ? dataTable({
          caption: 'Permissions',
          columns: [{ label: 'Permission' }, { label: 'Needed for' }, { label: 'State' }, { label: 'Detail' }, { label: 'What to do' }],
          rowHeader: true,
          className: 'permission-states',
          rows: result.permissions.map((p) => [h('code', {}, p.name), p.streams.join(', '), stateBadge(p.state), p.detail, p.fix ?? '']),
        })
      : null,
  ];
}

/** The panel a Test button fills; `run(connection)` tests one connection and shows the answer. */
export function testPanel({ signal }) {
  const body = h('div', { 'aria-live': 'polite' });
  const heading = h('h2', { tabindex: '-1' }, 'Test');
  const element = h('section', { class: 'panel test-panel', hidden: true, 'aria-label': 'Connection test' }, heading, body);

  async function run(connection) {
    element.hidden = false;
    heading.textContent = `Test of ${connection.name}`;
    body.replaceChildren(h('p', { class: 'loading' }, `Testing ${connection.name}: signing in and trying one request per permission…`));
    heading.focus();
    try {
      const result = await api(path('/api/connections', connection.name, 'test'), { method: 'POST', signal });
      body.replaceChildren(...report(connection.name, result));
      announce(summary(connection.name, result));
    } catch (error) {
      if (error?.name === 'AbortError') return;
      body.replaceChildren(h('p', { class: 'error-text' }, describeError(error)));
    }
  }
  return { element, run };
}
