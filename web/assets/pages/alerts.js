/**
 * Alerts: the rules that pick events and where they go, what was delivered, and the events
 * themselves. The security role (and admin) adds, tests and removes rules.
 */
import { api, path } from '../api.js';
import { h, systemLink } from '../dom.js';
import { count, DASH, duration, list, percent, time } from '../format.js';
import { can } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog } from '../components/dialog.js';
import { selectField } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CATEGORIES, CHANNELS, EVENT_TYPES, label, RISK_TIERS, SOURCES } from '../vocab.js';
import { alertRuleForm } from './alert-rule-form.js';

function filterSummary(filter = {}) {
  const lines = [
    filter.types?.length ? `Types: ${list(filter.types.map((t) => label(EVENT_TYPES, t)))}` : null,
    typeof filter.minConfidence === 'number' ? `Confidence at least ${percent(filter.minConfidence)}` : null,
    typeof filter.minPriority === 'number' ? `Priority at least ${filter.minPriority}` : null,
    filter.minTier ? `Tier ${label(RISK_TIERS, filter.minTier)} or above` : null,
    filter.categories?.length ? `Categories: ${list(filter.categories.map((c) => label(CATEGORIES, c)))}` : null,
    filter.sources?.length ? `Sources: ${list(filter.sources.map((s) => label(SOURCES, s)))}` : null,
    filter.connections?.length ? `Connections: ${list(filter.connections)}` : null,
  ].filter(Boolean);
  return lines.length ? h('ul', { class: 'compact' }, lines.map((line) => h('li', {}, line))) : 'Every event';
}

function settings(rule) {
  const entries = [...Object.entries(rule.config ?? {}), ...Object.entries(rule.secrets ?? {})];
  if (entries.length === 0) return DASH;
  return h(
    'ul',
    { class: 'compact' },
    entries.map(([name, value]) => h('li', {}, h('code', {}, name), ': ', Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value))),
  );
}

function historyTable(items) {
  return dataTable({
    caption: 'Deliveries',
    captionHidden: true,
    columns: [{ label: 'Created' }, { label: 'Rule' }, { label: 'Channel' }, { label: 'Status' }, { label: 'Events', className: 'num' }, { label: 'Types' }, { label: 'AI systems' }, { label: 'Attempts', className: 'num' }, { label: 'Last error' }, { label: 'Finished' }],
    rows: items.map((d) => [
      time(d.createdAt),
      d.rule,
      label(CHANNELS, d.channel),
      [stateBadge(d.status), d.digest ? [' ', stateBadge('digest', typeof d.digest === 'string' ? `digest of ${d.digest}` : 'digest')] : null],
      count(d.events),
      list((d.types ?? []).map((t) => label(EVENT_TYPES, t))),
      list(d.systems),
      count(d.attempts),
      d.lastError ?? DASH,
      time(d.finishedAt),
    ]),
    rowHeader: true,
    empty: 'No deliveries yet.',
  });
}

function eventsTable(items) {
  return dataTable({
    caption: 'Events',
    captionHidden: true,
    columns: [{ label: 'When' }, { label: 'Type' }, { label: 'Summary' }, { label: 'AI system' }, { label: 'Connection' }],
    rows: items.map((e) => [time(e.at), label(EVENT_TYPES, e.type), e.summary ?? DASH, e.system?.id ? [systemLink(e.system.id, e.system.product), h('span', { class: 'muted block' }, e.system.vendor)] : DASH, e.connection?.name ?? DASH]),
    rowHeader: true,
    empty: 'No events yet. Scans emit them when they find something worth telling.',
  });
}

