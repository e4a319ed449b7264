import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reviewDueOn } from '../../../src/domain/register.js';
import { applyChange, describeIssue, isoDate, strictInput } from '../../../src/domain/validation.js';
import { actorWords, valueWords } from '../../../src/domain/words.js';

describe('applyChange', () => {
  it('replaces given answers, clears those given as null, keeps the absent ones, nested too', () => {
    const before = { conditions: 'no customer data', useContext: { purpose: 'drafting', owner: 'Ana', departments: ['Sales'] }, oversight: { when: 'before sending' } };
    expect(applyChange(before, { conditions: null, useContext: { owner: 'Ben', departments: [] }, oversight: { when: null } })).toEqual({
      useContext: { purpose: 'drafting', owner: 'Ben', departments: [] },
      oversight: {},
    });
  });
});

describe('refusing unknown fields', () => {
  it('names the unknown fields and the fields a strict input takes', () => {
    const issue = strictInput({ owner: z.string().optional(), dpa: z.boolean().optional() }).safeParse({ iso42001: true, colour: 'red' }).error!.issues[0]!;
    expect(describeIssue(issue)).toBe("unknown fields 'iso42001', 'colour'; the fields it takes are: dpa, owner");
  });

  it('names them, and where, for a plain strict object', () => {
    const issue = z.strictObject({ useContext: z.strictObject({ purpose: z.string() }) }).safeParse({ useContext: { purpose: 'x', team: 'Sales' } }).error!.issues[0]!;
    expect(describeIssue(issue)).toBe("unknown field 'team' in useContext");
  });
});

describe('the history in words', () => {
  it('names who acted as people read it', () => {
    expect(actorWords('token:demo')).toBe("API token 'demo'");
    expect(actorWords('user:carol')).toBe('carol');
    expect(actorWords('scan:6f1c2a90-1111-4a7e-9d2e-0a1b2c3d4e01', new Map([['6f1c2a90-1111-4a7e-9d2e-0a1b2c3d4e01', 'demo-expenses']]))).toBe('scan of demo-expenses');
    expect(actorWords('scan:6f1c2a90-1111-4a7e-9d2e-0a1b2c3d4e01')).toBe('a scan');
    expect(actorWords('erin@example.com')).toBe('erin@example.com');
  });

  it('writes values as words: codes as labels, lists joined, booleans as yes or no', () => {
    expect(valueWords('status', 'approved_with_conditions')).toBe('Approved with conditions');
    expect(valueWords('useContext.domain', 'internal_productivity')).toBe('Internal productivity');
    expect(valueWords('roles', ['ai_customer', 'ai_producer'])).toBe('AI customer; AI producer');
    expect(valueWords('certifications', ['iso42001'])).toBe('ISO/IEC 42001');
    expect(valueWords('dataProcessingAgreement', true)).toBe('Yes');
    expect(valueWords('interestedParties', [{ party: 'Customers', requirements: 'no data in unreviewed AI' }])).toBe('Customers: no data in unreviewed AI');
    expect(valueWords('oversight.when', null)).toBe('—');
  });
});

describe('dates people type', () => {
  it('takes real calendar dates only', () => {
    expect(isoDate.safeParse('2028-02-29').success).toBe(true);
    expect(isoDate.safeParse('2026-02-30').error?.issues[0]?.message).toBe('a real calendar date as YYYY-MM-DD');
    expect(isoDate.safeParse('30.11.2026').error?.issues[0]?.message).toBe('a date as YYYY-MM-DD');
  });
});

describe('review due dates', () => {
  it('is the recorded next review, or a year after the last', () => {
    expect(reviewDueOn({ reviewedOn: '2026-02-28', nextReviewOn: '2026-08-31' })).toBe('2026-08-31');
    expect(reviewDueOn({ reviewedOn: '2026-02-28' })).toBe('2027-02-28');
    expect(reviewDueOn({})).toBeUndefined();
  });
});
