/**
 * Who is signed in, and what their role lets them do. The CSRF token lives only in memory:
 * a page reload fetches it again from GET /api/session.
 */

export const session = { principal: null, csrfToken: null };

export function setSession(data) {
  session.principal = data?.principal ?? null;
  session.csrfToken = data?.csrfToken ?? null;
}

export function clearSession() {
  setSession(null);
}

/**
 * Mirrors the server's roles so the console hides what would be refused: admin does everything,
 * compliance reviews and exports, security manages alert rules, viewer reads. The server decides.
 */
const ABILITIES = {
  review: ['admin', 'compliance'],
  export: ['admin', 'compliance'],
  administer: ['admin'],
  alerts: ['admin', 'security'],
};

export function can(ability) {
  const role = session.principal?.role;
  return Boolean(role && ABILITIES[ability]?.includes(role));
}

/** "compliance or admin", for messages that explain why an action is missing. */
export function rolesFor(ability) {
  return ABILITIES[ability].slice().reverse().join(' or ');
}
