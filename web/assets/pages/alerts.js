/**
 * Alerts: the rules that pick events and where they go, what was delivered, and the events
 * themselves. The security role (and admin) adds, tests and removes rules.
 */
import { api, path } from '../api.js';
import { h, systemLink } from '../dom.js';
import { count, DASH, list, percent, time } from '../format.js';
import { can } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog, openDialog } from '../components/dialog.js';
import { selectField, whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { CATEGORIES, CHANNELS, DELIVERY_STATUSES, EVENT_TYPES, label, RISK_TIERS, SOURCES } from '../vocab.js';
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

function systemsCell(delivery) {
  const linked = delivery.aiSystems ?? [];
  if (linked.length) return h('ul', { class: 'compact' }, linked.map((system) => h('li', {}, systemLink(system.id, system.product))));
  return list(delivery.systems);
}

function historyTable(items, showPayload) {
  return dataTable({
    caption: 'Deliveries',
    captionHidden: true,
    columns: [{ label: 'Created' }, { label: 'Rule' }, { label: 'Status' }, { label: 'Types' }, { label: 'AI systems' }, { label: 'Attempts', className: 'num' }, { label: 'Last error' }, { label: 'Payload' }],
    rows: items.map((d) => {
      const payload = h('button', { type: 'button', class: 'button button--small', 'aria-label': `Payload of the ${d.test ? 'test ' : ''}alert of ${d.rule} at ${new Date(d.createdAt).toLocaleString()}` }, 'Payload');
      payload.addEventListener('click', () => showPayload(d, payload));
      return [
        time(d.createdAt),
        [h('span', { class: 'block' }, d.rule), h('span', { class: 'muted' }, label(CHANNELS, d.channel))],
        [
          stateBadge(d.status, label(DELIVERY_STATUSES, d.status)),
          d.test ? [' ', stateBadge('test', 'Test')] : null,
          d.digest ? [' ', stateBadge('digest', typeof d.digest === 'string' ? `digest of ${d.digest}` : 'digest')] : null,
        ],
        list((d.types ?? []).map((t) => label(EVENT_TYPES, t))),
        systemsCell(d),
        count(d.attempts),
        d.lastError ?? DASH,
        payload,
      ];
    }),
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
  const linksNote = h('div');
  const historyList = h('div');
  let historyRule = '';
  const ruleFilter = h('div', { class: 'filters' });

  /** The JSON document a webhook receives for this alert (a test's made-up event too). */
  async function showPayload(delivery, button) {
    await whileBusy(button, async () => {
      try {
        const answer = await api(path('/api/alerts/history', delivery.id), { signal });
        await openDialog({
          title: `${delivery.test ? 'Test alert' : 'Alert'} of ${delivery.rule}`,
          content: (close) => [
            h('p', {}, 'What a webhook receives for this alert (signed, with its id as the Idempotency-Key).'),
            h('pre', { class: 'payload', tabindex: '0' }, JSON.stringify(answer.payload, null, 2)),
            h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => close(true) }, 'Close')),
          ],
        });
      } catch (error) {
        reportError(error);
      }
    });
  }

  async function loadHistory() {
    const { items } = await api('/api/alerts/history', { query: { rule: historyRule }, signal });
    historyList.replaceChildren(historyTable(items, showPayload));
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
      const links = outcome?.note ? ` ${outcome.note}` : '';
      if (outcome?.delivered === false) reportError(new Error(`The test alert through ${rule.name} was not delivered: ${outcome.error ?? 'no reason given'}.${links}`));
      else announce(`Test alert delivered through ${rule.name}; it is in the delivery history, marked as a test.${links}`);
      await loadHistory();
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
    const { items, links } = await api('/api/alerts/rules', { signal });
    linksNote.replaceChildren(...(links?.note ? [note(links.note)] : []));
    const columns = [{ label: 'Name' }, { label: 'Channel' }, { label: 'Selects' }, { label: 'Cooldown' }, { label: 'Digest' }, { label: 'Last fired' }, { label: 'Settings' }];
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
            rule.cooldown,
            rule.digest ? 'Daily' : 'No',
            rule.lastFired ? [time(rule.lastFired.at), ' ', stateBadge(rule.lastFired.status, label(DELIVERY_STATUSES, rule.lastFired.status))] : 'Never',
            settings(rule),
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
    section('Rules', linksNote, rulesList),
    manager ? section('Add a rule', alertRuleForm({ connectionNames: names, signal, onAdded: loadRules, linksNote: linksNote.textContent })) : null,
    section('Delivery history', ruleFilter, historyList),
    section('Recent events', eventsTable(events.items ?? [])),
  );
}
