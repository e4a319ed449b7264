/**
 * API tokens, for admins: for scripts, integrations and signing in without a password. A new
 * token is shown once, here, and stored only as a hash; revoking one ends its sessions. Every
 * change is in the audit trail under the admin's name.
 */
import { api, path } from '../api.js';
import { h } from '../dom.js';
import { DASH, time } from '../format.js';
import { can, session } from '../session.js';
import { announce, reportError } from '../status.js';
import { stateBadge } from '../components/badge.js';
import { confirmDialog, openDialog } from '../components/dialog.js';
import { read, textField, whileBusy } from '../components/form.js';
import { note, pageHeader, section } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { ACCESS_ROLES, label } from '../vocab.js';
import { resetRole, roleField } from './users.js';

/** The new token, once: selectable in one click, with a button to copy it. */
function showOnce(name, token) {
  return openDialog({
    title: `API token ${name}`,
    content: (close) => {
      const value = h('p', { class: 'secret-once', tabindex: '0', 'aria-label': 'The token' }, token);
      const copy = h('button', { type: 'button', class: 'button' }, 'Copy');
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(token);
          announce('Token copied');
        } catch {
          announce('Select the token and copy it');
        }
      });
      return [
        h('p', {}, 'This is the only time the token is shown: store it in your secret manager now. unshadow keeps only its hash.'),
        value,
        h('div', { class: 'actions' }, copy, h('button', { type: 'button', class: 'button button--primary', autofocus: true, onclick: () => close(true) }, 'I have stored it')),
      ];
    },
  });
}

export async function render({ signal }) {
  if (!can('administer')) return h('div', { class: 'page' }, pageHeader('API tokens'), note('Only the admin role manages API tokens.'));
  const list = h('div');

  async function revoke(token, button) {
    const signedInWithIt = session.principal?.kind === 'token' && session.principal.name === token.name;
    const sure = await confirmDialog({
      title: `Revoke ${token.name}?`,
      message: `${signedInWithIt ? 'You are signed in with this token: you will be signed out. ' : ''}Scripts using it stop working and its sessions end. The name cannot be used again, so the audit trail keeps meaning one token.`,
      confirmLabel: 'Revoke',
    });
    if (!sure) return;
    await whileBusy(button, async () => {
      try {
        await api(path('/api/tokens', token.id), { method: 'DELETE', signal });
        announce(`Token ${token.name} revoked`);
        await load();
        document.querySelector('main h1')?.focus();
      } catch (error) {
        reportError(error);
      }
    });
  }

  async function load() {
    const { items } = await api('/api/tokens', { signal });
    list.replaceChildren(
      dataTable({
        caption: 'API tokens',
        captionHidden: true,
        columns: [{ label: 'Name' }, { label: 'Role' }, { label: 'Created' }, { label: 'Last used' }, { label: 'State' }, { label: 'Actions' }],
        rows: items.map((token) => {
          let action = DASH;
          if (!token.revokedAt) {
            action = h('button', { type: 'button', class: 'button button--small button--danger', 'aria-label': `Revoke token ${token.name}` }, 'Revoke');
            action.addEventListener('click', () => revoke(token, action));
          }
          return [
            token.name,
            label(ACCESS_ROLES, token.role),
            time(token.createdAt),
            token.lastUsedAt ? time(token.lastUsedAt) : 'Never',
            token.revokedAt ? [stateBadge('revoked', 'Revoked'), ' ', time(token.revokedAt)] : stateBadge('active', 'Active'),
            action,
          ];
        }),
        rowHeader: true,
        empty: 'No API tokens yet.',
      }),
    );
  }

  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Create token');
  const form = h(
    'form',
    { class: 'form' },
    h(
      'div',
      { class: 'form-grid' },
      textField({ label: 'Name', name: 'name', required: true, autocomplete: 'off', spellcheck: 'false', hint: 'What it is for, such as ci-export or siem: the audit trail names it.' }),
      roleField(),
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: read(form, 'name'), role: read(form, 'role') };
    await whileBusy(submit, async () => {
      try {
        const created = await api('/api/tokens', { method: 'POST', body, signal });
        form.reset();
        resetRole(form);
        await load();
        await showOnce(body.name, created.token);
        announce(`Token ${body.name} created`);
      } catch (error) {
        reportError(error);
      }
    });
  });

  await load();
  return h(
    'div',
    { class: 'page' },
    pageHeader('API tokens', 'For scripts and integrations (Authorization: Bearer …) and for signing in to the console without a password.'),
    section('Tokens', list),
    section('Create a token', form),
  );
}
