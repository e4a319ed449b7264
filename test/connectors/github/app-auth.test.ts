import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubConnector, githubOptionsSchema } from '../../../connectors/github/index.js';
import { PermanentSourceError } from '../../../src/domain/connector.js';
import { API, fixture, ORG } from './helpers.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('github connector as a GitHub App', () => {
  it('signs a JWT, takes an installation token, and calls the API with it', async () => {
    const app = nock(API)
      .post('/app/installations/4242/access_tokens')
      .matchHeader('authorization', /^bearer ey/i)
      .reply(201, { token: 'ghs_installationTokenFromTheApp', expires_at: '2099-01-01T00:00:00Z', permissions: { organization_administration: 'read' }, repository_selection: 'all' });
    const api = nock(API, { reqheaders: { authorization: 'token ghs_installationTokenFromTheApp' } })
      .get(`/orgs/${ORG}/installations`)
      .query(true)
      .reply(200, fixture('installations.json'));
    const runtime = { options: githubOptionsSchema.parse({ org: ORG, appId: 1234, installationId: 4242 }), secrets: { privateKey } };
    const page = await githubConnector.fetchPage(runtime, 'apps', null);
    app.done();
    api.done();
    expect(page.observations.some((o) => o.kind === 'app_install' && o.attributes.slug === 'coderabbitai')).toBe(true);
  });

  it('asks for a credential when it has neither a token nor an App', async () => {
    const runtime = { options: githubOptionsSchema.parse({ org: ORG }), secrets: {} };
    await expect(githubConnector.fetchPage(runtime, 'apps', null)).rejects.toBeInstanceOf(PermanentSourceError);
  });
});
