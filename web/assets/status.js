/**
 * The polite live region under the header: confirmations and API errors are read out by
 * screen readers and stay visible until the next message or page.
 */
import { ApiError } from './api.js';

function region() {
  return document.getElementById('status');
}

function show(text, tone) {
  const el = region();
  el.className = `status-region status-region--${tone}`;
  // Emptying first makes a repeated message ("ChatGPT approved" twice) count as a change.
  el.textContent = '';
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}

export function announce(text) {
  show(text, 'info');
}

/** "error. hint": what went wrong and, when the API says, what to do about it. */
export function describeError(error) {
  if (error instanceof ApiError) {
    const prefix = error.status === 403 ? 'Not allowed: ' : '';
    return `${prefix}${error.message}${error.hint ? `. ${error.hint}` : ''}`;
  }
  if (error?.name === 'TypeError') return 'The server could not be reached. Check the connection and try again.';
  return error?.message || String(error);
}

/**
 * Shows an error unless it is a lost session (the app is already on its way to the sign-in
 * page) or a request cancelled because the user left the page.
 */
export function reportError(error) {
  if (error?.name === 'AbortError') return;
  if (error instanceof ApiError && error.status === 401) return;
  show(describeError(error), 'error');
}

export function clearStatus() {
  const el = region();
  el.className = 'status-region';
  el.textContent = '';
}
