/** The header around every page: the navigation, who is signed in, and signing out. */
import { api } from './api.js';
import { h } from './dom.js';
import { navigate } from './router.js';
import { can, clearSession, session } from './session.js';
import { announce, reportError } from './status.js';
import { ACCESS_ROLES, label } from './vocab.js';


async function signOut(button) {
  button.disabled = true;
  try {
    await api('/api/session', { method: 'DELETE', expect401: true });
  } catch (error) {
    // A session that is already gone is as good as signed out; anything else is worth saying.
    if (error.status !== 401) {
      button.disabled = false;
      reportError(error);
      return;
    }
  }
  clearSession();
  updateChrome();
  navigate('/login', { replace: true });
  announce('Signed out');
}

/** Shows the navigation and the account only to a signed-in user. */
export function updateChrome() {
  const nav = document.querySelector('.site-nav');
  const account = document.querySelector('.account');
  const principal = session.principal;
  nav.hidden = !principal;
  account.hidden = !principal;
  // Links to pages a role may not open at all (users and tokens are for admins).
  for (const item of nav.querySelectorAll('[data-needs]')) item.hidden = !can(item.dataset.needs);
  if (!principal) {
    account.replaceChildren();
    return;
  }
  const button = h('button', { type: 'button', class: 'button button--small' }, 'Sign out');
  button.addEventListener('click', () => signOut(button));
  account.replaceChildren(
    h('p', { class: 'account__who' }, h('span', { class: 'account__name' }, principal.name), ' ', h('span', { class: 'account__role' }, `(${label(ACCESS_ROLES, principal.role)})`)),
    button,
  );
}

/** Marks the link of the page on screen, for sighted users and screen readers alike. */
export function markCurrentLink(pathname) {
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (new URL(link.href).pathname === pathname) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

export function setTitle(title) {
  document.title = title ? `${title} — unshadow` : 'unshadow';
}
