import { describe, expect, it } from 'vitest';
import { type Catalog, type CatalogEntry, catalogEntrySchema, type CatalogEntryInput, type NotAiEntry } from '../../../src/domain/catalog.js';
import type { MatchInput } from '../../../src/domain/observation.js';
import { evaluate, evaluateByName, type WrittenAgainst } from '../../../src/matcher/evaluate.js';
import { compileMatcher } from '../../../src/matcher/index.js';
import { descriptorTokens, marketplaceOf, productPart } from '../../../src/matcher/normalise.js';
import { aiWordIn, aiWordsInText, categoryFit, notAToolIn, possibleAi, priceLike } from '../../../src/matcher/possible-ai.js';
import { aiPackageWord } from '../../../src/matcher/dependency.js';

/**
 * The long tail: "possible AI" for what no catalog entry knows, ranked by the signals that
 * agree, and names other things share decided by the rest of the record. A small catalog of
 * made-up products keeps every case independent of the shipped data.
 */
const entry = (input: Partial<CatalogEntryInput> & Pick<CatalogEntryInput, 'id' | 'vendor' | 'product'>): CatalogEntry =>
  catalogEntrySchema.parse({ category: 'writing_marketing', ...input });
const suppression = (input: Partial<NotAiEntry> & Pick<NotAiEntry, 'id' | 'name'>): NotAiEntry => ({ reason: 'not AI', merchants: [], oauthNames: [], packages: {}, ...input });

const catalog: Catalog = {
  version: 'test',
  entries: [
    entry({ id: 'quillo', vendor: 'Quillo', product: 'Quillo', domains: ['quillo.ai'], fingerprints: { merchants: ['QUILLO.AI'], oauth: { names: ['Quillo'], publishers: ['Quillo AI, Inc.'] } } }),
    entry({ id: 'tempo-notes', vendor: 'Tempo', product: 'Tempo Notetaker', category: 'meetings_transcription', fingerprints: { oauth: { names: ['Tempo'] }, ambiguous: ['TEMPO'] } }),
    entry({ id: 'orbit', vendor: 'Orbit', product: 'Orbit', category: 'chat_assistant', fingerprints: { merchants: ['ORBIT AI'], oauth: { names: ['Orbit'] } } }),
    entry({ id: 'megacorp-assist', vendor: 'Microsoft', product: 'Microsoft Assist Studio', category: 'saas_ai_addon', fingerprints: { skus: [{ provider: 'microsoft', name: 'Microsoft Sales Assist' }] } }),
    entry({ id: 'lexa', vendor: 'Lexa', product: 'Lexa', category: 'legal', fingerprints: { skus: [{ provider: 'other', name: 'Lexa Team' }, { provider: 'other', name: 'Lexa Enterprise' }] } }),
    entry({ id: 'lexa-api', vendor: 'Lexa', product: 'Lexa API', category: 'model_api', fingerprints: { packages: { npm: ['lexa-sdk'] } } }),
    entry({ id: 'noteit-ai', vendor: 'NoteIt', product: 'NoteIt AI', category: 'saas_ai_addon', fingerprints: { skus: [{ provider: 'other', name: 'NoteIt AI' }] } }),
    entry({ id: 'megacorp-vertexa', vendor: 'Megacorp', product: 'Vertexa AI', category: 'model_api' }),
    entry({ id: 'noteit-muse', vendor: 'NoteIt', product: 'Muse (NoteIt writing assistant)', category: 'saas_ai_addon' }),
    entry({ id: 'lexa-go-sdk', vendor: 'Lexa', product: 'Lexa Go SDK', category: 'model_api', hints: { impliedRole: 'developer' } }),
    entry({ id: 'zing-assistant', vendor: 'Zing', product: 'Zing AI Assistant for Zoomer', category: 'saas_ai_addon', fingerprints: { skus: [{ provider: 'other', name: 'Zoomer AI Assistant' }] } }),
    entry({ id: 'ibm-code-helper', vendor: 'IBM', product: 'watsonz Code Helper', category: 'coding', fingerprints: { skus: [{ provider: 'other', name: 'IBM watsonz Code Helper' }] } }),
    entry({ id: 'claudia', vendor: 'Anthropo', product: 'Claudia (Free, Pro)', category: 'chat_assistant' }),
  ],
  notAi: [
    suppression({ id: 'orbit-dental', name: 'Orbit Dental (clinics)', merchants: ['ORBIT DENTAL'], oauthNames: ['Orbit Dental'] }),
    suppression({ id: 'hosts', name: 'SaaS whose AI is an add-on', oauthNames: ['NoteIt', 'Plankboard'] }),
  ],
  registry: {
    lookup: (ecosystem) => (ecosystem === 'npm' ? (name) => ({ 'prompt-kit-x': 'LLM, prompt engineering', 'lexa-sdk': 'LLM' })[name] : undefined),
  },
};
const matcher = compileMatcher(catalog);
const match = (input: MatchInput) => matcher.match(input);
const verdict = (input: MatchInput) => {
  const result = match(input);
  return result.flagged ? (result.match?.catalogId ?? 'possible') : null;
};
const expense = (merchant: string, more: Record<string, unknown> = {}): MatchInput => ({ kind: 'expense', attributes: { merchant, ...more } });
const grant = (appName: string, more: Record<string, unknown> = {}): MatchInput => ({ kind: 'oauth_grant', attributes: { provider: 'google', appName, appId: `${appName}-id`, scopes: ['openid', 'email'], ...more } });

