import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, EVENT_TYPES } from '../../../src/domain/alerts.js';
import { AI_SYSTEM_STATUSES } from '../../../src/db/schema.js';
import { OBSERVATION_KINDS } from '../../../src/domain/observation.js';
import { ORG_ROLES, RISK_TIERS, USE_DOMAINS } from '../../../src/domain/register.js';
import { EXPOSURE_LEVELS } from '../../../src/domain/scope-exposure.js';
import { CATEGORY_LABELS } from '../../../src/domain/taxonomy.js';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../../src/domain/incidents.js';
import { DOCUMENT_KINDS, IMPLEMENTATION_STATUSES } from '../../../src/domain/organisation.js';
import { CERTIFICATIONS } from '../../../src/domain/register.js';
import { CERTIFICATION_LABELS, DOCUMENT_LABELS, IMPLEMENTATION_LABELS, INCIDENT_KIND_LABELS, INCIDENT_STATUS_LABELS, ROLE_LABELS, SEVERITY_LABELS, SOURCE_LABELS, STATUS_LABELS } from '../../../src/domain/words.js';
import { CONNECTION_KINDS } from '../../../src/scan/connection-input.js';
// @ts-expect-error: the console is plain JavaScript without type declarations.
import * as vocab from '../../../web/assets/vocab.js';

const keys = (words: Record<string, string>) => Object.keys(words).sort();

/** The console cannot import the TypeScript domain; this keeps its copy of the words from drifting. */
describe("the console's vocabulary", () => {
  it('has a label for every word the server uses, and no other', () => {
    expect(keys(vocab.STATUSES)).toEqual([...AI_SYSTEM_STATUSES].sort());
    expect(vocab.CATEGORIES).toEqual(CATEGORY_LABELS);
    expect(keys(vocab.SOURCES)).toEqual([...OBSERVATION_KINDS].sort());
    expect(keys(vocab.ROLES)).toEqual([...ORG_ROLES].sort());
    expect(keys(vocab.USE_DOMAINS)).toEqual([...USE_DOMAINS].sort());
    expect(keys(vocab.RISK_TIERS)).toEqual([...RISK_TIERS].sort());
    expect(keys(vocab.EXPOSURE_LEVELS)).toEqual([...EXPOSURE_LEVELS].sort());
    expect(keys(vocab.EVENT_TYPES)).toEqual([...EVENT_TYPES].sort());
    expect(keys(vocab.CHANNELS)).toEqual([...CHANNEL_KINDS].sort());
    // The kinds a connection can be added as (imports make others, shown as they are).
    expect(keys(vocab.CONNECTION_KINDS)).toEqual([...CONNECTION_KINDS].sort());
    expect(keys(vocab.CERTIFICATIONS)).toEqual([...CERTIFICATIONS].sort());
    expect(keys(vocab.IMPLEMENTATION)).toEqual([...IMPLEMENTATION_STATUSES, 'partially_implemented'].sort());
    expect(keys(vocab.INCIDENT_KINDS)).toEqual([...INCIDENT_KINDS].sort());
    expect(keys(vocab.SEVERITIES)).toEqual([...INCIDENT_SEVERITIES].sort());
    expect(keys(vocab.INCIDENT_STATUSES)).toEqual([...INCIDENT_STATUSES].sort());
    expect(keys(vocab.DOCUMENTS)).toEqual([...DOCUMENT_KINDS].sort());
  });

  it('uses the same words as the documents and the history', () => {
    expect(vocab.STATUSES).toEqual(STATUS_LABELS);
    expect(vocab.ROLES).toEqual(ROLE_LABELS);
    expect(vocab.SOURCES).toEqual(SOURCE_LABELS);
    expect(vocab.CERTIFICATIONS).toEqual(CERTIFICATION_LABELS);
    expect(vocab.IMPLEMENTATION).toEqual(IMPLEMENTATION_LABELS);
    expect(vocab.INCIDENT_KINDS).toEqual(INCIDENT_KIND_LABELS);
    expect(vocab.SEVERITIES).toEqual(SEVERITY_LABELS);
    expect(vocab.INCIDENT_STATUSES).toEqual(INCIDENT_STATUS_LABELS);
    expect(vocab.DOCUMENTS).toEqual(DOCUMENT_LABELS);
  });
});
