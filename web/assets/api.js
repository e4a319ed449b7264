/**
 * The one way the console talks to the API: JSON in and out, the session cookie sent by the
 * browser, and the CSRF token added to every change because a cookie alone proves nothing.
 */
import { session } from './session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || `the server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.hint = body?.hint ?? null;
    /** The problem with each named field of the body, for a form to show beside the field. */
    this.fields = body?.fields ?? null;
  }
}

let unauthorized = () => {};

/** What to do when the session has gone: the app sends the user to the sign-in page. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * `api('/api/inventory', { query: { q: 'chat' } })`; `expect401` is for the session endpoints,
 * where "not signed in" is an answer rather than a lost session.
 */
export async function api(path, { method = 'GET', body, query, signal, expect401 = false } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { accept: 'application/json' };
  if (!SAFE_METHODS.has(method)) {
    headers['content-type'] = 'application/json';
    if (session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  }
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? (SAFE_METHODS.has(method) ? undefined : '{}') : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const data = await readJson(response);
  if (response.ok) return data;
  const error = new ApiError(response.status, data);
  if (response.status === 401 && !expect401) unauthorized();
  throw error;
}

async function readJson(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: `the server answered ${response.status} ${response.statusText}`.trim() };
  }
}

/** Path segments built from names and ids, so "a/b" stays one segment. */
export function path(...segments) {
  return segments.map((segment, i) => (i === 0 ? segment : encodeURIComponent(segment))).join('/');
}
