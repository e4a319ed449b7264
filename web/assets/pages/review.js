/**
 * The review queue: what awaits a decision, highest triage priority first, dense enough to see a
 * screenful at once. Filter it, check rows for one decision on all of them, or work row by row
 * from the keyboard. Every decision asks for a note (and conditions where they are needed) and
 * can be undone until the next one.
 */
import { api, path } from '../api.js';
import { h, systemHref } from '../dom.js';
import { count, counted } from '../format.js';
import { navigate, replaceQuery } from '../router.js';
import { can, rolesFor } from '../session.js';
import { announce, reportError } from '../status.js';
import { statusBadge } from '../components/badge.js';
import { isDialogOpen, openDialog } from '../components/dialog.js';
import { selectField, textArea, textField } from '../components/form.js';
import { note, pageHeader } from '../components/page.js';
import { CATEGORIES, EXPOSURE_LEVELS, label, RISK_TIERS, SOURCES } from '../vocab.js';

/** Short badges: the column heading already says "tier" or "exposure". */
const TIER_TONES = { minimal: 'good', limited: 'caution', high: 'warn', prohibited: 'bad' };
const LEVEL_TONES = { none: 'muted', low: 'good', medium: 'caution', high: 'bad' };
const badge = (tone, text) => h('span', { class: `badge badge--${tone ?? 'neutral'}` }, text);

/** Each decision: its key, its button, and whether it needs conditions. */
const DECISIONS = [
  { status: 'approved', key: 'a', text: 'Approve', done: 'approved' },
  { status: 'approved_with_conditions', key: 'c', text: 'With conditions', done: 'approved with conditions', conditions: true },
  { status: 'restricted', key: 'r', text: 'Restrict', done: 'restricted', conditions: true },
  { status: 'prohibited', key: 'p', text: 'Prohibit', done: 'prohibited' },
  { status: 'not_ai', key: 'n', text: 'Not AI', done: 'marked not AI' },
  { status: 'in_review', key: 'i', text: 'In review', done: 'marked in review' },
];

/** "In review" keeps a system waiting; every other decision takes it out of the queue. */
const STAYS_IN_QUEUE = new Set(['discovered', 'in_review']);

const SHORTCUTS = [
  ['j or ↓', 'Select the next AI system'],
  ['k or ↑', 'Select the previous AI system'],
  ['x', 'Check or uncheck the selected AI system (for one decision on several)'],
  ['Enter or o', 'Open the selected AI system'],
  ['a', 'Approve (asks for a note)'],
  ['c', 'Approve with conditions (asks for the conditions)'],
  ['r', 'Restrict (asks for the conditions)'],
  ['p', 'Prohibit'],
  ['n', 'Mark as not AI'],
  ['i', 'Mark as in review'],
  ['u', 'Undo the last decision'],
  ['?', 'Show these shortcuts'],
];

const FILTERS = ['category', 'source', 'tier', 'owner'];

function isTyping(target) {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

function showShortcuts(reviewer) {
  const rows = reviewer ? SHORTCUTS : SHORTCUTS.filter(([key]) => !/^[acrpnixu]$/.test(key));
  return openDialog({
    title: 'Keyboard shortcuts',
    content: (close) => [
      h('dl', { class: 'shortcuts' }, rows.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)])),
      h('p', { class: 'hint' }, 'Shortcuts are ignored while you type in a field.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => close(null) }, 'Close')),
    ],
  });
}

/** Asks for the note (and the conditions when the decision needs them); null when cancelled. */
function decisionDialog(decision, names) {
  const subject = names.length === 1 ? names[0] : `${names.length} AI systems`;
  return openDialog({
    title: `${decision.text === 'With conditions' ? 'Approve with conditions' : decision.text}: ${subject}`,
    content: (close) => {
      const form = h(
        'form',
        { class: 'form' },
        names.length > 1 ? h('p', {}, names.join(', ')) : null,
        decision.conditions ? textArea({ label: 'Conditions', name: 'conditions', required: true, autofocus: true, hint: 'What users must or must not do, e.g. "no customer data". Recorded with the decision.' }) : null,
        textArea({ label: 'Note (why)', name: 'note', rows: 2, autofocus: !decision.conditions, hint: 'Recorded with the decision in the audit trail.' }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'button button--primary' }, 'Record the decision'),
          h('button', { type: 'button', class: 'button', onclick: () => close(null) }, 'Cancel'),
        ),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const conditions = form.elements.namedItem('conditions')?.value.trim();
        if (decision.conditions && !conditions) return;
        const note = form.elements.namedItem('note').value.trim();
        close({ ...(conditions ? { conditions } : {}), ...(note ? { note } : {}) });
      });
      return form;
    },
  });
}