describe('possible AI', () => {
  it('is ranked by how many independent signals agree: 0.3, 0.4, then 0.5 at most, one reason each', () => {
    expect(possibleAi('v', 'p', ['a']).match).toMatchObject({ catalogId: null, category: 'unknown', confidence: 0.3, reasons: ['a'] });
    expect(possibleAi('v', 'p', ['a', 'b']).match!.confidence).toBe(0.4);
    expect(possibleAi('v', 'p', ['a', 'b', 'c', 'd']).match!.confidence).toBe(0.5);
  });

  it('reads the AI forms of names and free text', () => {
    expect(aiWordIn(['FYXER', 'AI'])).toBe('AI');
    expect(aiWordIn(['INBOXGPT'])).toBe('INBOXGPT');
    expect(aiWordIn(['LEDGERLY', 'COPILOT'])).toBe('COPILOT');
    // Leading, "Copilot" is a car service or a budgeting app.
    expect(aiWordIn(['COPILOT', 'CARS'])).toBeUndefined();
    expect(aiWordsInText('machine learning seats')).toBe('MACHINE LEARNING');
    expect(aiWordsInText('Team plan')).toBeUndefined();
    expect(notAToolIn('AI Summit ticket')).toBe('SUMMIT');
  });

  it('reads the category, the MCC and the price of a charge', () => {
    expect(categoryFit('Software')).toBe('tool');
    expect(categoryFit('5734 Computer Software Stores')).toBe('tool');
    expect(categoryFit('Meals & Entertainment')).toBe('other');
    expect(categoryFit('5812 - Eating places')).toBe('other');
    // A department books services as well as software.
    expect(categoryFit('Legal')).toBe('unknown');
    expect(priceLike(20)).toBe(true);
    expect(priceLike(16.99)).toBe(true);
    expect(priceLike(47.83)).toBe(false);
    expect(priceLike(4200)).toBe(false);
  });

  it('unwraps payment collectors and finds cloud marketplaces', () => {
    expect(productPart(descriptorTokens('PADDLE.NET* GLOWR AI'))).toEqual({ collector: { name: 'Paddle', sells: 'software' }, tokens: ['GLOWR', 'AI'] });
    expect(productPart(descriptorTokens('LEMON SQUEEZY*GLOWR AI LONDON GB')).tokens).toEqual(['GLOWR', 'AI', 'LONDON']);
    expect(productPart(descriptorTokens('2CO.COM*GLOWR AI')).collector?.name).toBe('2Checkout (Verifone)');
    expect(productPart(descriptorTokens('SQ *GLOWR AI')).collector).toEqual({ name: 'Square', sells: 'anything' });
    expect(productPart(descriptorTokens('APPLE.COM/BILL 866-712-7753'))).toEqual({ collector: { name: 'Apple', sells: 'apps' }, tokens: [] });
    expect(marketplaceOf(descriptorTokens('AWS MARKETPLACE 123').tokens)).toBe('AWS Marketplace');
    expect(marketplaceOf(descriptorTokens('AMZN MKTP US').tokens)).toBeUndefined();
  });
});

