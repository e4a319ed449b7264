/**
 * Sign-in with an API token or a user name and password. The server answers with an HttpOnly
 * session cookie and the CSRF token; the token is kept in memory only.
 */
import { api } from '../api.js';
import { updateChrome } from '../chrome.js';
import { h } from '../dom.js';
import { navigate, safeNext } from '../router.js';
import { setSession } from '../session.js';
import { announce, describeError } from '../status.js';
import { pageHeader } from '../components/page.js';
import { textField } from '../components/form.js';

/**
 * Both ways are on screen at once, so nobody has to find a switch first: a user name or password
 * means an account sign-in, otherwise the token is used.
 */
function credentials(form) {
  const value = (name) => form.elements.namedItem(name).value;
  const username = value('username').trim();
  const password = value('password');
  if (username || password) {
    if (!username || !password) return { problem: 'Enter both the user name and the password, or leave them empty and use an API token.', focus: username ? 'password' : 'username' };
    return { body: { username, password }, secret: 'password' };
  }
  const token = value('token').trim();
  if (!token) return { problem: 'Enter an API token, or a user name and password.', focus: 'token' };
  return { body: { token }, secret: 'token' };
}

export async function render({ query }) {
  const next = safeNext(query.get('next'));
  const alert = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'form login', novalidate: true },
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'With a token'),
      textField({ label: 'API token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', hint: 'Create one with `unshadow tokens create --role <role>`.' }),
    ),
    h('p', { class: 'login__or' }, 'or'),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'With a user account'),
      textField({ label: 'User name', name: 'username', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'none' }),
      textField({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password' }),
    ),
    alert,
    h('div', { class: 'actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.textContent = '';
    const given = credentials(form);
    if (given.problem) {
      alert.textContent = given.problem;
      form.elements.namedItem(given.focus).focus();
      return;
    }
    submit.disabled = true;
    try {
      const data = await api('/api/session', { method: 'POST', body: given.body, expect401: true });
      setSession(data);
      updateChrome();
      navigate(next, { replace: true });
      announce(`Signed in as ${data.principal?.name ?? 'you'}`);
    } catch (error) {
      alert.textContent = describeError(error);
      // The secret just refused is wrong or throttled: clear it so the next attempt starts clean.
      const secret = form.elements.namedItem(given.secret);
      secret.value = '';
      secret.focus();
    } finally {
      submit.disabled = false;
    }
  });

  return h('div', { class: 'page page--narrow' }, pageHeader('Sign in', 'The unshadow console keeps the AI-system inventory for ISO/IEC 42001.'), form);
}
