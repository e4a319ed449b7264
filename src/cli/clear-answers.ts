import type { ReviewChange } from '../domain/register.js';

/** What `--clear` takes, per command: the help lists the names, the action clears the answers. */

/** `review --clear`: names as the review flags spell them, and the answer each clears. */
export const REVIEW_ANSWERS: Record<string, (change: ReviewChange) => void> = {
  role: (c) => void (c.roles = null),
  purpose: (c) => void ((c.useContext ??= {}).purpose = null),
  owner: (c) => void ((c.useContext ??= {}).owner = null),
  department: (c) => void ((c.useContext ??= {}).departments = []),
  decisions: (c) => void ((c.useContext ??= {}).decisions = null),
  data: (c) => void ((c.useContext ??= {}).dataCategories = []),
  domain: (c) => void ((c.useContext ??= {}).domain = null),
  oversight: (c) => void ((c.oversight ??= {}).reviewer = null),
  'oversight-when': (c) => void ((c.oversight ??= {}).when = null),
  'oversight-override': (c) => void ((c.oversight ??= {}).override = null),
  conditions: (c) => void (c.conditions = null),
};

/** `organisation set --clear`: flag names (kebab) to the record's fields. */
export const ORGANISATION_ANSWERS: Record<string, string> = {
  name: 'name',
  'legal-name': 'legalName',
  description: 'description',
  sector: 'sector',
  location: 'location',
  website: 'website',
  'internal-issues': 'internalIssues',
  'external-issues': 'externalIssues',
  parties: 'interestedParties',
  boundaries: 'scopeBoundaries',
  interfaces: 'scopeInterfaces',
  dependencies: 'scopeDependencies',
  'document-owner': 'documentOwner',
  classification: 'classification',
};
