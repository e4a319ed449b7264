/**
 * Element builders. Every node the console shows is made here with createElement and every
 * piece of data becomes a text node: names come from SaaS tenants and are never parsed as HTML.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Set as properties after the children exist: a select's value needs its options first. */
const PROPERTIES = new Set(['value', 'checked']);

function assign(el, attrs) {
  const later = [];
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) {
      // Handlers are functions bound with addEventListener; an on* attribute string never is.
      if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (PROPERTIES.has(name)) {
      later.push([name, value]);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  return later;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** `h('a', { href: '/' }, 'Home')`; strings and numbers become text, arrays are flattened, null is skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  const later = assign(el, attrs);
  append(el, children);
  for (const [name, value] of later) el[name] = value;
  return el;
}

/** The same for SVG, whose elements live in their own namespace. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  assign(el, attrs);
  append(el, children);
  return el;
}

let counter = 0;

/** Ids that tie labels, captions and descriptions to their elements. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Internal link to an AI system; the id goes through encodeURIComponent like any data in a URL. */
export function systemHref(id) {
  return `/systems/${encodeURIComponent(id)}`;
}

export function systemLink(id, product) {
  return h('a', { href: systemHref(id) }, product);
}
