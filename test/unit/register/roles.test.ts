import { describe, expect, it } from 'vitest';
import { suggestRoles } from '../../../src/register/roles.js';
import { chatgpt, entry, grammarly, hirevue, openaiSdk, pytorch } from './entries.js';

describe('suggestRoles', () => {
  it('OAuth grants and expenses of a SaaS AI tool → AI customer, naming the evidence', () => {
    const s = suggestRoles(chatgpt());
    expect(s.roles).toEqual(['ai_customer']);
    expect(s.reasons).toHaveLength(1);
    expect(s.reasons[0]).toContain('OpenAI ChatGPT');
    expect(s.reasons[0]).toContain('42 OAuth grants');
    expect(s.reasons[0]).toContain('3 expenses');
  });

  it('licence and app install evidence → AI customer', () => {
    expect(suggestRoles(hirevue()).roles).toEqual(['ai_customer']);
    expect(suggestRoles(hirevue()).reasons[0]).toContain('1 licence');
    expect(suggestRoles(grammarly()).roles).toEqual(['ai_customer']);
    expect(suggestRoles(grammarly()).reasons[0]).toContain('5 app installs');
  });

  it('a model API SDK in a repository shipped to customers → producer and provider', () => {
    const s = suggestRoles(openaiSdk());
    expect(s.roles).toEqual(['ai_provider', 'ai_producer']);
    expect(s.reasons.join('\n')).toMatch(/SDK for a model API .* dependency in 3 manifests/);
    expect(s.reasons.join('\n')).toMatch(/shipped to customers/);
    expect(s.reasons.at(-1)).toMatch(/hybrid/);
  });

  it('the same SDK not shipped → producer only', () => {
    const e = openaiSdk();
    e.useContext.shippedToCustomers = false;
    expect(suggestRoles(e).roles).toEqual(['ai_producer']);
  });

  it('an agent framework dependency → producer', () => {
    const e = entry({
      id: 'langchain',
      vendor: 'LangChain',
      product: 'LangChain',
      category: 'agent_automation',
      sources: { dependency: 1 },
      hints: { processesPersonalData: false, hrEmploymentUse: false, impliedRole: 'developer' },
    });
    const s = suggestRoles(e);
    expect(s.roles).toEqual(['ai_producer']);
    expect(s.reasons[0]).toMatch(/agent framework .* 1 manifest,/);
  });

  it('an ML training framework → producer', () => {
    const s = suggestRoles(pytorch());
    expect(s.roles).toEqual(['ai_producer']);
    expect(s.reasons[0]).toMatch(/ML framework PyTorch/);
  });

  it('an SDK whose catalog entry is not a developer tool does not make the organisation a producer', () => {
    const e = openaiSdk();
    e.hints.impliedRole = 'user';
    e.category = 'chat_assistant';
    e.sources = { dependency: 1, oauth_grant: 2 };
    expect(suggestRoles(e).roles).toEqual(['ai_customer']);
  });

  it('both SaaS use and an SDK in a repository → hybrid, all roles listed', () => {
    const e = openaiSdk();
    e.sources = { dependency: 3, licence: 1, oauth_grant: 10 };
    const s = suggestRoles(e);
    expect(s.roles).toEqual(['ai_customer', 'ai_provider', 'ai_producer']);
    expect(s.reasons).toHaveLength(4);
  });

  it('no evidence counts → a role assumed from the catalog, said so', () => {
    const s = suggestRoles(entry({ id: 'x', vendor: 'X', product: 'X Copilot', category: 'chat_assistant' }));
    expect(s.roles).toEqual(['ai_customer']);
    expect(s.reasons[0]).toMatch(/assumed/);
  });
});
