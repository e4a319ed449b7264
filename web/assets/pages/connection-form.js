/**
 * Adding a connection: a form generated from the connector's own schema (GET /api/connectors):
 * labelled fields with help and defaults, the secrets as password fields with what this server
 * can do with them, and the permissions the connector needs from the source's admin. Problems
 * come back per field, in the form's words, and are shown beside the field.
 */
import { api, ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { announce, reportError } from '../status.js';
import { read, selectField, textField, whileBusy } from '../components/form.js';
import { optionFields } from '../components/option-fields.js';
import { dataTable } from '../components/table.js';

/** The permissions a connector needs, as its README tables them. */
export function permissionsTable(connector) {
  const fineGrained = connector.permissions.some((p) => p.fineGrained);
  const columns = [{ label: 'Permission' }, ...(fineGrained ? [{ label: 'Fine-grained token or GitHub App' }] : []), { label: 'Needed for' }, { label: 'What it reads' }];
  return dataTable({
    caption: `Permissions ${connector.label} needs`,
    columns,
    rowHeader: true,
    rows: connector.permissions.map((p) => [
      h('span', {}, h('code', {}, p.name), p.alternatives?.length ? [' or ', p.alternatives.map((alt, i) => [i ? ', ' : '', h('code', {}, alt)])] : null, p.grant ? h('span', { class: 'hint block' }, 'Grant as ', h('code', {}, p.grant)) : null),
      ...(fineGrained ? [p.fineGrained ?? '—'] : []),
      p.streams.join(', '),
      p.purpose,
    ]),
    empty: 'It needs no permission from a source.',
  });
}

/** What the server does with a secret typed here; when it cannot store one, what to do about it. */
function secretsNotice(storage) {
  if (storage.available) return h('p', { class: 'hint' }, storage.explanation);
  return h('div', { class: 'note note--warn', role: 'note' }, h('p', {}, h('strong', {}, storage.explanation)), h('p', {}, storage.fix));
}

export function connectionForm({ connectors, secretStorage, signal, onAdded }) {
  const kinds = new Map(connectors.map((connector) => [connector.kind, connector]));
  const formError = h('div', { class: 'form-error', role: 'alert', id: uid('form-error') });
  const details = h('div', { class: 'group' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Add connection');
  const blocked = h('p', { class: 'hint', hidden: true });
  let fields;

  const form = h(
    'form',
    { class: 'form connection-form', novalidate: true, 'aria-describedby': formError.id },
    h(
      'div',
      { class: 'form-grid' },
      selectField({ label: 'Kind', name: 'kind', options: connectors.map((c) => [c.kind, c.label]) }),
      textField({ label: 'Name', name: 'name', required: true, autocomplete: 'off', hint: 'How scans, schedules and alerts refer to it, e.g. northwind-m365.' }),
    ),
    details,
    formError,
    h('div', { class: 'actions' }, submit, blocked),
  );

  function showKind() {
    const connector = kinds.get(read(form, 'kind'));
    fields = optionFields(connector.fields, {
      disabledSecrets: !secretStorage.available,
      onEdit: () => {
        if (!fields.invalid()) formError.textContent = '';
      },
    });
    const needsSecret = connector.fields.some((field) => field.secret && field.required);
    const cannot = needsSecret && !secretStorage.available;
    submit.disabled = cannot;
    blocked.hidden = !cannot;
    blocked.textContent = cannot ? `A ${connector.label} connection needs its secret, which this server cannot store: see Secrets above.` : '';
    formError.textContent = '';
    details.replaceChildren(
      h('p', { class: 'muted' }, connector.description),
      fields.options.length ? h('fieldset', {}, h('legend', {}, 'Options'), h('div', { class: 'form-grid' }, fields.options)) : null,
      fields.secrets.length ? h('fieldset', {}, h('legend', {}, 'Secrets'), secretsNotice(secretStorage), h('div', { class: 'form-grid' }, fields.secrets)) : null,
      connector.permissions.length
        ? h('div', { class: 'permissions' }, h('h3', {}, 'Permissions to grant first'), h('p', { class: 'hint' }, `Grant these to the app or token in ${connector.label}'s admin console; Test shows which are in place.`), permissionsTable(connector))
        : null,
    );
  }
  form.elements.namedItem('kind').addEventListener('change', showKind);
  showKind();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = read(form, 'name');
    const kind = read(form, 'kind');
    formError.textContent = '';
    fields.clearErrors();
    if (!name) {
      formError.textContent = 'Name: required';
      form.elements.namedItem('name').focus();
      return;
    }
    await whileBusy(submit, async () => {
      try {
        await api('/api/connections', { method: 'POST', body: { kind, name, ...fields.read() }, signal });
        form.elements.namedItem('name').value = '';
        fields.reset();
        announce(`Connection ${name} added. Test it to see which permissions are in place.`);
        await onAdded(name);
      } catch (error) {
        if (!(error instanceof ApiError) || !error.fields) return reportError(error);
        const unplaced = fields.showErrors(error.fields);
        formError.textContent = unplaced.length ? unplaced.map(([field, problem]) => `${field}: ${problem}`).join('; ') : `${Object.keys(error.fields).length === 1 ? 'One field needs' : 'Some fields need'} attention: see beside each.${error.hint ? ` ${error.hint}` : ''}`;
      }
    });
  });
  return form;
}