describe('expenses', () => {
  it('flags "<NAME> AI", ".ai" and GPT forms from unknown vendors, with the memo, category, reseller and price as further signals', () => {
    const result = match(expense('PADDLE.NET* GLOWR AI', { category: 'Software', amount: 19, memo: 'AI slide assistant' }));
    expect(result.match).toMatchObject({ catalogId: null, vendor: 'GLOWR AI', confidence: 0.5 });
    expect(result.match!.reasons).toHaveLength(5);
    expect(match(expense('GLOWR AI')).match!.confidence).toBe(0.3);
    expect(verdict(expense('STORYGPT LTD'))).toBe('possible');
  });

  it('flags a plain vendor name whose memo says AI when the charge is booked as software, naming the vendor by its first word', () => {
    expect(match(expense('SYNTHOVA LTD LONDON GB', { category: 'Software', memo: 'AI video avatars' })).match).toMatchObject({ catalogId: null, vendor: 'SYNTHOVA' });
    expect(verdict(expense('SYNTHOVA LTD LONDON GB', { category: 'Marketing', memo: 'AI video avatars' }))).toBeNull();
    expect(verdict(expense('UDEMY', { category: 'Software', memo: 'LLM course' }))).toBeNull();
  });

  it("reads a Play Store or App Store memo for the app's name, and a host's memo saying AI only as the host's AI add-on", () => {
    expect(match(expense('GOOGLE *PLAY', { memo: 'Glowr AI Chat subscription', amount: 9.99 })).match).toMatchObject({ catalogId: null, vendor: 'GLOWR AI' });
    expect(verdict(expense('APPLE.COM/BILL', { memo: 'Quillo Pro yearly' }))).toBe('quillo');
    // A one-word product name inside another app's name is not that product.
    expect(verdict(expense('APPLE.COM/BILL', { memo: 'Super Quillo Saga gems' }))).toBeNull();
    // "AI" on NoteIt's charge is its AI add-on; on Megacorp's it names none of Megacorp's products.
    expect(verdict(expense('NOTEIT INC', { memo: 'AI add-on' }))).toBe('noteit-ai');
    expect(verdict(expense('MEGACORP *STORE', { memo: 'AI add-on' }))).not.toBe('megacorp-vertexa');
  });

  it('never flags courses, tickets, meals or hardware that mention AI', () => {
    expect(verdict(expense('GLOWR AI ACADEMY', { category: 'Training', memo: 'course' }))).toBeNull();
    expect(verdict(expense('FUTURE AI FORUM', { memo: 'conference ticket' }))).toBeNull();
    expect(verdict(expense('PIXEL AI CAFE', { category: 'Meals' }))).toBeNull();
  });

  it('takes a glued "…AI" only beside other evidence, and never a place name', () => {
    expect(verdict(expense('GLOWRAI'))).toBeNull();
    expect(verdict(expense('FS *GLOWRAI', { category: 'Software' }))).toBe('possible');
    expect(verdict(expense('SHANGHAI KITCHEN', { category: 'Software' }))).toBeNull();
  });

  it('reads app-store and cloud-marketplace charges through the memo', () => {
    expect(match(expense('APPLE.COM/BILL', { memo: 'Glowr AI Pro monthly' })).match).toMatchObject({ catalogId: null, vendor: 'GLOWR AI' });
    expect(verdict(expense('APPLE.COM/BILL', { memo: 'Photo Editor Pro' }))).toBeNull();
    expect(verdict(expense('AWS MARKETPLACE', { memo: 'Quillo subscription' }))).toBe('quillo');
    expect(verdict(expense('AZURE MARKETPLACE', { memo: 'Vextra AI document extraction' }))).toBe('possible');
    expect(verdict(expense('AWS MARKETPLACE'))).toBeNull();
  });

  it('decides a name other businesses share by the rest of the record, and says which evidence decided', () => {
    // "QUILLO" is the company's bare name: ambiguous on a card statement.
    expect(verdict(expense('QUILLO'))).toBeNull();
    const byMemo = match(expense('QUILLO', { memo: 'AI writing seats' }));
    expect(byMemo.match?.catalogId).toBe('quillo');
    expect(byMemo.match!.reasons[1]).toMatch(/^decided by: the memo 'AI writing seats' says 'AI'/);
    expect(verdict(expense('QUILLO', { category: 'Software', amount: 30 }))).toBe('quillo');
    expect(verdict(expense('QUILLO', { category: 'Meals', memo: 'AI team dinner' }))).toBeNull();
    expect(verdict(expense('QUILLO KITCHEN & BAR', { memo: 'AI meetup' }))).toBeNull();
    // Marked ambiguous in the catalog, and a name a suppression continues: the same.
    expect(verdict(expense('TEMPO'))).toBeNull();
    expect(verdict(expense('TEMPO', { memo: 'AI notetaker' }))).toBe('tempo-notes');
    expect(verdict(expense('ORBIT DENTAL'))).toBeNull();
  });
});

