/**
 * The whole inventory: search, filter, sort and page through it. The filters live in the address
 * bar, so a reload or a shared link shows the same list.
 */
import { api } from '../api.js';
import { h, systemLink } from '../dom.js';
import { count, counted, dateText, list, money, percent } from '../format.js';
import { replaceQuery } from '../router.js';
import { announce, reportError } from '../status.js';
import { statusBadge } from '../components/badge.js';
import { selectField, textField } from '../components/form.js';
import { pageHeader } from '../components/page.js';
import { CATEGORIES, label, SOURCES, STATUSES } from '../vocab.js';

const PAGE_SIZE = 50;
const FILTERS = ['q', 'status', 'source', 'category'];

/** sort: the API's sort key; numbers and dates read best largest or newest first. */
const COLUMNS = [
  { label: 'AI system', sort: 'product' },
  { label: 'Vendor', sort: 'vendor' },
  { label: 'Category', sort: 'category' },
  { label: 'Status', sort: 'status' },
  { label: 'People', sort: 'users', className: 'num', firstOrder: 'desc' },
  { label: 'Confidence', sort: 'confidence', className: 'num', firstOrder: 'desc' },
  { label: 'Sources' },
  { label: 'Spend', className: 'num' },
  { label: 'First seen', sort: 'firstSeen', firstOrder: 'desc' },
  { label: 'Last seen', sort: 'lastSeen', firstOrder: 'desc' },
];

function stateFrom(query) {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return {
    q: query.get('q') ?? '',
    status: query.get('status') ?? '',
    source: query.get('source') ?? '',
    category: query.get('category') ?? '',
    sort: COLUMNS.some((c) => c.sort === query.get('sort')) ? query.get('sort') : 'product',
    order: query.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

function toQuery(state) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  if (state.sort !== 'product') params.set('sort', state.sort);
  if (state.order !== 'asc') params.set('order', state.order);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

function row(item) {
  const sources = Object.entries(item.sources ?? {}).map(([kind, n]) => `${label(SOURCES, kind)}: ${count(n)}`);
  const spend = (item.spend ?? []).map((s) => `${money(s.monthlyAverage, s.currency)}/mo`);
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, systemLink(item.id, item.product)),
    h('td', {}, item.vendor),
    h('td', {}, label(CATEGORIES, item.category)),
    h('td', {}, statusBadge(item.status)),
    h('td', { class: 'num' }, item.allUsers ? `all ${count(item.users)}` : count(item.users)),
    h('td', { class: 'num' }, percent(item.confidence)),
    h('td', {}, list(sources)),
    h('td', { class: 'num' }, list(spend)),
    h('td', {}, dateText(item.firstSeen)),
    h('td', {}, dateText(item.lastSeen)),
  );
}

export async function render({ query, signal }) {
  const state = stateFrom(query);
  const total = h('span');
  const results = h('div', { class: 'results' });
  let inflight = null;

  function header(column) {
    if (!column.sort) return h('th', { scope: 'col', class: column.className }, column.label);
    const active = state.sort === column.sort;
    const button = h(
      'button',
      { type: 'button', class: 'sort', 'data-sort': column.sort },
      column.label,
      h('span', { class: 'sort__arrow', 'aria-hidden': 'true' }, active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'),
    );
    button.addEventListener('click', () => {
      state.order = active ? (state.order === 'asc' ? 'desc' : 'asc') : (column.firstOrder ?? 'asc');
      state.sort = column.sort;
      state.page = 1;
      update({ focus: `button[data-sort="${column.sort}"]` });
    });
    return h('th', { scope: 'col', class: column.className, 'aria-sort': active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined }, button);
  }

  function pager(data) {
    const pages = Math.max(1, Math.ceil((data.total ?? 0) / (data.pageSize ?? PAGE_SIZE)));
    const go = (page, focus) => {
      state.page = page;
      update({ focus });
    };
    return h(
      'nav',
      { class: 'pager', 'aria-label': 'Inventory pages' },
      h('button', { type: 'button', class: 'button button--small', 'data-page': 'previous', disabled: state.page <= 1, onclick: () => go(state.page - 1, 'button[data-page="previous"]:not([disabled]), button[data-page="next"]') }, 'Previous page'),
      h('span', { class: 'pager__where' }, `Page ${state.page} of ${pages}`),
      h('button', { type: 'button', class: 'button button--small', 'data-page': 'next', disabled: state.page >= pages, onclick: () => go(state.page + 1, 'button[data-page="next"]:not([disabled]), button[data-page="previous"]') }, 'Next page'),
    );
  }

  function table(data) {
    if ((data.items ?? []).length === 0) return h('p', { class: 'empty' }, 'No AI systems match these filters.');
    return h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-labelledby': 'inventory-caption', tabindex: '0' },
      h(
        'table',
        {},
        h('caption', { id: 'inventory-caption' }, 'AI systems', h('span', { class: 'sr-only' }, `, sorted by ${COLUMNS.find((c) => c.sort === state.sort)?.label} ${state.order === 'asc' ? 'ascending' : 'descending'}`)),
        h('thead', {}, h('tr', {}, COLUMNS.map(header))),
        h('tbody', {}, data.items.map(row)),
      ),
    );
  }

  /** A newer request replaces an older one: typing fast never shows stale results. */
  async function load() {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    let data;
    try {
      data = await api('/api/inventory', { query: { ...Object.fromEntries(toQuery(state)), sort: state.sort, order: state.order, page: state.page, pageSize: PAGE_SIZE }, signal: controller.signal });
    } finally {
      signal.removeEventListener('abort', stop);
    }
    total.textContent = `${counted(data.total ?? 0, 'AI system matches', 'AI systems match')}.`;
    results.replaceChildren(table(data), pager(data));
    return data;
  }

  async function update({ announceCount = false, focus } = {}) {
    replaceQuery(toQuery(state));
    try {
      const data = await load();
      if (announceCount) announce(counted(data.total ?? 0, 'AI system matches', 'AI systems match'));
      if (focus) results.querySelector(focus)?.focus();
    } catch (error) {
      reportError(error);
    }
  }

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the inventory' },
    textField({ label: 'Search', name: 'q', type: 'search', value: state.q }),
    selectField({ label: 'Status', name: 'status', value: state.status, options: [['', 'Any status'], ...Object.entries(STATUSES)] }),
    selectField({ label: 'Source', name: 'source', value: state.source, options: [['', 'Any source'], ...Object.entries(SOURCES)] }),
    selectField({ label: 'Category', name: 'category', value: state.category, options: [['', 'Any category'], ...Object.entries(CATEGORIES)] }),
    h('div', { class: 'actions' }, h('button', { type: 'reset', class: 'button' }, 'Clear filters')),
  );

  const applyFilters = () => {
    for (const name of FILTERS) state[name] = form.elements.namedItem(name).value.trim();
    state.page = 1;
    update({ announceCount: true });
  };
  let typing = null;
  form.addEventListener('input', (event) => {
    if (event.target.name !== 'q') return;
    clearTimeout(typing);
    typing = setTimeout(applyFilters, 300);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'q') applyFilters();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    applyFilters();
  });
  // A reset restores the values the form was built with; clear them to "any" instead.
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    for (const name of FILTERS) form.elements.namedItem(name).value = '';
    applyFilters();
  });
  signal.addEventListener('abort', () => clearTimeout(typing), { once: true });

  await load();
  return h('div', { class: 'page' }, pageHeader('Inventory', total), form, results);
}
