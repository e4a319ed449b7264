/**
 * Form fields generated from the server's description of a set of options (a connector's, an
 * upload's): each with its label, help, default and required mark; secrets as password inputs.
 * The server validates; the problems it names per field are shown beside the field.
 */
import { h, uid } from '../dom.js';

function helpText(field) {
  const sentence = /[.!?)]$/.test(field.description) ? field.description : `${field.description}.`;
  return field.default !== undefined && field.type !== 'boolean' ? `${sentence} Default: ${field.default}.` : sentence;
}

function control(field, id, describedBy, disabled) {
  const common = { id, name: field.name, 'aria-describedby': describedBy, disabled, required: field.required };
  if (field.type === 'boolean') return h('input', { ...common, type: 'checkbox', checked: field.default === true, required: false });
  if (field.choices) {
    const unset = field.default === undefined ? 'Not set' : `Default (${field.default})`;
    return h('select', common, h('option', { value: '' }, unset), field.choices.map((choice) => h('option', { value: choice }, choice)));
  }
  // A key of several lines goes in a text area: a one-line field would drop its newlines.
  if (field.secret && field.multiline) return h('textarea', { ...common, rows: 4, autocomplete: 'off', spellcheck: 'false', class: 'secret-text' });
  if (field.secret) return h('input', { ...common, type: 'password', autocomplete: 'new-password', spellcheck: 'false' });
  const numeric = field.type === 'number' || field.type === 'integer';
  return h('input', {
    ...common,
    type: 'text',
    inputmode: numeric ? (field.type === 'integer' ? 'numeric' : 'decimal') : field.format === 'uri' ? 'url' : field.format === 'email' ? 'email' : undefined,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: field.default !== undefined ? String(field.default) : undefined,
  });
}

/**
 * `fields` as GET /api/connectors or GET /api/imports describe them: `options` and `secrets` are
 * the built fields, for the caller to place. `disabledSecrets` greys out the secret inputs, on a
 * server that cannot store them (the caller says why beside them). `onEdit` runs when the user
 * changes a field.
 */
export function optionFields(fields, { disabledSecrets = false, onEdit = () => {} } = {}) {
  const controls = new Map();
  const build = (field) => {
    const id = uid(`option-${field.name}`);
    const helpId = uid('hint');
    const errorId = uid('error');
    const input = control(field, id, `${helpId} ${errorId}`, field.secret && disabledSecrets);
    const error = h('p', { class: 'field-error', id: errorId });
    const labelRow = h('span', { class: 'label-row' }, h('label', { for: id }, field.label), h('span', { class: 'required', 'aria-hidden': 'true', hidden: !field.required }, '(required)'));
    const wrapper =
      field.type === 'boolean'
        ? h('div', { class: 'field field--check' }, h('div', { class: 'check' }, input, h('label', { for: id }, field.label)), h('p', { class: 'hint', id: helpId }, helpText(field)), error)
        : h('div', { class: field.multiline ? 'field field--wide' : 'field' }, labelRow, input, h('p', { class: 'hint', id: helpId }, helpText(field)), error);
    controls.set(field.name, { field, input, error, wrapper });
    // A field the server refused is cleared of its problem as soon as it is edited.
    input.addEventListener(field.type === 'boolean' || field.choices ? 'change' : 'input', () => {
      input.removeAttribute('aria-invalid');
      error.textContent = '';
      onEdit();
    });
    return wrapper;
  };
  const options = fields.filter((field) => !field.secret).map(build);
  const secrets = fields.filter((field) => field.secret).map(build);

  /** What was filled in: empty fields and untouched checkboxes are left out, so defaults stay defaults. */
  function read() {
    const values = { options: {}, secrets: {} };
    for (const { field, input } of controls.values()) {
      if (input.disabled) continue;
      if (field.type === 'boolean') {
        if (input.checked !== (field.default === true)) values.options[field.name] = input.checked;
        continue;
      }
      const value = field.secret ? input.value : input.value.trim();
      if (value !== '') values[field.secret ? 'secrets' : 'options'][field.name] = value;
    }
    return values;
  }

  function clearErrors() {
    for (const { input, error } of controls.values()) {
      input.removeAttribute('aria-invalid');
      error.textContent = '';
    }
  }

  /** The server's problem per field, beside each; what no field here shows is returned. */
  function showErrors(problems) {
    clearErrors();
    const unplaced = [];
    for (const [name, problem] of Object.entries(problems ?? {})) {
      const found = controls.get(name);
      if (!found) {
        unplaced.push([name, problem]);
        continue;
      }
      found.input.setAttribute('aria-invalid', 'true');
      found.error.textContent = problem;
    }
    const first = [...controls.values()].find(({ input }) => input.getAttribute('aria-invalid') === 'true');
    first?.input.focus();
    return unplaced;
  }

  function reset() {
    clearErrors();
    for (const { field, input } of controls.values()) {
      if (field.type === 'boolean') input.checked = field.default === true;
      else input.value = '';
    }
  }

  const invalid = () => [...controls.values()].some(({ input }) => input.getAttribute('aria-invalid') === 'true');

  return { options, secrets, read, showErrors, clearErrors, reset, invalid };
}
