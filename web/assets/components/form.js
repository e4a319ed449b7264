/**
 * Labelled form controls. Each control has a <label> bound by id; hints are tied with
 * aria-describedby so they are read with the control, not just seen beside it.
 */
import { h, uid } from '../dom.js';

function described(hint) {
  if (!hint) return { id: undefined, node: null };
  const id = uid('hint');
  return { id, node: h('p', { class: 'hint', id }, hint) };
}

/**
 * The label with a visible "(required)" beside it, not inside it: the label text stays the
 * field's exact name. The marker is always built so a form can switch it on and off.
 */
function labelRow(id, text, required) {
  return h('span', { class: 'label-row' }, h('label', { for: id }, text), h('span', { class: 'required', 'aria-hidden': 'true', hidden: !required }, '(required)'));
}

export function textField({ label, name, value, type = 'text', hint, required, ...attrs }) {
  const id = uid(name);
  const help = described(hint);
  return h(
    'div',
    { class: 'field' },
    labelRow(id, label, required),
    h('input', { id, name, type, required, value: value ?? '', 'aria-describedby': help.id, ...attrs }),
    help.node,
  );
}

export function textArea({ label, name, value, hint, rows = 3, required, ...attrs }) {
  const id = uid(name);
  const help = described(hint);
  return h(
    'div',
    { class: 'field field--wide' },
    labelRow(id, label, required),
    h('textarea', { id, name, rows, required, value: value ?? '', 'aria-describedby': help.id, ...attrs }),
    help.node,
  );
}

/** options: [[value, text], …]; a leading ['', 'Any'] gives the "no choice" entry. */
export function selectField({ label, name, options, value, hint, ...attrs }) {
  const id = uid(name);
  const help = described(hint);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name, value, 'aria-describedby': help.id, ...attrs }, options.map(([v, text]) => h('option', { value: v }, text))),
    help.node,
  );
}

export function checkbox({ label, name, value = 'on', checked = false, ...attrs }) {
  const id = uid(name);
  return h('div', { class: 'check' }, h('input', { id, name, type: 'checkbox', value, checked, ...attrs }), h('label', { for: id }, label));
}

/** A <fieldset> of checkboxes sharing one name; the legend names the group. */
export function checkboxGroup({ legend, name, options, checked = [], hint }) {
  const help = described(hint);
  return h(
    'fieldset',
    { class: 'checks', 'aria-describedby': help.id },
    h('legend', {}, legend),
    help.node,
    h('div', { class: 'checks__list' }, options.map(([value, text]) => checkbox({ label: text, name, value, checked: checked.includes(value) }))),
  );
}

/** A trimmed field value; '' when the form has no such field. */
export function read(form, name) {
  const field = form.elements.namedItem(name);
  return typeof field?.value === 'string' ? field.value.trim() : '';
}

export function readChecked(form, name) {
  return [...form.querySelectorAll(`input[type="checkbox"][name="${name}"]:checked`)].map((input) => input.value);
}

export function readBoolean(form, name) {
  return Boolean(form.elements.namedItem(name)?.checked);
}

/** "Sales, Support ," → ['Sales', 'Support']. */
export function splitList(text) {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Runs an action with its button disabled, so a double click does not send it twice; the
 * button's text is untouched to keep its accessible name stable.
 */
export async function whileBusy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * What a form changes of a recorded answer: the new text, `null` when a recorded answer was
 * emptied (the server clears it), undefined when nothing changed.
 */
export function textChange(form, name, recorded) {
  const now = read(form, name);
  if (now === (recorded ?? '')) return undefined;
  return now === '' ? null : now;
}

/** A list field (comma- or line-separated) against the recorded list: the new list, or undefined. */
export function listChange(form, name, recorded, { lines = false } = {}) {
  const raw = read(form, name);
  const now = lines ? raw.split('\n').map((line) => line.trim()).filter(Boolean) : splitList(raw);
  const before = recorded ?? [];
  return now.length === before.length && now.every((item, i) => item === before[i]) ? undefined : now;
}

/** A yes / no / not recorded select against a recorded boolean. */
export function booleanChange(form, name, recorded) {
  const now = read(form, name);
  const value = now === 'yes' ? true : now === 'no' ? false : null;
  return value === (recorded ?? null) ? undefined : value;
}

/** The fields that changed, without the unchanged (undefined) ones. */
export function changed(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
