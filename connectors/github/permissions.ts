import type { RequiredPermission } from '../../src/domain/connector.js';

/**
 * What the token (classic scopes) or GitHub App (fine-grained permissions) needs per stream
 * (README.md, "Streams and the token scopes they need"). Copilot and app installations are
 * readable by organisation owners only.
 */
export const GITHUB_PERMISSIONS: readonly RequiredPermission[] = [
  {
    name: 'manage_billing:copilot',
    alternatives: ['read:org'],
    fineGrained: 'Organization "GitHub Copilot Business: read"',
    streams: ['copilot'],
    purpose: 'The Copilot plan and who holds a seat (the token of an organisation owner)',
  },
  {
    name: 'read:org',
    alternatives: ['admin:org'],
    fineGrained: 'Organization "Administration: read"',
    streams: ['apps'],
    purpose: 'The GitHub Apps installed on the organisation (the token of an organisation owner)',
  },
  {
    name: 'repo',
    fineGrained: 'Repository "Metadata: read" and "Contents: read"',
    streams: ['repositories'],
    purpose: 'The repositories, their dependency graph and manifests, and AI assistant and MCP files (repo is needed for private repositories only)',
  },
];
