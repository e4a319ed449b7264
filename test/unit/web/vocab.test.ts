import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, EVENT_TYPES } from '../../../src/domain/alerts.js';
import { AI_SYSTEM_STATUSES } from '../../../src/db/schema.js';
import { OBSERVATION_KINDS } from '../../../src/domain/observation.js';
import { ORG_ROLES, RISK_TIERS, USE_DOMAINS } from '../../../src/domain/register.js';
import { EXPOSURE_LEVELS } from '../../../src/domain/scope-exposure.js';
import { CATEGORY_LABELS } from '../../../src/domain/taxonomy.js';
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
  });
});
