/**
 * The console's entry point: asks who is signed in, then shows the page for the address,
 * sending anyone without a session to /login and back afterwards.
 */
import { api, ApiError, onUnauthorized } from './api.js';
import { markCurrentLink, setTitle, updateChrome } from './chrome.js';
import { h } from './dom.js';
import { matchRoute, navigate, safeNext, startRouter } from './router.js';
import { clearSession, session, setSession } from './session.js';
import { clearStatus, describeError, reportError } from './status.js';
import { loadVocabulary } from './vocab.js';
import { loading, pageHeader } from './components/page.js';
import * as alerts from './pages/alerts.js';
import * as connections from './pages/connections.js';
import * as dashboard from './pages/dashboard.js';
import * as documentPage from './pages/document.js';
import * as exportsPage from './pages/exports.js';
import * as incident from './pages/incident.js';
import * as incidents from './pages/incidents.js';
import * as inventory from './pages/inventory.js';
import * as login from './pages/login.js';
import * as notFound from './pages/not-found.js';
import * as organisation from './pages/organisation.js';
import * as review from './pages/review.js';
import * as schedules from './pages/schedules.js';
import * as system from './pages/system.js';
import * as tokens from './pages/tokens.js';
import * as users from './pages/users.js';
import * as vendor from './pages/vendor.js';
import * as vendors from './pages/vendors.js';

const ROUTES = [
  { path: '/login', title: 'Sign in', page: login, public: true },
  { path: '/', title: 'Dashboard', page: dashboard },
  { path: '/review', title: 'Review queue', page: review },
  { path: '/inventory', title: 'Inventory', page: inventory },
  { path: '/systems/:id', title: 'AI system', page: system },
  { path: '/vendors', title: 'Vendors', page: vendors },
  { path: '/vendors/:name', title: 'Vendor', page: vendor },
  { path: '/incidents', title: 'AI incidents', page: incidents },
  { path: '/incidents/:id', title: 'AI incident', page: incident },
  { path: '/organisation', title: 'Organisation', page: organisation },
  { path: '/documents/:kind', title: 'Document', page: documentPage },
  { path: '/connections', title: 'Connections', page: connections },
  { path: '/schedules', title: 'Schedules', page: schedules },
  { path: '/alerts', title: 'Alerts', page: alerts },
  { path: '/users', title: 'Users', page: users },
  { path: '/tokens', title: 'API tokens', page: tokens },
  { path: '/exports', title: 'Exports', page: exportsPage },
];
const NOT_FOUND = { path: '', title: 'Page not found', page: notFound };

const main = document.getElementById('main');
let current = null;

function here() {
  return `${location.pathname}${location.search}`;
}

function toLogin() {
  const next = here();
  navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
}

async function loadSession() {
  try {
    setSession(await api('/api/session', { expect401: true }));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    clearSession();
  }
}

function focusHeading() {
  const heading = main.querySelector('h1');
  (heading ?? main).focus({ preventScroll: false });
}

/** Each page gets a signal that aborts when the user leaves it: requests, polls and key handlers stop. */
async function show(url, { initial }) {
  current?.abort();
  // A dialog belongs to the page that opened it; back and forward must not carry it along.
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  const controller = new AbortController();
  current = controller;
  const { route, params } = matchRoute(ROUTES, url.pathname) ?? { route: NOT_FOUND, params: {} };
  if (!route.public && !session.principal) return toLogin();
  if (route.page === login && session.principal) return navigate(safeNext(url.searchParams.get('next')), { replace: true });

  updateChrome();
  markCurrentLink(url.pathname);
  setTitle(route.title);
  if (!initial) clearStatus();
  main.replaceChildren(loading());
  try {
    const view = await route.page.render({ params, query: url.searchParams, signal: controller.signal, setTitle });
    if (controller.signal.aborted) return;
    main.replaceChildren(view);
  } catch (error) {
    if (controller.signal.aborted || error?.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) return;
    main.replaceChildren(pageHeader(route.title), h('p', { class: 'error-text' }, describeError(error)));
    reportError(error);
  }
  // Focus follows navigation so screen readers start at the new page; a fresh load starts at the top.
  if (!initial) focusHeading();
}

document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

onUnauthorized(() => {
  clearSession();
  updateChrome();
  if (location.pathname !== '/login') toLogin();
});

// The words first: every page labels codes with them.
Promise.all([loadVocabulary(), loadSession()])
  .then(() => startRouter(show))
  .catch((error) => {
    main.replaceChildren(pageHeader('unshadow'), h('p', { class: 'error-text' }, `The console could not start: ${describeError(error)}`));
  });