describe('OAuth grants', () => {
  it("matches a platform vendor's own AI app only when the platform publishes it", () => {
    expect(verdict(grant('Sales Assist', { provider: 'microsoft', publisher: 'Microsoft Corporation' }))).toBe('megacorp-assist');
    expect(match(grant('Assist Studio', { provider: 'microsoft', publisher: 'Microsoft Services' })).match!.reasons[1]).toContain('Microsoft itself');
    expect(verdict(grant('Assist Studio', { provider: 'microsoft', publisher: 'Assist Studio Ltd' }))).toBeNull();
  });

  it("needs more than a one-word product name inside another app's name", () => {
    expect(verdict(grant('Quillo Fleet Tracker'))).toBeNull();
    expect(verdict(grant('Quillo for Google Docs'))).toBe('quillo');
    expect(verdict(grant('Quillo Fleet Tracker', { publisher: 'Quillo AI, Inc.' }))).toBe('quillo');
    // "Orbit Dental" is not AI, so "Orbit" is a shared name: where it plugs in does not decide.
    expect(verdict(grant('Orbit for Google Docs'))).toBeNull();
    expect(verdict(grant('Orbit for Google Docs', { publisher: 'Orbit' }))).toBe('orbit');
  });

  it("reads a listing's name as the product's name followed by a description, which decides a shared name", () => {
    const listing = match(grant('Quillo - write faster everywhere'));
    expect(listing.match?.catalogId).toBe('quillo');
    expect(listing.match!.reasons[0]).toContain("is 'Quillo' followed by a description");
    expect(verdict(grant('Tempo: AI meeting notes'))).toBe('tempo-notes');
    expect(verdict(grant('Tempo - time tracking for teams'))).toBeNull();
    // Scopes a notetaker asks for do not overrule a description that names something else.
    expect(verdict(grant('Tempo - time tracking for teams', { scopes: ['openid', 'https://www.googleapis.com/auth/calendar.readonly'] }))).toBeNull();
    // Only the whole part before the separator names the product.
    expect(verdict(grant('Quillo Fleet - vehicle tracking'))).toBeNull();
  });

  it('rules a name out when another company that starts with the same word publishes it', () => {
    expect(verdict(grant('Orbit', { publisher: 'Orbit Freight Inc.' }))).toBeNull();
    expect(verdict(grant('Quillo', { publisher: 'Quillo AI, Inc.' }))).toBe('quillo');
  });

  it('decides an ambiguous app name by scopes that fit the product', () => {
    expect(verdict(grant('Tempo'))).toBeNull();
    const byScopes = match(grant('Tempo', { scopes: ['openid', 'https://www.googleapis.com/auth/calendar.readonly'] }));
    expect(byScopes.match?.catalogId).toBe('tempo-notes');
    expect(byScopes.match!.reasons[1]).toContain('its scopes (calendar)');
  });

  it('flags an unknown app that reads meeting transcripts, and only ranks with other data scopes', () => {
    const notetaker = match(grant('Huddlenote', { provider: 'microsoft', scopes: ['User.Read', 'OnlineMeetingTranscript.Read.All', 'Calendars.Read'] }));
    expect(notetaker.match).toMatchObject({ catalogId: null, confidence: 0.4 });
    expect(notetaker.match!.reasons[0]).toContain('meeting transcripts');
    expect(verdict(grant('RoomBooker', { provider: 'microsoft', scopes: ['User.Read', 'Calendars.ReadWrite', 'Mail.Read'] }))).toBeNull();
  });

  it("reads a host product's name with an AI word or its add-on's name beside it as that add-on, the host's name alone as not AI", () => {
    expect(verdict(grant('NoteIt AI'))).toBe('noteit-ai');
    const addOn = match(grant('NoteIt AI Assistant'));
    expect(addOn.match?.catalogId).toBe('noteit-ai');
    expect(addOn.match!.reasons[0]).toContain("adds 'AI' to NoteIt");
    expect(verdict(grant('NoteIt Muse'))).toBe('noteit-muse');
    // No add-on of that host in the catalog: possible AI, named after the host.
    expect(match(grant('Plankboard AI')).match).toMatchObject({ catalogId: null, vendor: 'Plankboard' });
    expect(verdict(grant('NoteIt'))).toBeNull();
    expect(verdict(grant('NoteIt Calendar'))).toBeNull();
    expect(verdict(grant('Plankboard'))).toBeNull();
  });

  it('flags an unknown app whose name or publisher says AI, and its publisher AI-named alone', () => {
    expect(match(grant('Pathwise', { publisher: 'Pathwise AI, Inc.', scopes: ['Mail.Read'] })).match).toMatchObject({ catalogId: null, confidence: 0.4 });
    expect(verdict(grant('Pathwise', { publisher: 'Pathwise Ltd' }))).toBeNull();
  });
});

