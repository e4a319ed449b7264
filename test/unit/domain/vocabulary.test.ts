import { describe, expect, it } from 'vitest';
import { AI_SYSTEM_STATUSES } from '../../../src/db/schema.js';
import { ROLES } from '../../../src/domain/access.js';
import { CHANNEL_KINDS, DELIVERY_STATUSES, EVENT_TYPES } from '../../../src/domain/alerts.js';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../../src/domain/incidents.js';
import { OBSERVATION_KINDS } from '../../../src/domain/observation.js';
import { DOCUMENT_KINDS, IMPLEMENTATION_STATUSES } from '../../../src/domain/organisation.js';
import { CERTIFICATIONS, ORG_ROLES, RISK_TIERS, USE_DOMAINS } from '../../../src/domain/register.js';
import { EXPOSURE_LEVELS } from '../../../src/domain/scope-exposure.js';
import { CATEGORY_LABELS } from '../../../src/domain/taxonomy.js';
import { vocabulary } from '../../../src/domain/vocabulary.js';
import { CONNECTION_KINDS } from '../../../src/scan/connection-input.js';
import { PRESETS, WEEKDAYS } from '../../../src/schedule/describe.js';

const keys = (words: Record<string, string>) => Object.keys(words).sort();

/** The served vocabulary has a word for every code the server uses, and no other. */
describe('the vocabulary', () => {
  const words = vocabulary();

  it('names every code of each list', () => {
    expect(keys(words.STATUSES)).toEqual([...AI_SYSTEM_STATUSES].sort());
    expect(words.CATEGORIES).toEqual(CATEGORY_LABELS);
    expect(keys(words.SOURCES)).toEqual([...OBSERVATION_KINDS].sort());
    expect(keys(words.ROLES)).toEqual([...ORG_ROLES].sort());
    expect(keys(words.USE_DOMAINS)).toEqual([...USE_DOMAINS].sort());
    expect(keys(words.RISK_TIERS)).toEqual([...RISK_TIERS].sort());
    expect(keys(words.EXPOSURE_LEVELS)).toEqual([...EXPOSURE_LEVELS].sort());
    expect(keys(words.EVENT_TYPES)).toEqual([...EVENT_TYPES].sort());
    expect(keys(words.CHANNELS)).toEqual([...CHANNEL_KINDS].sort());
    // The kinds a connection can be added as (imports make others, shown as they are).
    expect(keys(words.CONNECTION_KINDS)).toEqual([...CONNECTION_KINDS].sort());
    expect(keys(words.CERTIFICATIONS)).toEqual([...CERTIFICATIONS].sort());
    expect(keys(words.IMPLEMENTATION)).toEqual([...IMPLEMENTATION_STATUSES, 'partially_implemented'].sort());
    expect(keys(words.INCIDENT_KINDS)).toEqual([...INCIDENT_KINDS].sort());
    expect(keys(words.SEVERITIES)).toEqual([...INCIDENT_SEVERITIES].sort());
    expect(keys(words.INCIDENT_STATUSES)).toEqual([...INCIDENT_STATUSES].sort());
    expect(keys(words.DOCUMENTS)).toEqual([...DOCUMENT_KINDS].sort());
    expect(keys(words.ACCESS_ROLES)).toEqual([...ROLES].sort());
    expect(keys(words.ACCESS_ROLE_DESCRIPTIONS)).toEqual([...ROLES].sort());
    expect(keys(words.DELIVERY_STATUSES)).toEqual([...DELIVERY_STATUSES].sort());
    expect(keys(words.SCHEDULE_PRESETS)).toEqual([...PRESETS].sort());
    expect(keys(words.WEEKDAYS)).toEqual([...WEEKDAYS].sort());
  });

  it('holds words only, nothing about an installation', () => {
    for (const [name, dictionary] of Object.entries(words)) {
      for (const [code, text] of Object.entries(dictionary)) {
        expect(typeof text, `${name}.${code}`).toBe('string');
        expect(text, `${name}.${code}`).not.toMatch(/https?:|@|\/\//);
      }
    }
  });
});
