import type { RequiredPermission } from '../../src/domain/connector.js';
import { SCOPES, scopeName } from './options.js';

/**
 * The OAuth scopes of the service account's domain-wide delegation, per stream (README.md,
 * "Setting up domain-wide delegation"). Google offers no read-only variant of the security and
 * licensing scopes.
 */
const scope = (url: string, streams: string[], purpose: string): RequiredPermission => ({ name: scopeName(url), grant: url, streams, purpose });

export const GOOGLE_WORKSPACE_PERMISSIONS: readonly RequiredPermission[] = [
  scope(SCOPES.userRead, ['tokens', 'licences'], 'The users of the domain'),
  scope(SCOPES.userSecurity, ['tokens'], 'The OAuth tokens each user granted to third-party apps'),
  scope(SCOPES.reports, ['token-activity'], 'New consents since the last scan (Reports API, token authorize events)'),
  scope(SCOPES.licensing, ['licences'], 'Who holds a Gemini licence'),
  scope(SCOPES.chromeReports, ['chrome-apps'], 'The extensions and apps installed in managed Chrome browsers, and on which devices'),
];
