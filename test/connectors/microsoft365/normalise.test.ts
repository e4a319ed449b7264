import { describe, expect, it } from 'vitest';
import { normaliseEntraExport, normaliseSubscribedSkus } from '../../../connectors/microsoft365/index.js';
import type { OauthGrantAttributes } from '../../../src/domain/observation.js';
import { observationSchemas } from '../../../src/domain/observation.js';
import { fixture, licence, TENANT } from './helpers.js';

const exported = fixture('entra-export.json');

describe('normaliseSubscribedSkus', () => {
  it('turns the fixture /subscribedSkus response into one licence per SKU', () => {
    const observations = normaliseSubscribedSkus(fixture('subscribed-skus.json'));
    expect(observations.map((o) => licence(o).skuName)).toEqual(['ENTERPRISEPACK', 'SPE_E5', 'Microsoft_365_Copilot', 'POWER_BI_PRO', 'FLOW_FREE']);
    expect(observations[2]).toEqual({
      kind: 'licence',
      key: 'm365:sku:639dec6b-bb19-468b-871c-c5c441c4b0cb',
      attributes: { provider: 'microsoft', skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb', skuName: 'Microsoft_365_Copilot', seats: 15, consumed: 12 },
    });
    for (const o of observations) expect(observationSchemas.licence.safeParse(o.attributes).success).toBe(true);
  });

  it('accepts a bare array and the official example', () => {
    expect(normaliseSubscribedSkus(fixture('subscribed-skus.json').value)).toHaveLength(5);
    const official = normaliseSubscribedSkus(JSON.parse(JSON.stringify(fixture('subscribed-skus.json').value.slice(0, 1))));
    expect(official[0]!.key).toBe('m365:sku:6fd2c87f-b296-42f0-b197-1e91e994b900');
  });

  it.each([
    [{ value: 'nope' }, /expected the \/subscribedSkus response/],
    [{ skus: [] }, /expected the \/subscribedSkus response.*got an object with keys skus/],
    ['text', /got a string/],
    [null, /got null/],
    [{ value: [{ skuPartNumber: 'SPE_E5' }] }, /expected subscribedSku objects with a skuId; \[0\]\.skuId/],
  ])('malformed %j → a clear Error', (json, message) => {
    expect(() => normaliseSubscribedSkus(json)).toThrow(message);
  });
});

describe('normaliseEntraExport', () => {
  it("turns the Northwind export into grants of third-party apps and Microsoft's own, not the tenant's own", () => {
    const { observations, problems } = normaliseEntraExport(exported, TENANT);
    expect(problems).toEqual([]);
    const grants = observations.map((o) => ({ key: o.key, ...(o.attributes as OauthGrantAttributes) }));
    // 10 delegated grants of third-party apps, Graph Explorer's (first-party) + Fireflies' application permission; the own app skipped.
    expect(grants).toHaveLength(12);
    expect(new Set(grants.map((g) => g.appName))).toEqual(new Set(['ChatGPT', 'Otter.ai', 'Fireflies.ai', 'Read AI', 'Zoom', 'DocuSign', 'Adobe Acrobat', 'Graph Explorer']));
    expect(grants.find((g) => g.appName === 'Graph Explorer')).toMatchObject({ firstParty: true });
    expect(grants.filter((g) => g.firstParty)).toHaveLength(1);
    for (const o of observations) expect(observationSchemas.oauth_grant.safeParse(o.attributes).success).toBe(true);

    const chatgpt = grants.filter((g) => g.appName === 'ChatGPT');
    expect(chatgpt.map((g) => g.user)).toEqual(['amelia.brooks@northwind-analytics.com', 'dev.patel@northwind-analytics.com', 'marta.kowalski@northwind-analytics.com']);
    expect(chatgpt[0]).toMatchObject({ publisher: 'OpenAI OpCo, LLC', appId: 'cb35a30d-e19d-4148-99c9-15ffad3a7710', grantType: 'delegated', exposure: { level: 'high' } });
    expect(chatgpt[0]!.exposure!.reasons).toContain('Mail.Read: mailboxes');

    const readAi = grants.find((g) => g.appName === 'Read AI')!;
    // The export's users list says how many people a tenant-wide consent reaches.
    expect(readAi).toMatchObject({ allUsers: true, audience: exported.users.length, publisher: 'Read AI, Inc.' });
    expect(readAi.user).toBeUndefined();

    const fireflies = grants.filter((g) => g.appName === 'Fireflies.ai');
    expect(fireflies.map((g) => g.grantType)).toEqual(['delegated', 'application']);
    expect(fireflies[0]!.publisher).toBe('Fireflies.ai Corp'); // no verified publisher: publisherName
    expect(fireflies[1]).toMatchObject({ key: `m365:approle:${exported.appRoleAssignments[0].id}`, scopes: ['OnlineMeetingTranscript.Read.All'], allUsers: true });

    const zoom = grants.find((g) => g.appName === 'Zoom')!;
    expect(zoom.exposure!.level).toBe('high'); // offline_access
    expect(grants.every((g) => g.key.startsWith('m365:grant:') || g.key.startsWith('m365:approle:'))).toBe(true);
  });

  it('without a tenant id keeps the tenant\'s own app; without users keeps principal ids; accepts userPrincipalName on a grant', () => {
    const { users: _users, ...withoutUsers } = exported;
    const grants = structuredClone(withoutUsers.oauth2PermissionGrants);
    grants[1].userPrincipalName = 'dev.patel@northwind-analytics.com';
    const { observations } = normaliseEntraExport({ ...withoutUsers, oauth2PermissionGrants: grants });
    const attributes = observations.map((o) => o.attributes as OauthGrantAttributes);
    expect(attributes.some((a) => a.appName === 'Northwind Expense Sync')).toBe(true);
    expect(attributes.some((a) => a.appName === 'Graph Explorer')).toBe(true);
    expect(attributes.some((a) => a.audience !== undefined)).toBe(false);
    expect(attributes[0]!.user).toBe(exported.oauth2PermissionGrants[0].principalId);
    expect(attributes[1]!.user).toBe('dev.patel@northwind-analytics.com');
  });

  it('reports bad items and unknown references as problems and keeps the rest', () => {
    const json = {
      servicePrincipals: [...exported.servicePrincipals.filter((sp: { displayName: string }) => sp.displayName !== 'Microsoft Graph'), { displayName: 'no ids' }],
      oauth2PermissionGrants: [...exported.oauth2PermissionGrants, { ...exported.oauth2PermissionGrants[0], id: 'orphan', clientId: '00000000-1111-2222-3333-444444444444' }],
      appRoleAssignments: exported.appRoleAssignments,
    };
    const { observations, problems } = normaliseEntraExport(json, TENANT);
    expect(observations).toHaveLength(12);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^servicePrincipals\[11\] skipped: id/);
    expect(problems[1]).toMatch(/oauth2PermissionGrant orphan: its client service principal .* is not in servicePrincipals/);
    expect(problems[2]).toMatch(/app role a4a80d8d-d283-4bd8-8504-555ec3870630 of Microsoft Graph is unknown/);
    const fireflies = observations.find((o) => o.key.startsWith('m365:approle:'))!;
    expect((fireflies.attributes as OauthGrantAttributes).scopes).toEqual(['a4a80d8d-d283-4bd8-8504-555ec3870630']);
  });

  it.each([
    [{ value: [] }, /expected an Entra export: an object with servicePrincipals and oauth2PermissionGrants arrays.*got an object with keys value/],
    [{ servicePrincipals: [] }, /got an object with keys servicePrincipals \(oauth2PermissionGrants: /],
    [{ servicePrincipals: 'x', oauth2PermissionGrants: [] }, /servicePrincipals: /],
    [[], /got an array of 0/],
    ['{"servicePrincipals": []}', /got a string/],
    [undefined, /got undefined/],
  ])('malformed export %j → one clear Error', (json, message) => {
    let thrown: unknown;
    try {
      normaliseEntraExport(json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(message);
  });
});
