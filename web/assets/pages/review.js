/**
 * The review queue: what awaits a decision, highest triage priority first. Built for working
 * through it fast from the keyboard, with the same decisions as buttons on every row.
 */
import { api, path } from '../api.js';
import { h, systemHref } from '../dom.js';
import { count, counted, list } from '../format.js';
import { navigate } from '../router.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { levelBadge, statusBadge, tierBadge } from '../components/badge.js';
import { isDialogOpen, openDialog, textDialog } from '../components/dialog.js';
import { note, pageHeader } from '../components/page.js';
import { tableRow } from '../components/table.js';
import { CATEGORIES, label, ROLES } from '../vocab.js';

/**
 * Each decision: its key, the row button's visible text and accessible name, and what the
 * live region says afterwards.
 */
const DECISIONS = [
  { status: 'approved', key: 'a', text: 'Approve', name: (p) => `Approve ${p}`, done: 'approved' },
  { status: 'approved_with_conditions', key: 'c', text: 'With conditions', name: (p) => `Approve with conditions: ${p}`, done: 'approved with conditions', conditions: 'Approve with conditions' },
  { status: 'restricted', key: 'r', text: 'Restrict', name: (p) => `Restrict ${p}`, done: 'restricted', conditions: 'Restrict' },
  { status: 'prohibited', key: 'p', text: 'Prohibit', name: (p) => `Prohibit ${p}`, done: 'prohibited' },
  { status: 'not_ai', key: 'n', text: 'Not AI', name: (p) => `Mark ${p} not AI`, done: 'marked not AI' },
  { status: 'in_review', key: 'i', text: 'In review', name: (p) => `Mark ${p} in review`, done: 'marked in review' },
];

/** "In review" keeps a system waiting; every other decision takes it out of the queue. */
const STAYS_IN_QUEUE = new Set(['discovered', 'in_review']);

const SHORTCUTS = [
  ['j or ↓', 'Select the next AI system'],
  ['k or ↑', 'Select the previous AI system'],
  ['Enter or o', 'Open the selected AI system'],
  ['a', 'Approve'],
  ['c', 'Approve with conditions (asks for the conditions)'],
  ['r', 'Restrict (asks for the conditions)'],
  ['p', 'Prohibit'],
  ['n', 'Mark as not AI'],
  ['i', 'Mark as in review'],
  ['?', 'Show these shortcuts'],
];

const COLUMNS = [
  { label: 'Priority', className: 'num' },
  { label: 'AI system' },
  { label: 'Category' },
  { label: 'Status' },
  { label: 'People', className: 'num' },
  { label: 'Suggested roles' },
  { label: 'Why this priority' },
];

function isTyping(target) {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

function showShortcuts(reviewer) {
  const rows = reviewer ? SHORTCUTS : SHORTCUTS.filter(([key]) => !/^[acrpni]$/.test(key));
  return openDialog({
    title: 'Keyboard shortcuts',
    content: (close) => [
      h('dl', { class: 'shortcuts' }, rows.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)])),
      h('p', { class: 'hint' }, 'Shortcuts are ignored while you type in a field.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => close(null) }, 'Close')),
    ],
  });
}

function priorityCell(priority) {
  return [h('strong', { class: 'score' }, count(priority.score)), ' ', tierBadge(priority.tier), priority.needsUseContext ? h('span', { class: 'hint block' }, 'tier is a guess until the use context is recorded') : null];
}

function whyCell(item) {
  const reasons = item.priority.reasons ?? [];
  return [
    h('span', { class: 'badges' }, levelBadge(item.priority.exposure, 'exposure'), ' ', levelBadge(item.priority.reach, 'reach')),
    reasons.length ? h('details', { class: 'reasons' }, h('summary', {}, counted(reasons.length, 'reason', 'reasons')), h('ul', {}, reasons.map((reason) => h('li', {}, reason)))) : null,
  ];
}

