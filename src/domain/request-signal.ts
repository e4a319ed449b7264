/**
 * Runs one HTTP request with a signal of its own that aborts when `parent` (a scan's) does.
 *
 * Node's fetch keeps its listener on the signal it is given until the request is
 * garbage-collected. Given a scan's signal directly, a stream of tens of thousands of requests
 * piled thousands of listeners on it: bench:scale's worker logs held 11,792 and 3,581
 * `MaxListenersExceededWarning`s, a stack trace each. The request's own signal
 * takes those; on `parent` there is one listener per request in flight, removed when it settles.
 * `run` must read the whole answer before it settles, so the abort covers the body too.
 */
export async function withRequestSignal<T>(parent: AbortSignal | undefined, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!parent) return run(undefined);
  const own = new AbortController();
  const abort = () => own.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  try {
    return await run(own.signal);
  } finally {
    parent.removeEventListener('abort', abort);
  }
}
