/**
 * Sending a file to the API with progress: fetch cannot report how much of a request body has
 * gone, XMLHttpRequest can. The file is the body itself (no form encoding), with the session's
 * CSRF token like every change.
 */
import { api, ApiError } from './api.js';
import { session } from './session.js';

/** Resolves with the answer's JSON; `onProgress(sent, total)` while the file goes out. */
export function uploadFile(url, file, { query = {}, onProgress = () => {}, signal } = {}) {
  const target = new URL(url, location.origin);
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') target.searchParams.set(name, String(value));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = { error: `the server answered ${xhr.status}` };
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      // A lost session: asking for it again sends the console to the sign-in page, as any request would.
      if (xhr.status === 401) api('/api/session').catch(() => {});
      reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new TypeError('the upload failed')));
    xhr.addEventListener('abort', () => reject(new DOMException('the upload was cancelled', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
