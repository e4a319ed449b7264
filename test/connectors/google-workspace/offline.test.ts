import { describe, expect, it } from 'vitest';
import { parseGoogleTokensExport } from '../../../connectors/google-workspace/index.js';
import { byKey, fixtureText } from './helpers.js';

describe('parseGoogleTokensExport', () => {
  it('gives the same observations for the JSON export and the GAM print tokens CSV', () => {
    const json = parseGoogleTokensExport(fixtureText('tokens-export.json'));
    const csv = parseGoogleTokensExport(fixtureText('gam-print-tokens.csv'));
    expect(json.problems).toEqual([]);
    expect(csv.problems).toEqual([]);
    expect(json.observations).toHaveLength(18);
    expect(byKey(csv.observations)).toEqual(byKey(json.observations));
    const apps = new Set(json.observations.map((o) => (o.attributes as { appName: string }).appName));
    expect([...apps].sort()).toEqual(['Calendly', 'ChatGPT', 'Fireflies.ai', 'Grammarly', 'Otter.ai', 'Slack', 'Zoom']);
    const otter = json.observations.find((o) => o.key.startsWith('gws:token:chen.wei@northwind.example:548120716302'));
    expect(otter?.attributes).toMatchObject({ provider: 'google', appName: 'Otter.ai', grantType: 'delegated', user: 'chen.wei@northwind.example', exposure: { level: 'medium' } });
  });

  it('accepts userKey-only JSON, a saved tokens.list answer, and lenient CSV headers with flattened scopes', () => {
    const json = parseGoogleTokensExport(JSON.stringify({ items: [{ clientId: 'c1.apps.googleusercontent.com', displayText: 'ChatGPT', userKey: 'Ann@Example.com', scopes: ['openid'] }] }));
    expect(json.observations[0]).toMatchObject({ key: 'gws:token:ann@example.com:c1.apps.googleusercontent.com', attributes: { user: 'ann@example.com', scopes: ['openid'] } });
    const csv = parseGoogleTokensExport('\uFEFFUser,ClientID,Display Text,scopes.0,scopes.1\r\nann@example.com,c1.apps.googleusercontent.com,ChatGPT,openid,\r\n');
    expect(csv.observations).toEqual(json.observations);
  });

  it('expands GAM aggregateusersby output (one row per app, a users column) into one grant per user', () => {
    const csv = parseGoogleTokensExport('clientId,displayText,users,scopes\nc1,ChatGPT,a@example.com b@example.com,openid\n');
    expect(csv.observations.map((o) => o.key)).toEqual(['gws:token:a@example.com:c1', 'gws:token:b@example.com:c1']);
  });

  it('reports bad rows and items with their line or position and keeps the good ones', () => {
    const csv = parseGoogleTokensExport(
      ['user,clientId,displayText,scopes', 'a@example.com,c1,ChatGPT,openid', ',c2,Otter.ai,openid', '', 'b@example.com,,Zoom,"openid', 'email"', 'c@example.com,c3,,profile'].join('\n'),
    );
    expect(csv.observations.map((o) => o.key)).toEqual(['gws:token:a@example.com:c1', 'gws:token:c@example.com:c3']);
    expect(csv.observations[1]!.attributes).toMatchObject({ appName: 'c3' });
    expect(csv.problems).toEqual([
      { line: 3, reason: 'no user' },
      { line: 5, reason: 'no clientId' },
    ]);
    const json = parseGoogleTokensExport(JSON.stringify([{ clientId: 'c1', user: 'a@example.com' }, 'x', { clientId: 'c2' }, { user: 'b@example.com' }]));
    expect(json.observations).toHaveLength(1);
    expect(json.problems.map((p) => p.reason)).toEqual(['item 2: not a token object', 'item 3: no user (userKey, primaryEmail or user)', expect.stringMatching(/^item 4: clientId/)]);
  });

  it('throws one clear error for a file that is neither format', () => {
    expect(() => parseGoogleTokensExport('')).toThrow(/expected a JSON array .* or the CSV of GAM `print tokens`.*empty/);
    expect(() => parseGoogleTokensExport('[{"clientId": ')).toThrow(/starts like JSON but does not parse/);
    expect(() => parseGoogleTokensExport('{"kind": "admin#directory#users"}')).toThrow(/without an "items" array/);
    expect(() => parseGoogleTokensExport('Date,Merchant,Amount\n2026-01-01,OPENAI,20\n')).toThrow(/GAM `print tokens`.*columns Date, Merchant, Amount/);
    expect(() => parseGoogleTokensExport('user,clientId\n"a@example.com,c1\n')).toThrow(/CSV does not parse/);
  });
});
