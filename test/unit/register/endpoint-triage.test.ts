import { describe, expect, it } from 'vitest';
import type { EndpointSignals } from '../../../src/domain/endpoint-signals.js';
import { suggestRoles } from '../../../src/register/roles.js';
import { dataExposure, reach, triagePriority } from '../../../src/register/triage.js';
import { entry } from './entries.js';

const signals = (over: Partial<EndpointSignals>): EndpointSignals => ({ people: 0, devices: 0, requests: 0, blocked: 0, uploadBytes: 0, apiHosts: [], extensionPermissions: [], ...over });
const deepseek = (endpoint: EndpointSignals) => entry({ id: 'deepseek-chat', vendor: 'DeepSeek', product: 'DeepSeek Chat', category: 'chat_assistant', sources: { network: 40 }, endpoint });

describe('triage with network and endpoint evidence', () => {
  it('reach counts the people and devices the logs and device inventories saw', () => {
    expect(reach(deepseek(signals({ people: 25 })))).toMatchObject({ level: 'medium', reasons: expect.arrayContaining([expect.stringMatching(/^medium: 25 users/)]) });
    expect(reach(deepseek(signals({ people: 3, devices: 140 })))).toMatchObject({ level: 'high', reasons: expect.arrayContaining([expect.stringMatching(/3 users on 140 devices/)]) });
    expect(triagePriority(deepseek(signals({ people: 120 }))).score).toBeGreaterThan(triagePriority(deepseek(signals({ people: 2 }))).score);
  });

  it('blocked traffic is shown as attempted use', () => {
    expect(reach(deepseek(signals({ people: 4, requests: 30, blocked: 30 }))).reasons).toContain('attempted use: all 30 request(s) to it were blocked, so people tried to use it against policy');
    expect(reach(deepseek(signals({ people: 4, requests: 30, blocked: 5 }))).reasons).toContain('attempted use: 5 of 30 request(s) to it were blocked');
  });

  it('upload volume raises data exposure', () => {
    expect(dataExposure(deepseek(signals({ uploadBytes: 5 * 1024 * 1024 }))).level).toBe('low');
    expect(dataExposure(deepseek(signals({ uploadBytes: 20 * 1024 * 1024 })))).toMatchObject({ level: 'medium', reasons: ['medium: 20.0 MB were uploaded to it, by the network logs'] });
    expect(dataExposure(deepseek(signals({ uploadBytes: 300 * 1024 * 1024 }))).level).toBe('high');
  });

  it('an extension that reads every site or the clipboard makes exposure high', () => {
    const rating = dataExposure(deepseek(signals({ devices: 12, extensionPermissions: ['<all_urls>', 'clipboardRead'] })));
    expect(rating.level).toBe('high');
    expect(rating.reasons).toContain('high: its browser extension can read every page you visit (<all_urls>) and read the clipboard');
  });

  it('software calling a model API is a producer signal; browsing to a chat app is use', () => {
    const api = entry({ id: 'openai-api', vendor: 'OpenAI', product: 'OpenAI API platform', category: 'model_api', sources: { network: 3 }, endpoint: signals({ devices: 2, apiHosts: ['api.openai.com'] }) });
    const roles = suggestRoles(api);
    expect(roles.roles).toContain('ai_producer');
    expect(roles.reasons.join(' ')).toMatch(/calls its API \(api\.openai\.com\)/);
    expect(suggestRoles(deepseek(signals({ people: 3 })))).toMatchObject({ roles: ['ai_customer'] });
    expect(suggestRoles(deepseek(signals({ people: 3 }))).reasons[0]).toMatch(/40 days of network traffic/);
  });
});
