/**
 * Console users, for admins: who may sign in with a password, in which role. Adding one sets a
 * first password (the person changes nothing here: passwords are never shown or read back);
 * removing one ends their sessions. Every change is in the audit trail under the admin's name.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { time } from '../format.js';
import { can, session } from '../session.js';
import { announce, reportError } from '../status.js';
import { confirmDialog } from '../components/dialog.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { ACCESS_ROLE_DESCRIPTIONS, ACCESS_ROLES, label } from '../vocab.js';

/**
 * The role picker, viewer first (the least a new account should get), with what the chosen role
 * may do said under it.
 */
export function roleField() {
  const roles = Object.keys(ACCESS_ROLES).sort((a, b) => (a === 'viewer' ? -1 : b === 'viewer' ? 1 : 0));
  const field = selectField({ label: 'Role', name: 'role', options: roles.map((code) => [code, label(ACCESS_ROLES, code)]), hint: ' ' });
  const select = field.querySelector('select');
  const hint = field.querySelector('.hint');
  const describe = () => {
    hint.textContent = `${label(ACCESS_ROLES, select.value)}: ${ACCESS_ROLE_DESCRIPTIONS[select.value] ?? ''}.`;
  };
  // A form's reset() puts the first option back without an event: the page sends one (resetRole).
  select.addEventListener('change', describe);
  describe();
  return field;
}

/** After form.reset(): viewer again, and its description under the picker. */
export function resetRole(form) {
  form.elements.namedItem('role').dispatchEvent(new Event('change'));
}

export async function render({ signal }) {
  if (!can('administer')) return h('div', { class: 'page' }, pageHeader('Users'), note('Only the admin role manages users.'));
  const list = h('div');

  async function remove(user, button) {
    const sure = await confirmDialog({ title: `Remove ${user.username}?`, message: `${user.username} can no longer sign in, and their open sessions end. What they recorded stays in the audit trail.`, confirmLabel: 'Remove' });
    if (!sure) return;
    await whileBusy(button, async () => {
      try {
        await api(path('/api/users', user.username), { method: 'DELETE', signal });
        announce(`${user.username} removed`);
        await load();
        document.querySelector('main h1')?.focus();
      } catch (error) {
        reportError(error);
      }
    });
  }

  async function load() {
    const { items } = await api('/api/users', { signal });
    const me = session.principal?.kind === 'user' ? session.principal.name : null;
    list.replaceChildren(
      dataTable({
        caption: 'Users',
        captionHidden: true,
        columns: [{ label: 'User' }, { label: 'Role' }, { label: 'Added' }, { label: 'Actions' }],
        rows: items.map((user) => {
          const button = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Remove user ${user.username}` }, 'Remove');
          button.addEventListener('click', () => remove(user, button));
          return [user.username, label(ACCESS_ROLES, user.role), time(user.createdAt), user.username === me ? h('span', { class: 'muted' }, 'You') : button];
        }),
        rowHeader: true,
        empty: 'No users yet: people sign in with API tokens only.',
      }),
    );
  }

  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Add user');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      textField({ label: 'User name', name: 'username', required: true, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none', hint: 'What they type to sign in, such as alice or alice@corp.example.' }),
      roleField(),
      textField({ label: 'First password', name: 'password', type: 'password', required: true, autocomplete: 'new-password', minlength: 12, hint: 'At least 12 characters. Give it to them in person or through your password manager.' }),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { username: read(form, 'username'), role: read(form, 'role'), password: form.elements.namedItem('password').value };
    await whileBusy(submit, async () => {
      try {
        await api('/api/users', { method: 'POST', body, signal });
        form.reset();
        resetRole(form);
        announce(`${body.username} added as ${label(ACCESS_ROLES, body.role)}`);
        await load();
      } catch (error) {
        reportError(error);
      }
    });
  });

  await load();
  return h(
    'div',
    { class: 'page' },
    pageHeader('Users', 'People who sign in to the console with a user name and password. Scripts and integrations use API tokens.'),
    section('Users', list),
    section('Add a user', form),
  );
}
