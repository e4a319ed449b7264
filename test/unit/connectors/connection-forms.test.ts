import { describe, expect, it } from 'vitest';
import { githubOptionsSchema } from '../../../connectors/github/options.js';
import { MICROSOFT365_PERMISSIONS } from '../../../connectors/microsoft365/index.js';
import { permissionResults } from '../../../src/domain/connector-checks.js';
import { InvalidFieldsError } from '../../../src/domain/errors.js';
import { parseNetworkPolicy } from '../../../src/outbound/policy.js';
import { prepareConnection } from '../../../src/scan/connection-input.js';
import { connectionOptions, describeConnector, describeConnectors, optionsFromWords } from '../../../src/scan/connection-options.js';

const networkPolicy = parseNetworkPolicy(undefined);
const keyless = { secretKey: undefined, networkPolicy };
const keyed = { secretKey: 'a-secret-key-of-sixteen-or-more', networkPolicy };

async function refusal(run: () => Promise<unknown>): Promise<InvalidFieldsError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidFieldsError);
  return error as InvalidFieldsError;
}

describe('connection forms from the connectors’ schemas', () => {
  it('describes Microsoft 365 with labels, help, defaults, required marks, a write-only secret and its permissions', () => {
    const m365 = describeConnector('microsoft365');
    expect(m365.label).toBe('Microsoft 365');
    expect(m365.fields.map((f) => [f.name, f.label, f.required, f.secret, f.default])).toEqual([
      ['tenantId', 'Tenant ID', true, false, undefined],
      ['clientId', 'Client ID', true, false, undefined],
      ['graphUrl', 'Microsoft Graph URL', false, false, 'https://graph.microsoft.com'],
      ['authorityUrl', 'Sign-in (authority) URL', false, false, 'https://login.microsoftonline.com'],
      ['pageSize', 'Page size', false, false, 999],
      ['intuneRequestsPerSecond', 'Intune requests per second', false, false, 100],
      ['clientSecret', 'Client secret', true, true, undefined],
    ]);
    expect(m365.fields.find((f) => f.name === 'pageSize')).toMatchObject({ type: 'integer', minimum: 1, maximum: 999 });
    const schema = m365.schema as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(schema.properties.clientSecret).toMatchObject({ type: 'string', writeOnly: true, format: 'password', title: 'Client secret' });
    expect(schema.properties.graphUrl).toMatchObject({ default: 'https://graph.microsoft.com', format: 'uri' });
    expect(schema.required.sort()).toEqual(['clientId', 'clientSecret', 'tenantId']);
    expect(schema.additionalProperties).toBe(false);
    expect(m365.permissions).toBe(MICROSOFT365_PERMISSIONS);
  });

  it('drives `connections add <kind> --help` from the same fields', () => {
    for (const described of describeConnectors()) {
      expect(connectionOptions(described.kind)).toEqual(described.fields);
      for (const field of described.fields) expect(field.flag).toMatch(/^--[a-z][a-z-]*$/);
    }
    expect(describeConnectors().map((c) => c.kind)).toEqual(['github', 'google-workspace', 'microsoft365', 'synthetic']);
  });

  it('names every problem of a connection body by its label, in the form’s order, at once', async () => {
    const error = await refusal(() => prepareConnection('microsoft365', { pageSize: '1000', graphUrl: 'not a url', colour: 'blue' }, keyed, 'api'));
    expect(error.fields).toEqual({
      tenantId: 'required',
      clientId: 'required',
      graphUrl: 'expected an http(s) URL such as https://graph.microsoft.com',
      pageSize: 'at most 999',
      clientSecret: 'required',
      colour: 'unknown option',
    });
    expect(error.message).toBe(
      'invalid options for a Microsoft 365 connection: Tenant ID: required; Client ID: required; Microsoft Graph URL: expected an http(s) URL such as https://graph.microsoft.com; Page size: at most 999; Client secret: required; colour: unknown option',
    );
    expect(error.message).not.toMatch(/--|Invalid input|received/);
  });

  it('says a secret cannot be stored on a server without a key, beside the field, and what the operator does about it', async () => {
    const error = await refusal(() => prepareConnection('microsoft365', { tenantId: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 'value' }, keyless, 'api'));
    expect(error.fields).toEqual({ clientSecret: 'Client secret cannot be stored: this server has no UNSHADOW_SECRET_KEY to encrypt secrets with' });
    expect(error.hint).toMatch(/set UNSHADOW_SECRET_KEY where unshadow serve runs/);
    const reference = await refusal(() => prepareConnection('microsoft365', { tenantId: 'contoso.onmicrosoft.com', clientId: 'c', clientSecret: 'env:HOME' }, keyed, 'api'));
    expect(reference.fields.clientSecret).toMatch(/^env: and file: references name the server's own environment and files/);
  });

  it('reads a yes/no option as a checkbox in the form and as the word typed on the command line', () => {
    expect(describeConnector('github').fields.find((field) => field.name === 'includeArchived')).toMatchObject({ type: 'boolean', default: false });
    const typed = (word: string) => optionsFromWords('github', { org: 'acme', includeArchived: word });
    expect(typed('false')).toEqual({ org: 'acme', includeArchived: false });
    expect(typed('Yes')).toEqual({ org: 'acme', includeArchived: true });
    expect(githubOptionsSchema.safeParse(typed('perhaps')).success).toBe(false);
    // Over the API a yes/no is a JSON boolean; the word 'false' is not read as true.
    expect(githubOptionsSchema.safeParse({ org: 'acme', includeArchived: 'false' }).success).toBe(false);
  });

  it('keeps the command line’s words on the command line', async () => {
    const error = await refusal(() => prepareConnection('microsoft365', { clientId: 'c', clientSecret: 'env:M365_SECRET', pageSize: 'many' }, keyless));
    expect(error.message).toBe('invalid options for a microsoft365 connection: --tenant-id: required; --page-size: expected a number');
  });
});

describe('permission states after a test', () => {
  it('granted, missing with its fix, not checked with the reason, and granted through a broader permission', () => {
    const results = permissionResults(MICROSOFT365_PERMISSIONS, [
      { name: 'token', ok: true },
      { name: 'Organization.Read.All', permission: 'Organization.Read.All', ok: true, detail: 'stream skus' },
      { name: 'User.Read.All', permission: 'User.Read.All', ok: true },
      { name: 'Application.Read.All', permission: 'Application.Read.All', ok: false, problem: 'permission', detail: '403', fix: 'Grant Application.Read.All' },
      { name: 'grants', permission: 'DelegatedPermissionGrant.Read.All', ok: false, problem: 'unreachable', detail: 'ECONNREFUSED', fix: 'check the URL' },
      { name: 'devices', permission: 'DeviceManagementManagedDevices.Read.All', ok: false, skipped: true, detail: 'not checked: no token' },
    ]);
    expect(results.map((r) => [r.name, r.state])).toEqual([
      ['Organization.Read.All', 'granted'],
      ['User.Read.All', 'granted'],
      ['Application.Read.All', 'missing'],
      ['DelegatedPermissionGrant.Read.All', 'not_checked'],
      ['User.ReadBasic.All', 'granted'],
      ['DeviceManagementManagedDevices.Read.All', 'not_checked'],
    ]);
    expect(results[2]).toMatchObject({ fix: 'Grant Application.Read.All', problem: 'permission' });
    expect(results[3]).toMatchObject({ detail: 'ECONNREFUSED', fix: 'check the URL' });
    expect(results[4]!.detail).toBe('granted through User.Read.All');
    expect(results[5]!.detail).toBe('not checked: no token');
  });

  it('a permission nothing probes, with no broader one granted, is not checked and says why', () => {
    const [basic] = permissionResults(MICROSOFT365_PERMISSIONS.filter((p) => p.name === 'User.ReadBasic.All'), []);
    expect(basic).toMatchObject({ state: 'not_checked', detail: expect.stringMatching(/a scan names it if it is missing/) });
  });
});
