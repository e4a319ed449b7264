/**
 * Name/value rows a user can add and remove: connection options and secrets. Secret values use
 * password inputs and start empty; nothing stored is ever shown back.
 */
import { h, uid } from '../dom.js';

export function keyValueRows({ legend, noun, secret = false, hint, namePlaceholder, valuePlaceholder }) {
  const rows = [];
  const list = h('div', { class: 'kv__rows' });
  const hintId = hint ? uid('hint') : undefined;

  function renumber() {
    rows.forEach((row, i) => {
      row.nameLabel.textContent = `${noun} ${i + 1} name`;
      row.valueLabel.textContent = `${noun} ${i + 1} value`;
      row.remove.textContent = `Remove ${noun.toLowerCase()} ${i + 1}`;
    });
  }

  function addRow() {
    const nameId = uid('kv-name');
    const valueId = uid('kv-value');
    const row = {
      nameLabel: h('label', { for: nameId }),
      valueLabel: h('label', { for: valueId }),
      nameInput: h('input', { id: nameId, type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: namePlaceholder }),
      valueInput: h('input', { id: valueId, type: secret ? 'password' : 'text', autocomplete: secret ? 'new-password' : 'off', spellcheck: 'false', placeholder: valuePlaceholder, 'aria-describedby': hintId }),
      remove: h('button', { type: 'button', class: 'button button--small' }),
    };
    row.el = h('div', { class: 'kv__row' }, h('div', { class: 'field' }, row.nameLabel, row.nameInput), h('div', { class: 'field' }, row.valueLabel, row.valueInput), row.remove);
    row.remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      row.el.remove();
      renumber();
      add.focus();
    });
    rows.push(row);
    list.append(row.el);
    renumber();
    return row;
  }

  const add = h('button', { type: 'button', class: 'button button--small', onclick: () => addRow().nameInput.focus() }, `Add ${noun.toLowerCase()}`);
  const element = h('fieldset', { class: 'kv' }, h('legend', {}, legend), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, list, add);

  /** The rows with a name, as an object; a blank name means the row was left unused. */
  function read() {
    const values = {};
    for (const row of rows) {
      const name = row.nameInput.value.trim();
      if (name) values[name] = row.valueInput.value;
    }
    return values;
  }

  function reset() {
    rows.splice(0).forEach((row) => row.el.remove());
  }

  return { element, read, reset };
}
