import { describe, expect, it } from 'vitest';
import { parseSeatList } from '../../../src/pipeline/seat-lists.js';

/** AI vendors' seat lists as licence observations (provider other) that the catalog's seat plans match. */
describe('seat lists', () => {
  it('reads a CSV by its header names, one subscription per vendor and plan and one assignment per person', () => {
    const list = parseSeatList('Vendor,Product,Plan,Seats,Email\nAnthropic,Claude,Team,10,ana@x.io\nAnthropic,Claude,Team,10,BEN@x.io\n');
    expect(list.vendors).toEqual(['Anthropic']);
    expect(list.observations).toEqual([
      { kind: 'licence', key: 'seats:anthropic/claude-team', attributes: { provider: 'other', vendor: 'Anthropic', skuId: 'anthropic/claude-team', skuName: 'Claude Team', seats: 10, consumed: 2 } },
      { kind: 'licence', key: 'seats:anthropic/claude-team:ana@x.io', attributes: { provider: 'other', vendor: 'Anthropic', skuId: 'anthropic/claude-team', skuName: 'Claude Team', user: 'ana@x.io' } },
      { kind: 'licence', key: 'seats:anthropic/claude-team:ben@x.io', attributes: { provider: 'other', vendor: 'Anthropic', skuId: 'anthropic/claude-team', skuName: 'Claude Team', user: 'ben@x.io' } },
    ]);
  });

  it('adds the seats of one row per plan, counts people where no seats column is, and splits cells that list several', () => {
    const perPlan = parseSeatList('Supplier;Licence Type;Quantity;Assigned Users\nCursor;Business;5;a@x.io, b@x.io\nCursor;Business;3;c@x.io, d@x.io\n');
    expect(perPlan.observations[0]!.attributes).toMatchObject({ skuName: 'Business', seats: 8, consumed: 4 });
    const members = parseSeatList('Name\tEmail\tRole\na\ta@x.io\tOwner\nb\tb@x.io\tMember\n', { vendor: 'OpenAI', plan: 'ChatGPT Team' });
    expect(members.observations[0]!.attributes).toMatchObject({ vendor: 'OpenAI', skuName: 'ChatGPT Team', seats: 2 });
  });

  it('reads JSON lists, with a vendor for all of them and users as strings or objects', () => {
    const list = parseSeatList(JSON.stringify({ vendor: 'Anthropic', data: [{ plan: 'Team', seats: 4, users: ['a@x.io', { email: 'b@x.io' }] }] }));
    expect(list.observations).toHaveLength(3);
    expect(list.observations[0]!.attributes).toMatchObject({ vendor: 'Anthropic', skuName: 'Team', seats: 4 });
  });

  it('takes --map for other words, and reports rows it cannot read without failing the rest', () => {
    const mapped = parseSeatList('Tool Vendor,Kind,Holder,Seats\nGrammarly,Business,a@x.io,two\nGrammarly,Business,b@x.io,2\n', { map: 'Tool Vendor=vendor,Kind=plan,Holder=user' });
    expect(mapped.problems).toEqual([{ at: 'line 2', message: "seats 'two' is not a whole number" }]);
    expect(mapped.observations[0]!.attributes).toMatchObject({ vendor: 'Grammarly', skuName: 'Business', seats: 2 });
    expect(() => parseSeatList('Email\na@x.io\n')).toThrow(/names no vendor/);
    expect(() => parseSeatList('Email\na@x.io\n', { map: 'Owner=vendor' })).toThrow(/--map names the column 'owner'/);
    expect(() => parseSeatList('Email\na@x.io\n', { map: 'Email=mailbox' })).toThrow(/not of the form/);
  });
});
