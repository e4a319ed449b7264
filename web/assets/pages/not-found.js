/** Any address the console does not know. */
import { h } from '../dom.js';
import { pageHeader } from '../components/page.js';

export async function render() {
  return h('div', { class: 'page' }, pageHeader('Page not found', 'There is no console page at this address. ', h('a', { href: '/' }, 'Go to the start page'), '.'));
}