describe('seat lists (licence, provider other)', () => {
  const seats = (vendor: string, skuName: string): MatchInput => ({ kind: 'licence', attributes: { provider: 'other', vendor, skuId: `${vendor}/${skuName}`, skuName } });

  it("picks the vendor's entries by its name and one of them by the plan", () => {
    expect(match(seats('Lexa', 'Enterprise')).match).toMatchObject({ catalogId: 'lexa', confidence: 0.92 });
    expect(verdict(seats('Lexa, Inc.', 'Starter'))).toBe('lexa');
    expect(verdict(seats('Quillo', 'Pro'))).toBe('quillo');
  });

  it('asks a vendor of AI add-ons for a plan that names one, and never takes a generic plan from another vendor', () => {
    expect(verdict(seats('NoteIt', 'Business'))).toBeNull();
    expect(verdict(seats('NoteIt', 'NoteIt AI'))).toBe('noteit-ai');
    expect(verdict(seats('Acme Print', 'Team'))).toBeNull();
    expect(match(seats('Glowr AI', 'Pro')).match).toMatchObject({ catalogId: null, vendor: 'Glowr AI' });
  });
});

describe('seat lists: what the plan says when the catalog does not know it', () => {
  const seats = (vendor: string, skuName: string): MatchInput => ({ kind: 'licence', attributes: { provider: 'other', vendor, skuId: `${vendor}/${skuName}`, skuName } });

  it('an agent sold under its trade name, AI glued to a brand, AutoML, or AI spelled out in the seller’s name is possible AI', () => {
    expect(verdict(seats('Telco Cloud, Inc.', 'Telco Virtual Agent'))).toBe('possible');
    expect(verdict(seats('Telco Cloud, Inc.', 'Telco Agent Assist'))).toBe('possible');
    expect(verdict(seats('Oraclo America, Inc.', 'Oraclo Digital Assistant'))).toBe('possible');
    expect(verdict(seats('Fortress, Inc.', 'FortressAI'))).toBe('possible');
    expect(verdict(seats('Qlick Inc.', 'Qlick AutoML'))).toBe('possible');
    expect(match(seats('Brio Artificial Intelligence Ltd', 'Pro')).match?.reasons[0]).toContain("'Artificial Intelligence'");
  });

  it('never a person hired by the hour, a city, or a name that only sounds like it', () => {
    expect(verdict(seats('BELAY Solutions', 'Virtual Assistant - 20 hrs/month'))).toBeNull();
    expect(verdict(seats('Regus', 'DUBAI OFFICE'))).toBeNull();
    expect(verdict(seats('Acme Intelligence Ltd', 'Pro'))).toBeNull();
  });

  it("reads a plan's joining words as naming nothing: 'Pay as you go' is not the Go SDK", () => {
    expect(verdict(seats('Lexa', 'Pay as you go'))).toBe('lexa');
  });

  it('a plan that names only the product an add-on serves is that product’s, not the add-on', () => {
    expect(verdict(seats('Zing Systems, Inc.', 'Zoomer Suite - Meet + Call'))).toBeNull();
    expect(verdict(seats('Zing Systems, Inc.', 'Zoomer AI Assistant'))).toBe('zing-assistant');
  });

  it("knows a platform by its legal name and a distributor's line by the product it names first", () => {
    expect(verdict(seats('International Business Machines Corporation', 'watsonz Code Helper - Essentials'))).toBe('ibm-code-helper');
    // The platform's short name is the seller's own word: 'IBM' names none of its products.
    expect(verdict(seats('International Business Machines Corporation', 'IBM MaaS360 Essentials'))).toBeNull();
    expect(verdict(seats('TD SYNNEX Corporation', 'IBM watsonz Code Helper Essentials - Authorized User'))).toBe('ibm-code-helper');
    expect(verdict(seats('AWS Marketplace', 'Claudia for Enterprise (Anthropo) - 12 month contract'))).toBe('claudia');
  });
});

