import { describe, expect, it } from 'vitest';
import { widening } from '../../../src/inventory/reopen.js';
import { diffFields } from '../../../src/inventory/audit.js';

describe('diffFields', () => {
  it('names each changed answer by its path, with before and after', () => {
    expect(diffFields({ roles: ['ai_customer'], useContext: { purpose: 'a', departments: [] } }, { roles: ['ai_customer', 'ai_provider'], useContext: { purpose: 'b', departments: ['HR'] } })).toEqual([
      { field: 'roles', before: ['ai_customer'], after: ['ai_customer', 'ai_provider'] },
      { field: 'useContext.departments', before: [], after: ['HR'] },
      { field: 'useContext.purpose', before: 'a', after: 'b' },
    ]);
  });

  it('sees no change between absent and empty lists, or identical records', () => {
    expect(diffFields({ useContext: { departments: [] } }, { useContext: {} })).toEqual([]);
    expect(diffFields({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x' } })).toEqual([]);
  });
});

describe('widening', () => {
  it('reopens on many more users: at least double and at least 5 more', () => {
    expect(widening({ users: 2, exposure: 'none' }, { users: 7, exposure: 'none' })).toEqual(['users grew from 2 to 7']);
    expect(widening({ users: 2, exposure: 'none' }, { users: 6, exposure: 'none' })).toEqual([]);
    expect(widening({ users: 20, exposure: 'none' }, { users: 39, exposure: 'none' })).toEqual([]);
    expect(widening({ users: 0, exposure: 'none' }, { users: 5, exposure: 'none' })).toHaveLength(1);
  });

  it('reopens on broader OAuth scopes, never on narrower ones', () => {
    expect(widening({ users: 3, exposure: 'low' }, { users: 3, exposure: 'high' })[0]).toMatch(/from low to high/);
    expect(widening({ users: 3, exposure: 'high' }, { users: 3, exposure: 'low' })).toEqual([]);
  });

  it('counts much more spend in the same currency as wider use', () => {
    const at = (amount: number, currency = 'USD') => ({ users: 3, exposure: 'none' as const, spend: { amount, currency } });
    expect(widening(at(40), at(400))).toEqual(['monthly spend grew from USD 40.00 to USD 400.00']);
    expect(widening(at(40), at(120))).toEqual([]);
    expect(widening(at(400), at(700))).toEqual([]);
    expect(widening(at(40), at(400, 'EUR'))).toEqual([]);
    expect(widening({ users: 3, exposure: 'none' }, at(400))).toEqual([]);
  });
});