export async function render({ signal }) {
  const { items } = await api('/api/review-queue', { signal });
  const reviewer = can('review');
  const columns = reviewer ? [...COLUMNS, { label: 'Decide' }] : COLUMNS;
  const rows = new Map();
  let selected = 0;
  const pending = new Set();

  const remaining = h('span');
  const describeRemaining = () => {
    remaining.textContent = `${counted(items.length, 'AI system awaits', 'AI systems await')} review, highest triage priority first.`;
  };
  describeRemaining();
  const tbody = h('tbody');
  const table = h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': 'queue-caption', tabindex: '0' },
    h(
      'table',
      { class: 'queue' },
      h('caption', { id: 'queue-caption' }, 'AI systems awaiting review'),
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className }, column.label)))),
      tbody,
    ),
  );
  const emptyNote = h('p', { class: 'empty', hidden: items.length > 0 }, 'Nothing awaits review. New AI systems appear here after the next scan.');

  function select(index, { scroll = true } = {}) {
    if (items.length === 0) return;
    selected = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => {
      const row = rows.get(item.id);
      row.classList.toggle('is-selected', i === selected);
      if (i === selected) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    });
    if (scroll) rows.get(items[selected].id).scrollIntoView({ block: 'nearest' });
  }

  function leaveQueue(item) {
    const row = rows.get(item.id);
    const hadFocus = row.contains(document.activeElement);
    const index = items.indexOf(item);
    items.splice(index, 1);
    rows.delete(item.id);
    row.remove();
    describeRemaining();
    if (items.length === 0) {
      table.hidden = true;
      emptyNote.hidden = false;
      if (hadFocus) document.querySelector('main h1')?.focus();
      return;
    }
    // A decided row leaves; the next one slides into its place and is selected. A row that
    // leaves above the selection (its answer came late) shifts the selection up with the rows.
    select(index < selected ? selected - 1 : index);
    if (hadFocus) rows.get(items[selected].id).querySelector('a')?.focus();
  }

  async function decide(item, decision) {
    if (pending.has(item.id)) return;
    let conditions;
    if (decision.conditions) {
      conditions = await textDialog({
        title: `Conditions for ${item.product}`,
        label: 'Conditions',
        hint: 'What users must or must not do, e.g. "no customer data". Recorded with the decision.',
        confirmLabel: decision.conditions,
      });
      if (conditions === null) return;
    }
    pending.add(item.id);
    const row = rows.get(item.id);
    // Buttons stay enabled (a disabled button drops focus); the pending set stops a second send.
    row.setAttribute('aria-busy', 'true');
    try {
      const result = await api(path('/api/systems', item.id, 'review'), { method: 'POST', body: conditions ? { status: decision.status, conditions } : { status: decision.status }, signal });
      const status = result?.status ?? decision.status;
      if (STAYS_IN_QUEUE.has(status)) {
        item.status = status;
        row.querySelector('.status-cell').replaceChildren(statusBadge(status));
      } else {
        leaveQueue(item);
      }
      announce(`${item.product} ${decision.done}`);
    } catch (error) {
      reportError(error);
    } finally {
      pending.delete(item.id);
      row.removeAttribute('aria-busy');
    }
  }

  function decisionButtons(item) {
    return h(
      'div',
      { class: 'row-actions' },
      DECISIONS.map((decision) =>
        h(
          'button',
          {
            type: 'button',
            class: `button button--small${decision.status === 'approved' ? ' button--primary' : ''}`,
            'aria-label': decision.name(item.product),
            onclick: () => decide(item, decision),
          },
          decision.text,
        ),
      ),
    );
  }

  items.forEach((item) => {
    const cells = [
      priorityCell(item.priority),
      [h('a', { href: systemHref(item.id) }, item.product), h('span', { class: 'muted block' }, item.vendor)],
      label(CATEGORIES, item.category),
      h('span', { class: 'status-cell' }, statusBadge(item.status)),
      count(item.users),
      list((item.suggestedRoles ?? []).map((role) => label(ROLES, role))),
      whyCell(item),
    ];
    if (reviewer) cells.push(decisionButtons(item));
    // The AI system's cell names the row for screen readers.
    const row = tableRow(cells, columns, 1);
    // Clicking or tabbing into a row selects it, so the keys act on the row the user is at.
    row.addEventListener('click', () => select(items.indexOf(item), { scroll: false }));
    row.addEventListener('focusin', () => select(items.indexOf(item), { scroll: false }));
    rows.set(item.id, row);
    tbody.append(row);
  });
  select(0, { scroll: false });
  table.hidden = items.length === 0;

  document.addEventListener(
    'keydown',
    (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isDialogOpen() || isTyping(event.target)) return;
      const item = items[selected];
      const key = event.key;
      if (key === '?') {
        event.preventDefault();
        showShortcuts(reviewer);
      } else if (key === 'j' || key === 'ArrowDown') {
        event.preventDefault();
        select(selected + 1);
      } else if (key === 'k' || key === 'ArrowUp') {
        event.preventDefault();
        select(selected - 1);
      } else if (key === 'o' || key === 'Enter') {
        // Enter on a focused link, button or disclosure keeps its own meaning.
        if (key === 'Enter' && event.target instanceof Element && event.target.closest('a, button, summary')) return;
        if (!item) return;
        event.preventDefault();
        navigate(systemHref(item.id));
      } else if (reviewer && item) {
        const decision = DECISIONS.find((d) => d.key === key);
        if (!decision) return;
        event.preventDefault();
        decide(item, decision);
      }
    },
    { signal },
  );

  const help = h(
    'p',
    { class: 'keys-help', id: 'queue-keys' },
    'Keys: ',
    h('kbd', {}, 'j'),
    '/',
    h('kbd', {}, 'k'),
    ' or arrows move, ',
    h('kbd', {}, 'Enter'),
    ' or ',
    h('kbd', {}, 'o'),
    ' opens',
    reviewer ? [', ', h('kbd', {}, 'a'), ' approve, ', h('kbd', {}, 'c'), ' with conditions, ', h('kbd', {}, 'r'), ' restrict, ', h('kbd', {}, 'p'), ' prohibit, ', h('kbd', {}, 'n'), ' not AI, ', h('kbd', {}, 'i'), ' in review'] : null,
    ', ',
    h('kbd', {}, '?'),
    ' lists them. ',
    h('button', { type: 'button', class: 'button button--small', onclick: () => showShortcuts(reviewer) }, 'Keyboard shortcuts'),
  );

  return h(
    'div',
    { class: 'page' },
    pageHeader('Review queue', remaining),
    reviewer ? null : note(`Only the ${rolesFor('review')} role records decisions; you can read the queue.`),
    help,
    table,
    emptyNote,
  );
}
