/** The parts every page shares: its heading, sections and the states before data arrives. */
import { h, uid } from '../dom.js';

/** The page's one <h1>; focus moves to it after navigation so screen readers hear where they are. */
export function pageHeader(title, ...intro) {
  return h('div', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), intro.length ? h('p', { class: 'lede' }, ...intro) : null);
}

/** A titled <section> labelled by its own heading. */
export function section(title, ...children) {
  const id = uid('section');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function subsection(title, ...children) {
  const id = uid('section');
  return h('section', { class: 'subpanel', 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

export function note(...children) {
  return h('p', { class: 'note' }, ...children);
}

export function loading(what = 'Loading…') {
  return h('p', { class: 'loading' }, what);
}
