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
import { pageHeader, section } from '../components/page.js';
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
      textField({
        label: 'API token',
        name: 'token',
        type: 'password',
        autocomplete: 'off',
        spellcheck: 'false',
        hint: ['An admin creates one on the API tokens page, or on the server with ', h('code', {}, 'unshadow tokens create --role <role>'), '.'],
      }),
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

  const setup = await firstRun(next);
  return h('div', { class: 'page page--narrow' }, pageHeader('Sign in', 'The unshadow console keeps the AI-system inventory for ISO/IEC 42001.'), setup, form);
}

/**
 * A fresh installation has nobody who could sign in. The server says so (GET /api/setup), and
 * the page explains the two ways to the first admin: the one-time code `unshadow serve` printed
 * on its own console, or the CLI on the server. Nothing here works without that proof of access.
 */
async function firstRun(next) {
  let state;
  try {
    state = await api('/api/setup', { expect401: true });
  } catch {
    return null;
  }
  if (!state?.needed) return null;
  const command = h('code', {}, state.command);
  const cli = h(
    'p',
    {},
    'Or, in a shell on the server, run ',
    command,
    ' (the password on standard input or in ',
    h('code', {}, 'UNSHADOW_PASSWORD'),
    '). With the embedded database, stop ',
    h('code', {}, 'unshadow serve'),
    ' first: the database belongs to one process at a time.',
  );
  if (!state.codeIssued) {
    return section(
      'First run: create the first admin',
      h('p', {}, 'Nobody can sign in to this server yet. Restart ', h('code', {}, 'unshadow serve'), ': while nobody can sign in, it prints a one-time setup code to enter here.'),
      cli,
    );
  }
  const alert = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Create the first admin');
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    textField({ label: 'Setup code', name: 'code', autocomplete: 'one-time-code', spellcheck: 'false', autocapitalize: 'characters', required: true, hint: ['As ', h('code', {}, 'unshadow serve'), ' printed it when it started: four groups of four letters and digits.'] }),
    textField({ label: 'Admin user name', name: 'username', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'none', required: true }),
    textField({ label: 'Admin password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12, hint: 'At least 12 characters.' }),
    alert,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.textContent = '';
    const value = (name) => form.elements.namedItem(name).value;
    const body = { code: value('code').trim(), username: value('username').trim(), password: value('password') };
    const missing = ['code', 'username', 'password'].find((name) => !body[name]);
    if (missing) {
      alert.textContent = 'Enter the setup code, a user name and a password.';
      form.elements.namedItem(missing).focus();
      return;
    }
    submit.disabled = true;
    try {
      const data = await api('/api/setup', { method: 'POST', body, expect401: true });
      setSession(data);
      updateChrome();
      navigate(next, { replace: true });
      announce(`Signed in as ${data.principal?.name ?? 'the first admin'}, the first admin`);
    } catch (error) {
      alert.textContent = describeError(error);
    } finally {
      submit.disabled = false;
    }
  });
  return section(
    'First run: create the first admin',
    h('p', {}, 'Nobody can sign in to this server yet. When it started, ', h('code', {}, 'unshadow serve'), ' printed a one-time setup code on its console (or in its log): enter it here with the name and password of the first admin. The code works once.'),
    form,
    cli,
  );
}