describe("platforms' own licences", () => {
  const sku = (provider: string, skuName: string): MatchInput => ({ kind: 'licence', attributes: { provider, skuName } });

  it("knows a platform's product by its part number without the platform's name, in plans, and abbreviated", () => {
    expect(verdict(sku('microsoft', 'Microsoft_Sales_Assist'))).toBe('megacorp-assist');
    expect(verdict(sku('microsoft', 'SALES_ASSIST'))).toBe('megacorp-assist');
    expect(verdict(sku('microsoft', 'SALES_ASSIST_PREMIUM'))).toBe('megacorp-assist');
    expect(verdict(sku('microsoft', 'Sales Assist Enterprise Plan'))).toBe('megacorp-assist');
    // Only the platform's own licences drop its name, and plan words alone name nothing.
    expect(verdict(sku('google', 'SALES_ASSIST'))).toBeNull();
    expect(verdict(sku('microsoft', 'ENTERPRISE_PREMIUM'))).toBeNull();
  });
});

describe('dependencies', () => {
  const dep = (ecosystem: 'npm' | 'pypi' | 'cargo', name: string): MatchInput => ({ kind: 'dependency', attributes: { ecosystem, name } });

  it('speaks from the registry index only where the catalog is silent, with the terms of its summary', () => {
    expect(verdict(dep('npm', 'lexa-sdk'))).toBe('lexa-api');
    const described = match(dep('npm', 'prompt-kit-x'));
    expect(described.match).toMatchObject({ catalogId: null, confidence: 0.3 });
    expect(described.match!.reasons[0]).toBe("npm package 'prompt-kit-x': its registry description is about AI: LLM, prompt engineering");
  });

  it('reads AI words in package names, and only whole words', () => {
    expect(aiPackageWord('langchain-glowr')).toBe('langchain');
    expect(aiPackageWord('@acme/glowr-llm')).toBe('llm');
    expect(aiPackageWord('llmware')).toBe('llmware');
    // A provider's name glued to a suffix, and "llms" closing a word.
    expect(aiPackageWord('dev.ai4j:openai4j')).toBe('openai4j');
    expect(aiPackageWord('allms')).toBe('allms');
    expect(aiPackageWord('autogen.core')).toBe('autogen');
    expect(aiPackageWord('claudia-router')).toBeUndefined();
    expect(aiPackageWord('vue-ai')).toBe('ai');
    expect(aiPackageWord('@kontent-ai/delivery-sdk')).toBeUndefined();
    expect(aiPackageWord('openapi-typescript')).toBeUndefined();
    expect(aiPackageWord('aiohttp')).toBeUndefined();
    // LangGraph's and LlamaIndex's names glued to a suffix, and MCP spelled out.
    expect(aiPackageWord('org.bsc.langgraph4j:langgraph4j-core')).toBe('langgraph4j');
    expect(aiPackageWord('model-context-protocol-rb')).toBe('model-context-protocol');
    expect(aiPackageWord('model-context-menu')).toBeUndefined();
    expect(verdict(dep('cargo', 'glowr-openai'))).toBe('possible');
    expect(verdict(dep('pypi', 'glowr'))).toBeNull();
  });
});

