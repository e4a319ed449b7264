/**
 * Modal dialogs on the native <dialog>: it traps focus and closes on Escape by itself. Focus goes
 * back to where it was, so a keyboard user continues from the row or button they left.
 */
import { h, uid } from '../dom.js';
import { textArea } from './form.js';

/** content(close) returns the dialog's body; close(result) resolves the returned promise. */
export function openDialog({ title, content, className = '' }) {
  const returnTo = document.activeElement;
  const titleId = uid('dialog-title');
  return new Promise((resolve) => {
    let result = null;
    const dialog = h('dialog', { class: `dialog ${className}`.trim(), 'aria-labelledby': titleId });
    const close = (value) => {
      result = value;
      dialog.close();
    };
    dialog.append(h('h2', { id: titleId }, title), ...[content(close)].flat());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function isDialogOpen() {
  return document.querySelector('dialog[open]') !== null;
}

/** Resolves true when the user confirms; Escape and Cancel resolve false. */
export async function confirmDialog({ title, message, confirmLabel, danger = true }) {
  const answer = await openDialog({
    title,
    content: (close) => [
      h('p', {}, message),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: danger ? 'button button--danger' : 'button button--primary', onclick: () => close(true) }, confirmLabel),
        h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => close(false) }, 'Cancel'),
      ),
    ],
  });
  return answer === true;
}

/** Asks for one required text, e.g. the conditions of a decision; null when cancelled. */
export function textDialog({ title, label, hint, confirmLabel, value = '' }) {
  return openDialog({
    title,
    content: (close) => {
      const form = h(
        'form',
        { class: 'form' },
        textArea({ label, name: 'text', value, hint, required: true, autofocus: true }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'button button--primary' }, confirmLabel),
          h('button', { type: 'button', class: 'button', onclick: () => close(null) }, 'Cancel'),
        ),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const text = form.elements.namedItem('text').value.trim();
        if (text) close(text);
      });
      return form;
    },
  });
}