function filterBar(state, onChange) {
  const form = h(
    'form',
    { class: 'filters filters--queue', role: 'search', 'aria-label': 'Filter the queue' },
    selectField({ label: 'Category', name: 'category', value: state.category, options: [['', 'Any'], ...Object.entries(CATEGORIES)] }),
    selectField({ label: 'Source', name: 'source', value: state.source, options: [['', 'Any'], ...Object.entries(SOURCES)] }),
    selectField({ label: 'Risk tier', name: 'tier', value: state.tier, options: [['', 'Any'], ...Object.entries(RISK_TIERS).reverse()] }),
    textField({ label: 'Owner', name: 'owner', value: state.owner, placeholder: 'name, or none', autocomplete: 'off' }),
  );
  const changed = () => onChange(Object.fromEntries(FILTERS.map((name) => [name, form.elements.namedItem(name).value.trim()])));
  form.addEventListener('change', changed);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  return form;
}

export async function render({ query, signal }) {
  const state = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? '']));
  const reviewer = can('review');
  let items = [];
  const rows = new Map();
  const checked = new Set();
  let selected = 0;
  let busy = false;
  /** The last decision, until the next: what undo puts back. */
  let last = null;

  const remaining = h('span');
  const tbody = h('tbody');
  const checkAll = h('input', { type: 'checkbox', 'aria-label': 'Check every AI system shown' });
  const columns = ['Priority', 'Risk tier', 'AI system', 'Category', 'Found in', 'Owner', 'Status', 'People', 'Exposure'];
  const table = h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-labelledby': 'queue-caption', tabindex: '0' },
    h(
      'table',
      { class: 'queue queue--dense' },
      h('caption', { id: 'queue-caption', class: 'sr-only' }, 'AI systems awaiting review'),
      h('thead', {}, h('tr', {}, reviewer ? h('th', { scope: 'col', class: 'check-cell' }, checkAll) : null, columns.map((column) => h('th', { scope: 'col', class: column === 'People' || column === 'Priority' ? 'num' : undefined }, column)))),
      tbody,
    ),
  );
  const emptyNote = h('p', { class: 'empty' }, 'Nothing awaits review. New AI systems appear here after the next scan.');
  const selection = h('span', { class: 'toolbar__count', 'aria-live': 'polite' });
  const undoButton = h('button', { type: 'button', class: 'button button--small', hidden: true, onclick: () => undo() }, 'Undo');
  const undoText = h('span', { class: 'undo__text' });
  const undoBar = h('p', { class: 'undo', role: 'status', hidden: true }, undoText, ' ', undoButton);

  function describe() {
    remaining.textContent = `${counted(items.length, 'AI system awaits', 'AI systems await')} review${FILTERS.some((f) => state[f]) ? ' with these filters' : ''}, highest triage priority first.`;
    selection.textContent = checked.size ? `${counted(checked.size, 'AI system', 'AI systems')} checked: the decision applies to each.` : 'Acts on the selected row, or on every checked row.';
    checkAll.checked = items.length > 0 && checked.size === items.length;
    table.hidden = items.length === 0;
    emptyNote.hidden = items.length > 0;
  }

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

  function toggle(item, on = !checked.has(item.id)) {
    if (on) checked.add(item.id);
    else checked.delete(item.id);
    const box = rows.get(item.id)?.querySelector('input[type="checkbox"]');
    if (box) box.checked = on;
    describe();
  }

  function row(item) {
    const box = h('input', { type: 'checkbox', 'aria-label': `Check ${item.product}`, checked: checked.has(item.id) });
    box.addEventListener('change', () => toggle(item, box.checked));
    const p = item.priority;
    const tr = h(
      'tr',
      {},
      reviewer ? h('td', { class: 'check-cell' }, box) : null,
      h('td', { class: 'num' }, h('strong', {}, count(p.score))),
      h('td', {}, badge(TIER_TONES[p.tier], label(RISK_TIERS, p.tier))),
      h('th', { scope: 'row', title: `${item.product} by ${item.vendor}` }, h('a', { href: systemHref(item.id), class: 'queue__name' }, item.product)),
      h('td', {}, label(CATEGORIES, item.category)),
      h('td', {}, (item.sources ?? []).map((kind) => label(SOURCES, kind)).join(', ') || '—'),
      h('td', {}, item.owner ?? '—'),
      h('td', { class: 'status-cell' }, statusBadge(item.status)),
      h('td', { class: 'num' }, count(item.users)),
      h('td', { title: (p.reasons ?? []).join('\n') }, badge(LEVEL_TONES[p.exposure], label(EXPOSURE_LEVELS, p.exposure))),
    );
    tr.addEventListener('click', (event) => {
      if (!(event.target instanceof Element && event.target.closest('a, input'))) select(items.indexOf(item), { scroll: false });
    });
    tr.addEventListener('focusin', () => select(items.indexOf(item), { scroll: false }));
    return tr;
  }

  function draw() {
    rows.clear();
    tbody.replaceChildren(...items.map((item) => {
      const tr = row(item);
      rows.set(item.id, tr);
      return tr;
    }));
    for (const id of [...checked]) if (!items.some((item) => item.id === id)) checked.delete(id);
    describe();
    select(Math.min(selected, items.length - 1), { scroll: false });
  }

  async function load() {
    const data = await api('/api/review-queue', { query: state, signal });
    items = data.items;
    draw();
  }

  /** The systems a decision acts on: the checked ones, or the selected row. */
  function targets() {
    if (checked.size) return items.filter((item) => checked.has(item.id));
    return items[selected] ? [items[selected]] : [];
  }

  async function decide(decision) {
    const chosen = targets();
    if (busy || chosen.length === 0) return;
    const answers = await decisionDialog(decision, chosen.map((item) => item.product));
    if (!answers) return;
    busy = true;
    try {
      const body = { status: decision.status, ...answers };
      if (chosen.length === 1) await api(path('/api/systems', chosen[0].id, 'review'), { method: 'POST', body, signal });
      else await api('/api/review', { method: 'POST', body: { ids: chosen.map((item) => item.id), ...body }, signal });
      last = { decision, systems: chosen.map((item) => ({ id: item.id, product: item.product, status: item.status, conditions: item.conditions ?? null })) };
      const what = chosen.length === 1 ? chosen[0].product : counted(chosen.length, 'AI system', 'AI systems');
      undoText.textContent = `${what} ${decision.done}.`;
      undoButton.hidden = false;
      undoBar.hidden = false;
      announce(`${what} ${decision.done}`);
      checked.clear();
      if (STAYS_IN_QUEUE.has(decision.status)) await load();
      else {
        items = items.filter((item) => !chosen.includes(item));
        draw();
      }
    } catch (error) {
      reportError(error);
    } finally {
      busy = false;
    }
  }

  /** Puts the last decision back: each system's status (and conditions) as they were. */
  async function undo() {
    if (!last || busy) return;
    busy = true;
    const undone = last;
    try {
      for (const system of undone.systems) {
        const body = { status: system.status, note: `Undo: ${undone.decision.done} by mistake` };
        if (undone.decision.conditions) body.conditions = system.conditions;
        await api(path('/api/systems', system.id, 'review'), { method: 'POST', body, signal });
      }
      last = null;
      undoButton.hidden = true;
      const what = undone.systems.length === 1 ? undone.systems[0].product : counted(undone.systems.length, 'AI system', 'AI systems');
      undoText.textContent = `Undone: ${what} back in the queue.`;
      announce(`Undone: ${what} back in the queue`);
      await load();
    } catch (error) {
      reportError(error);
    } finally {
      busy = false;
    }
  }

  checkAll.addEventListener('change', () => {
    const on = checkAll.checked;
    for (const item of items) toggle(item, on);
  });

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
      } else if (reviewer && key === 'x' && item) {
        event.preventDefault();
        toggle(item);
      } else if (reviewer && key === 'u') {
        event.preventDefault();
        undo();
      } else if (reviewer && item) {
        const decision = DECISIONS.find((d) => d.key === key);
        if (!decision) return;
        event.preventDefault();
        decide(decision);
      }
    },
    { signal },
  );

  await load();

  const toolbar = reviewer
    ? h(
        'div',
        { class: 'toolbar', role: 'toolbar', 'aria-label': 'Decide' },
        DECISIONS.map((decision) => h('button', { type: 'button', class: `button button--small${decision.status === 'approved' ? ' button--primary' : ''}`, 'aria-keyshortcuts': decision.key, onclick: () => decide(decision) }, decision.text)),
        selection,
      )
    : null;
  const help = h(
    'p',
    { class: 'keys-help' },
    h('kbd', {}, 'j'),
    '/',
    h('kbd', {}, 'k'),
    ' move, ',
    h('kbd', {}, 'Enter'),
    ' opens',
    reviewer ? [', ', h('kbd', {}, 'x'), ' checks, ', h('kbd', {}, 'a c r p n i'), ' decide, ', h('kbd', {}, 'u'), ' undoes'] : null,
    ', ',
    h('kbd', {}, '?'),
    ' lists them. ',
    h('button', { type: 'button', class: 'button button--small', onclick: () => showShortcuts(reviewer) }, 'Keyboard shortcuts'),
  );

  return h(
    'div',
    { class: 'page page--queue' },
    pageHeader('Review queue', remaining),
    filterBar(state, async (next) => {
      Object.assign(state, next);
      replaceQuery(new URLSearchParams(Object.entries(state).filter(([, v]) => v)));
      selected = 0;
      checked.clear();
      try {
        await load();
      } catch (error) {
        reportError(error);
      }
    }),
    reviewer ? null : note(`Only the ${rolesFor('review')} role records decisions; you can read the queue.`),
    toolbar,
    reviewer ? undoBar : null,
    table,
    emptyNote,
    help,
  );
}