export async function render({ signal }) {
  const manager = can('alerts');
  const rulesList = h('div');
  const historyList = h('div');
  let historyRule = '';
  const ruleFilter = h('div', { class: 'filters' });

  async function loadHistory() {
    const { items } = await api('/api/alerts/history', { query: { rule: historyRule }, signal });
    historyList.replaceChildren(historyTable(items));
  }

  /** The history's rule picker lists the rules that exist now, keeping the current choice. */
  function renderRuleFilter(rules) {
    const field = selectField({ label: 'Show deliveries of', name: 'rule', value: historyRule, options: [['', 'All rules'], ...rules.map((r) => [r.name, r.name])] });
    field.querySelector('select').addEventListener('change', (event) => {
      historyRule = event.target.value;
      loadHistory().catch(reportError);
    });
    ruleFilter.replaceChildren(field);
  }

  async function testRule(rule, button) {
    button.disabled = true;
    try {
      // The server answers 200 either way; whether the receiver took it is in the body.
      const outcome = await api(path('/api/alerts/rules', rule.name, 'test'), { method: 'POST', signal });
      if (outcome?.delivered === false) reportError(new Error(`The test alert through ${rule.name} was not delivered: ${outcome.error ?? 'no reason given'}`));
      else announce(`Test alert delivered through ${rule.name}`);
    } catch (error) {
      reportError(error);
    } finally {
      button.disabled = false;
    }
  }

  async function removeRule(rule) {
    const sure = await confirmDialog({ title: `Remove alert rule ${rule.name}?`, message: 'No more alerts are sent through it. Its delivery history stays.', confirmLabel: 'Remove' });
    if (!sure) return;
    try {
      await api(path('/api/alerts/rules', rule.name), { method: 'DELETE', signal });
      announce(`Alert rule ${rule.name} removed`);
      if (historyRule === rule.name) historyRule = '';
      await loadRules();
      document.querySelector('main h1')?.focus();
    } catch (error) {
      reportError(error);
    }
  }

  function actions(rule) {
    const test = h('button', { type: 'button', class: 'button button--small', 'aria-label': `Test rule ${rule.name}` }, 'Test');
    test.addEventListener('click', () => testRule(rule, test));
    const drop = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove rule ${rule.name}`, onclick: () => removeRule(rule) }, 'Remove');
    return h('div', { class: 'row-actions' }, test, drop);
  }

  async function loadRules() {
    const { items } = await api('/api/alerts/rules', { signal });
    const columns = [{ label: 'Name' }, { label: 'Channel' }, { label: 'Selects' }, { label: 'Cooldown' }, { label: 'Digest' }, { label: 'Settings' }, { label: 'Created' }];
    rulesList.replaceChildren(
      dataTable({
        caption: 'Alert rules',
        captionHidden: true,
        columns: manager ? [...columns, { label: 'Actions' }] : columns,
        rows: items.map((rule) => {
          const cells = [
            rule.name,
            label(CHANNELS, rule.channel),
            filterSummary(rule.filter),
            duration(rule.cooldownSeconds),
            rule.digest ? 'Daily' : 'No',
            settings(rule),
            time(rule.createdAt),
          ];
          return manager ? [...cells, actions(rule)] : cells;
        }),
        rowHeader: true,
        empty: 'No alert rules yet.',
      }),
    );
    renderRuleFilter(items);
  }

  /** Connection names for the rule form; without them the form asks for names as text. */
  async function connectionNames() {
    try {
      return (await api('/api/connections', { signal })).items.map((c) => c.name);
    } catch {
      return null;
    }
  }

  const [, , events, names] = await Promise.all([loadRules(), loadHistory(), api('/api/alerts/events', { signal }), manager ? connectionNames() : null]);
  return h(
    'div',
    { class: 'page' },
    pageHeader('Alerts', 'Rules pick events (new AI systems, widened use, high-exposure grants…) and deliver them to Slack, Teams, a webhook, e-mail or a file.'),
    manager ? null : note('Only the security or admin role adds, tests and removes alert rules.'),
    section('Rules', rulesList),
    manager ? section('Add a rule', alertRuleForm({ connectionNames: names, signal, onAdded: loadRules })) : null,
    section('Delivery history', ruleFilter, historyList),
    section('Recent events', eventsTable(events.items ?? [])),
  );
}