describe('GitHub App installs', () => {
  const app = (slug: string, name: string, permissions?: Record<string, string>): MatchInput => ({ kind: 'app_install', attributes: { provider: 'github', slug, name, ...(permissions ? { permissions } : {}) } });

  it('flags AI-named apps that were granted something, ranked up by agent-like permissions', () => {
    expect(match(app('glowr-ai', 'Glowr AI', { contents: 'read', pull_requests: 'write' })).match!.confidence).toBe(0.4);
    expect(match(app('glowr-ai', 'Glowr AI', { metadata: 'read' })).match!.confidence).toBe(0.3);
    expect(verdict(app('glowr-ai', 'Glowr AI'))).toBeNull();
    expect(verdict(app('glowrai', 'Glowr', { contents: 'read', pull_requests: 'write' }))).toBe('possible');
    expect(verdict(app('glowrai', 'Glowr', { statuses: 'write' }))).toBeNull();
  });
});

describe('scoring a set by vendor and product names (the tail set)', () => {
  it('counts a positive found when flagged as possible AI or as an entry sharing a word with the expected names', () => {
    const [score] = evaluateByName(matcher, [
      { kind: 'expense', attributes: { merchant: 'GLOWR AI' }, expected: { flagged: true, catalogId: null, vendor: 'Glowr', product: 'Glowr' } },
      { kind: 'expense', attributes: { merchant: 'QUILLO.AI' }, expected: { flagged: true, catalogId: null, vendor: 'Quillo Inc', product: 'Quillo Writer' } },
      { kind: 'expense', attributes: { merchant: 'ORBIT AI' }, expected: { flagged: true, catalogId: null, vendor: 'Glowr', product: 'Glowr' } },
      { kind: 'expense', attributes: { merchant: 'STARBUCKS' }, expected: { flagged: true, catalogId: null, vendor: 'Tempo', product: 'Tempo' } },
      { kind: 'expense', attributes: { merchant: 'FYXER AI' }, expected: { flagged: false, catalogId: null } },
    ]);
    expect(score).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 2, precision: 0.5, recall: 0.5 });
  });
});

describe('scoring a corpus labelled against an older catalog (the held-out corpus)', () => {
  // Labels written when the catalog had only quillo and lexa: orbit, tempo-notes and lexa-api came later.
  const written: WrittenAgainst = { ids: new Set(['quillo', 'lexa']), entries: new Map(catalog.entries.map((e) => [e.id, { vendor: e.vendor, product: e.product }])) };
  const records = [
    // An unknown tool then, named by an entry added since: right.
    { kind: 'expense' as const, attributes: { merchant: 'ORBIT AI' }, expected: { flagged: true, catalogId: null }, note: 'Orbit AI chat; not in catalog' },
    // An entry added since, but the note names another tool: still wrong.
    { kind: 'expense' as const, attributes: { merchant: 'ORBIT AI' }, expected: { flagged: true, catalogId: null }, note: 'Glowr writing assistant; not in catalog' },
    // A newer, more specific entry of the labelled entry's vendor: right.
    { kind: 'dependency' as const, attributes: { ecosystem: 'npm', name: 'lexa-sdk' }, expected: { flagged: true, catalogId: 'lexa' }, note: 'Lexa SDK' },
    // An entry that existed when the labels were written is never accepted in place of another.
    { kind: 'expense' as const, attributes: { merchant: 'QUILLO.AI' }, expected: { flagged: true, catalogId: null }, note: 'Quillo; not in catalog' },
  ];

  it('accepts an entry added since the labels only when the label names its tool or its vendor', () => {
    const byKind = (scores: ReturnType<typeof evaluate>) => Object.fromEntries(scores.map((score) => [score.kind, { tp: score.truePositives, fn: score.falseNegatives }]));
    expect(byKind(evaluate(matcher, records))).toEqual({ expense: { tp: 0, fn: 3 }, dependency: { tp: 0, fn: 1 } });
    expect(byKind(evaluate(matcher, records, written))).toEqual({ expense: { tp: 1, fn: 2 }, dependency: { tp: 1, fn: 0 } });
  });
});
