/**
 * Client-side routing with the History API. The server answers every console path with
 * index.html, so any of them can be loaded, bookmarked or reloaded directly.
 */

let handler = () => {};

function compile(pattern) {
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

/** routes: [{ path: '/systems/:id', … }] → the first that matches, with decoded params. */
export function matchRoute(routes, pathname) {
  for (const route of routes) {
    route.compiled ??= compile(route.path);
    const found = route.compiled.regex.exec(pathname);
    if (!found) continue;
    const params = {};
    route.compiled.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(found[i + 1]);
      } catch {
        params[name] = found[i + 1];
      }
    });
    return { route, params };
  }
  return null;
}

export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, location.origin);
  history[replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  handler(url, { initial: false });
}

/** Keeps filters in the address bar (so reload and sharing keep them) without a new page. */
export function replaceQuery(params) {
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
}

/** Only same-site paths outside the console's own sign-in page: no open redirect after login. */
export function safeNext(value) {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/api/')) return '/';
  return value;
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.target || link.hasAttribute('download')) return;
  if (link.getAttribute('href').startsWith('#')) return;
  const url = new URL(link.href);
  // Exports and other API links are real downloads and documents, not console pages.
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/** Calls render(url, { initial }) now, on every internal link and on back/forward. */
export function startRouter(render) {
  handler = render;
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => render(new URL(location.href), { initial: false }));
  render(new URL(location.href), { initial: true });
}
