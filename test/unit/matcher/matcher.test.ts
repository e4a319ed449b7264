import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import type { MatchInput } from '../../../src/domain/observation.js';
import { compileMatcher, normaliseDescriptor, normalisePackage, rateScopes } from '../../../src/matcher/index.js';
import { companyKey } from '../../../src/matcher/normalise.js';
import { notAToolIn } from '../../../src/matcher/possible-ai.js';

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const expense = (merchant: string) => matcher.match({ kind: 'expense', attributes: { merchant } });
const id = (input: MatchInput) => {
  const result = matcher.match(input);
  return result.flagged ? (result.match?.catalogId ?? 'unknown') : null;
};

describe('expense descriptors', () => {
  it.each([
    ['OPENAI *CHATGPT SUBSCR', 'openai-chatgpt'],
    ['PAYPAL *OPENAI', 'openai-api'],
    ['OPENAI%20*CHATGPT%20SUBSCR', 'openai-chatgpt'],
    ['openai *chatgpt subscr san francisco ca', 'openai-chatgpt'],
    ['ANTHROPIC, PBC 4155551234 CA', 'anthropic-api'],
    ['CLAUDE.AI SUBSCRIPTION', 'anthropic-claude'],
    ['MIDJOURNEY INC.', 'midjourney'],
    ['SQ *OTTER.AI', 'otter-ai'],
    ['GOOGLE *GEMINI', 'google-gemini-app'],
  ])('%s → %s', (merchant, expected) => {
    const result = expense(merchant);
    expect(result.flagged).toBe(true);
    expect(result.match?.catalogId).toBe(expected);
  });

  it.each(['ANTHROPOLOGIE #0123 NEW YORK NY', 'OTTERBOX.COM FORT COLLINS CO', 'GEMINI TRUST CO NEW YORK NY', 'STARBUCKS STORE 01234', 'AIRBNB * HMZ123', 'THAI BASIL KITCHEN'])(
    '%s is not AI',
    (merchant) => {
      expect(expense(merchant)).toEqual({ flagged: false, match: null });
    },
  );

  const charge = (merchant: string, memo: string | undefined, category?: string) =>
    matcher.match({ kind: 'expense', attributes: { merchant, ...(memo ? { memo } : {}), amount: 20, ...(category ? { category } : {}) } }).match;

  it("reads a vendor's plan in the memo of an app-store charge, and a platform's short form on the statement", () => {
    expect(charge('APPLE.COM/BILL', 'Otter Pro monthly (iOS)')?.catalogId).toBe('otter-ai');
    expect(charge('MSFT * E0400RQ7ZK', 'Azure OpenAI Service')?.catalogId).toBe('microsoft-azure-openai');
    // A plan of the suite a Copilot licence rides on is not Copilot.
    expect(charge('MSFT * E0300LPQ7M', 'Microsoft 365 Business Standard')).toBeNull();
    // What the catalog knows is not AI stays so through the App Store, where its word would say AI.
    expect(charge('APPLE.COM/BILL', 'Copilot Money')).toBeNull();
  });

  it("reads '&' as 'and', and an app named without its closing AI in an app store's memo", () => {
    // The catalog writes "FEATURES AND LABELS" (fal.ai's company); statements write the ampersand.
    expect(expense('FEATURES & LABELS INC').match?.catalogId).toBe(expense('FEATURES AND LABELS INC').match?.catalogId);
    expect(expense('FEATURES & LABELS INC').match?.catalogId).toBe('fal-ai');
    expect(charge('APPLE.COM/BILL', 'Lensa - avatars for team page')?.catalogId).toBe('lensa-ai');
    // A name of four letters left without its AI is a word, not a name: "Read" is not Read AI.
    expect(charge('APPLE.COM/BILL', 'Read - ebook subscription')).toBeNull();
  });

  it("asks a product's name on a storefront for anyone's goods for evidence, reads a cloud's marketplace from the memo, and a hotel chatbot as a chatbot", () => {
    // Merchandise and prompt packs sold under an AI product's name are not the product.
    expect(charge('SHOPIFY* OPENAI SUPPLY', 'hoodies for hackathon winners', 'Marketing')).toBeNull();
    expect(charge('GUMRD.COM* MIDJOURNEY PR', 'prompt pack', 'Other')).toBeNull();
    // An app sold through Gumroad, booked as software at a plan's price, is the app.
    expect(charge('GUMRD.COM* MACWHISPER', undefined, 'Software')?.catalogId).toBe('macwhisper');
    expect(charge('AWS EMEA', 'Marketplace: Twelve Labs Pegasus', 'Computer Software')?.catalogId).toBe('twelve-labs');
    expect(charge('HIJIFFY LDA', 'hotel chatbot', 'Software')).toMatchObject({ catalogId: null, category: 'unknown' });
    expect(charge('HIJIFFY LDA', 'hotel for the offsite', 'Software')).toBeNull();
    // GPUs by the hour are a service; a GPU is a card.
    expect(notAToolIn('H100 GPU hours')).toBeUndefined();
    expect(notAToolIn('GPU for the workstation')).toBe('GPU');
  });

  it('bills Anyscale, the company, to its platform and not to Ray, the open-source engine', () => {
    expect(expense('ANYSCALE, INC. SAN FRANCISC').match?.catalogId).toBe('anyscale');
  });

  it("takes the product after the star of a vendor's own descriptor for that vendor's product", () => {
    expect(expense('AI21 LABS*WORDTUNE').match?.catalogId).toBe('ai21-wordtune');
    expect(expense('AI21 LABS').match?.catalogId).toBe('ai21-api');
  });

  it('lets a memo that says AI overrule a category where tools are not booked, but not a memo that says course', () => {
    expect(charge('ZORBLAX AI LONDON', 'AI email assistant seats', 'Professional Services')).toMatchObject({ catalogId: null, category: 'unknown' });
    expect(charge('ZORBLAX AI LONDON', 'retainer', 'Professional Services')).toBeNull();
    expect(charge('ZORBLAX AI', 'AI course for the team', 'Training')).toBeNull();
  });

  it('explains a match in words a reviewer can check', () => {
    expect(expense('OPENAI *CHATGPT SUBSCR').match?.reasons).toEqual([
      "merchant descriptor 'OPENAI *CHATGPT SUBSCR' matches alias 'OPENAI *CHATGPT SUBSCR' of ChatGPT (Free, Plus, Pro) (OpenAI)",
    ]);
  });

  it('is surer of a descriptor that is exactly an alias than of one that only contains it', () => {
    const exact = expense('MIDJOURNEY INC.').match!.confidence;
    const contained = expense('MIDJOURNEY INC. GIFT FOR TEAM').match!.confidence;
    expect(exact).toBeGreaterThan(contained);
  });

  it('recognises a descriptor cut off by the card network, with less confidence', () => {
    const result = expense('SOME RESELLER LTD MIDJOURN');
    expect(result.match?.catalogId).toBe('midjourney');
    expect(result.match!.confidence).toBeLessThan(0.8);
    expect(result.match!.reasons[0]).toContain('cut off');
  });

  it('reads a name as cut off only where it begins the descriptor or its product, or keeps most of itself', () => {
    expect(expense('THOMSON REUTERS*COCOUNSE').match?.catalogId).toBe('thomson-reuters-cocounsel');
    // Cut from the company's own name, not from ResearchRabbit's; a whole word, not a cut Unit21.
    expect(expense('DIGITAL SCIENCE & RESEARC').match?.catalogId).not.toBe('researchrabbit');
    expect(expense('ECONOMIST INTELLIGENCE UNIT').flagged).toBe(false);
  });

  it("reads a Play Store line with no memo by the app it names after the star, and only by an app's whole name", () => {
    const chaton = expense('GOOGLE *ChatOn');
    expect(chaton.match?.catalogId).toBe('chaton-aiby');
    expect(chaton.match!.reasons[0]).toContain("the Play Store's app name");
    expect(expense('GOOGLE *Candy Crush').flagged).toBe(false);
    expect(expense('GOOGLE *YouTube Premium').flagged).toBe(false);
  });

  it('never takes a graphics card bought as computer equipment for a tool, whatever its memo says of LLMs', () => {
    const card = matcher.match({ kind: 'expense', attributes: { merchant: 'MICRO CENTER #095', amount: 1999, memo: 'RTX 5090 for local LLM box', category: 'Computer Equipment' } });
    expect(card.flagged).toBe(false);
    expect(matcher.match({ kind: 'expense', attributes: { merchant: 'MICRO CENTER #095', memo: 'RTX 5090 for the LLM box', category: 'Software' } }).flagged).toBe(false);
  });

  it('flags an unknown .ai domain as possible AI with a low confidence, higher when a software reseller billed it', () => {
    const result = expense('FS *NOTEBOOKWIZARD.AI');
    expect(result).toMatchObject({ flagged: true, match: { catalogId: null, category: 'unknown', confidence: 0.4 } });
    expect(result.match!.reasons[0]).toContain("'notebookwizard.ai'");
    expect(result.match!.reasons[1]).toContain('FastSpring');
    expect(expense('NOTEBOOKWIZARD.AI').match).toMatchObject({ catalogId: null, confidence: 0.3 });
  });

  it('normalises descriptors for aggregation without numbers, prefixes or regions', () => {
    expect(normaliseDescriptor('SQ *BLUE BOTTLE COFFEE #123 OAKLAND CA').display).toBe('BLUE BOTTLE COFFEE OAKLAND');
    expect(normaliseDescriptor('UBER *TRIP HELP.UBER.COM').display).toBe('UBER TRIP HELP UBER');
  });
});

describe('OAuth grants', () => {
  const grant = (appName: string, extra: Record<string, unknown> = {}): MatchInput => ({
    kind: 'oauth_grant',
    attributes: { provider: 'google', appName, appId: '123-abc.apps.googleusercontent.com', scopes: ['openid', 'email'], ...extra },
  });

  it('matches app names on whole tokens', () => {
    expect(id(grant('ChatGPT'))).toBe('openai-chatgpt');
    expect(id(grant('Otter.ai'))).toBe('otter-ai');
    expect(id(grant('Zoom'))).toBeNull();
    expect(id(grant('Calendly'))).toBeNull();
  });

  it("reads a brand without its closing AI as that product when the scopes, the publisher or a word agree, and not alone", () => {
    const mail = ['openid', 'https://www.googleapis.com/auth/gmail.modify', 'https://www.googleapis.com/auth/calendar'];
    expect(id(grant('Howie', { scopes: mail }))).toBe('howie-ai');
    // Sign-in alone says nothing: "Howie" may be any app.
    expect(id(grant('Howie'))).toBeNull();
    const result = matcher.match(grant('Howie', { scopes: mail }));
    expect(result.match!.reasons.join(' ')).toContain('decided by: its scopes');
  });

  it('reads a two-word name written as one, descriptor words after a name, and a publisher that is the brand with company words', () => {
    expect(id(grant('HappyScribe'))).toBe('happy-scribe');
    expect(id(grant('Nyota Meeting Bot', { provider: 'microsoft' }))).toBe('nyota-ai');
    expect(id(grant('Phind (Prod)'))).toBe('phind');
    // Dashworks is HubSpot's now; its app is still published under its own company's name.
    expect(id(grant('Dashworks', { provider: 'microsoft', publisher: 'Dashworks Technologies, Inc.' }))).toBe('dashworks');
    expect(id(grant('Humantic AI for Outlook', { provider: 'microsoft', publisher: 'Humantic Labs Inc.' }))).toBe('humantic-ai');
    // Another company whose name starts with the brand is still another company.
    expect(id(grant('Dashworks', { provider: 'microsoft', publisher: 'Dashworks Plumbing Supplies LLC' }))).toBeNull();
  });

  it("reads a brand without the domain ending or company word of its catalog name, with the publisher's word for it", () => {
    expect(id(grant('Doctrine', { provider: 'microsoft', publisher: 'Doctrine SAS' }))).toBe('doctrine-fr');
    expect(id(grant('Doctrine'))).toBeNull();
  });

  it("reads an unknown app's AI glued to its name in its own case, and AI in Spanish or Portuguese, as possible AI", () => {
    expect(id(grant('ListingAI'))).toBe('unknown');
    expect(id(grant('Jus IA'))).toBe('unknown');
    // Upper case hides the glue: THAI and DUBAI are places.
    expect(id(grant('DUBAI'))).toBeNull();
    expect(id(grant('Thai Kitchen'))).toBeNull();
  });

  it("reads a platform's one-word AI product on its own provider when the name is coined or follows the platform's name", () => {
    const drive = ['openid', 'https://www.googleapis.com/auth/drive.readonly'];
    expect(id(grant('NotebookLM', { scopes: drive }))).toBe('google-notebooklm');
    expect(id(grant('Google NotebookLM', { scopes: drive }))).toBe('google-notebooklm');
    // Written all in one case, a one-word name may as well be a word ("Jules", "Gemini").
    expect(id(grant('NOTEBOOKLM', { scopes: drive }))).toBeNull();
  });

  it("reads a developer tool's company name of several words as its sign-in app, not a one-word one", () => {
    expect(id(grant('Weights & Biases'))).toBe('weights-and-biases');
    // Ray is Anyscale's open-source engine: "Ray" on a consent screen is anything.
    expect(id(grant('Ray'))).toBeNull();
  });

  it('never reads an app as AI only because its publisher sells an AI product among others', () => {
    const consent = grant('Sourcegraph Code Search', { provider: 'microsoft', publisher: 'Sourcegraph' });
    expect(id(consent)).toBeNull();
    expect(id(grant('Cody', { provider: 'microsoft', publisher: 'Sourcegraph' }))).toBe('sourcegraph-cody');
  });

  it('treats an app that only mentions a product, from another publisher, as possible AI', () => {
    const result = matcher.match(grant('ChatGPT for Google Sheets', { publisher: 'Talarian' }));
    expect(result.match).toMatchObject({ catalogId: null, category: 'unknown' });
    expect(result.match!.reasons[0]).toContain("made by 'Talarian'");
  });

  it("reads a publisher's legal form as no part of its name, European and Asian forms too", () => {
    // Before, "Wudpecker AB" read as another company named Wudpecker that borrows the name.
    expect(id(grant('Wudpecker', { publisher: 'Wudpecker AB' }))).toBe('wudpecker');
    expect(id(grant('Keenious', { publisher: 'Keenious AS' }))).toBe('keenious');
    expect(matcher.match(grant('Wudpecker', { publisher: 'Wudpecker AB' })).match!.reasons).toContain("publisher 'Wudpecker AB' is Wudpecker");
    expect(companyKey('Bar GmbH & Co. KG')).toBe('BAR');
    expect(companyKey('Acme S.A.S.')).toBe('ACME');
    expect(companyKey('Foo Sp. z o.o.')).toBe('FOO');
    // A word of the name is not a legal form, and a company named like one keeps its name.
    expect(companyKey('Sana Labs AB')).toBe('SANA LABS');
    expect(companyKey('SAS')).toBe('SAS');
    expect(id(grant('Wudpecker', { publisher: 'Wudpecker Analytics' }))).toBeNull();
  });

  it("reads a Chinese company's registered name as its brand", () => {
    expect(companyKey('Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.')).toBe('DEEPSEEK');
    expect(companyKey('Beijing Moonshot AI Technology Co., Ltd.')).toBe('MOONSHOT AI');
    const seats = { kind: 'licence', attributes: { provider: 'other', skuId: '', skuName: 'API top-up', vendor: 'Hangzhou DeepSeek Artificial Intelligence Co., Ltd.', seats: 1 } } as MatchInput;
    expect(id(seats)).toBe('deepseek-api');
    // A place and a brand without a line of business is a name of its own.
    expect(companyKey('Shanghai Tang')).toBe('SHANGHAI TANG');
    expect(companyKey('Beijing Duck House Ltd')).toBe('BEIJING DUCK HOUSE');
  });

  it("takes a publisher named as the catalog names the product's company for the product's maker", () => {
    // CODOTA is Tabnine's former name, on its card statements; ADA SUPPORT and TANDEM HEALTH are Ada's and Tandem's.
    expect(id(grant('Tabnine Enterprise', { provider: 'microsoft', publisher: 'Codota Ltd' }))).toBe('tabnine');
    expect(id(grant('Ada', { provider: 'microsoft', publisher: 'Ada Support Inc.' }))).toBe('ada-support');
    expect(id(grant('Tandem', { provider: 'microsoft', publisher: 'Tandem Health AB' }))).toBe('tandem-health');
    // Not a platform's, and not an add-on's host company.
    expect(id(grant('Acme Expenses', { provider: 'microsoft', publisher: 'Microsoft Corporation' }))).toBeNull();
  });

  it("reads 'X for <audience>' as X, an app named by the product's domain as the product, and keeps a publisher's other products out", () => {
    expect(id(grant('Diffit for Teachers'))).toBe('diffit');
    expect(id(grant('ultimate.ai', { provider: 'microsoft', publisher: 'Ultimate GmbH' }))).toBe('zendesk-ai');
    expect(id(grant('LiveChat', { provider: 'microsoft', publisher: 'Text S.A.' }))).toBeNull();
    expect(id(grant('ChatBot', { provider: 'microsoft', publisher: 'Text S.A.' }))).toBe('chatbot-com');
  });

  it('flags an unknown app with an AI name as possible AI, ranked higher when it was granted data scopes', () => {
    const withMail = matcher.match(grant('MeetingGPT Notes', { scopes: ['https://www.googleapis.com/auth/gmail.readonly'] }));
    const signInOnly = matcher.match(grant('MeetingGPT Notes', { scopes: ['openid', 'email', 'profile'] }));
    expect(withMail.match).toMatchObject({ catalogId: null, category: 'unknown', confidence: 0.4 });
    expect(signInOnly.match).toMatchObject({ catalogId: null, category: 'unknown', confidence: 0.3 });
    expect(withMail.match!.reasons[1]).toContain('gmail.readonly');
  });

  it('rates scopes for data exposure, with the reason', () => {
    expect(rateScopes(['openid', 'email']).level).toBe('low');
    expect(rateScopes(['https://www.googleapis.com/auth/drive.file']).level).toBe('medium');
    expect(rateScopes(['User.Read', 'Mail.Read', 'offline_access'])).toEqual({
      level: 'high',
      reasons: ['Mail.Read: mailboxes', 'offline_access: access that lasts after the user leaves (offline access)'],
    });
  });
});

describe('licences', () => {
  it('matches SKU ids exactly and part numbers whole or inside a longer one', () => {
    expect(id({ kind: 'licence', attributes: { provider: 'microsoft', skuId: '639dec6b-bb19-468b-871c-c5c441c4b0cb', skuName: 'whatever' } })).toBe('microsoft-365-copilot');
    expect(id({ kind: 'licence', attributes: { provider: 'microsoft', skuId: 'x', skuName: 'Microsoft_365_Copilot' } })).toBe('microsoft-365-copilot');
    expect(id({ kind: 'licence', attributes: { provider: 'microsoft', skuId: 'x', skuName: 'Microsoft_365_Copilot_EDU' } })).toBe('microsoft-365-copilot');
    expect(id({ kind: 'licence', attributes: { provider: 'microsoft', skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuName: 'ENTERPRISEPACK' } })).toBeNull();
    expect(id({ kind: 'licence', attributes: { provider: 'google', skuId: '1010470002', skuName: 'Gemini Enterprise' } })).toBe('google-gemini-workspace');
  });

  const seats = (skuName: string, vendor?: string, provider = 'other', skuId = '') => id({ kind: 'licence', attributes: { provider, skuId, skuName, ...(vendor ? { vendor } : {}) } });

  it("knows a seller by its brand less what its legal name adds, a platform's regional company as the platform, and reads a reseller's line by the company it names first", () => {
    expect(seats('Enterprise', 'MindBridge Analytics Inc.')).toBe('mindbridge');
    expect(seats('Security Copilot - Security Compute Units', 'Microsoft Ireland Operations Ltd')).toBe('microsoft-security-copilot');
    expect(seats('Weights & Biases Enterprise (GovCloud)', 'Carahsoft Technology Corp.')).toBe('weights-and-biases');
    expect(seats('Langdock for Microsoft Teams - Business', 'Microsoft AppSource')).toBe('langdock');
    const resold = matcher.match({ kind: 'licence', attributes: { provider: 'other', skuId: '', skuName: 'Langdock for Microsoft Teams - Business', vendor: 'Microsoft AppSource' } });
    expect(resold.match!.reasons[0]).toBe("'Microsoft AppSource' resells what its line names first: 'Langdock'");
    // A marketplace is not its platform: an app sold on GitHub Marketplace is not GitHub Copilot.
    expect(seats('Ellipsis: Team', 'GitHub Marketplace')).not.toBe('github-copilot');
  });

  it('reads a seat list from a vendor that sells more than AI by the product its plan names, and a company it bought by that company', () => {
    // GitLab sells its DevOps platform too (catalog vendors): the plan must name Duo.
    expect(seats('GitLab Premium (SaaS)', 'GitLab Inc.')).toBeNull();
    expect(seats('GitLab Duo Pro', 'GitLab Inc.')).toBe('gitlab-duo');
    // Workday bought Evisort; Evisort Inc. still sells only Evisort.
    expect(seats('Enterprise', 'Evisort Inc.')).toBe('evisort');
    // "Vincent AI" is a brand of vLex's, not vLex's other product with AI beside it.
    expect(seats('Vincent', 'vLex, LLC')).toBe('vlex-vincent');
  });

  it("reads a seller's glued AI, a company named for its product with company words, and a platform SKU named in full", () => {
    expect(seats('Onyx Cloud Business', 'DanswerAI, Inc.')).toBe('onyx-danswer');
    expect(seats('WellSaid Labs Business - 10 Seat Pack', 'Softchoice Corporation')).toBe('wellsaid-labs');
    expect(seats('Agentspace Enterprise Plus', 'Google Cloud EMEA Limited')).toBe('google-gemini-enterprise-agentspace');
    // "Sales Cloud" is a plan of Salesforce's CRM; only "Sales Cloud Einstein" names the AI SKU.
    expect(seats('Sales Cloud Enterprise', 'salesforce.com, inc.')).toBeNull();
    expect(id({ kind: 'licence', attributes: { provider: 'github', skuId: 'models', skuName: 'GitHub Models (paid usage)' } })).toBe('github-models');
    // "Lara Translate / ModernMT": a product's every name is a plan's name.
    expect(seats('ModernMT Professional', 'Translated S.r.l.')).toBe('lara-translate');
  });

  it('never reads a seat list as an MCP server or an agent toolkit: nobody buys seats of those', () => {
    // Before, Stripe's and Supabase's seats were their MCP server or agent toolkit, "all AI" in the catalog.
    expect(seats('Standard', 'Stripe, Inc.')).toBeNull();
    expect(seats('Pro', 'Supabase Inc')).toBeNull();
    // A model API's plans are bought: its seat list is still the API's.
    expect(seats('Enterprise', 'Cohere Inc.')).toBe('cohere-api');
  });

  it("reads 'Professional' as a plan word, and a brand's '.ai' as part of its name", () => {
    expect(seats('AdCreative.ai Professional', 'Paddle.com Market Ltd')).toBe('adcreative-ai');
    // "watsonx.ai" is a brand: "watsonx" in a plan is that product, not a host product beside its AI.
    expect(seats('watsonx Assistant Plus', 'IBM Corporation')).toBe('ibm-watsonx-ai');
    expect(seats('Professional', 'Paddle.com Market Ltd')).toBeNull();
  });

  it("knows a seller by the names the catalog holds for it, less its legal form, a closing AI or its spaces", () => {
    expect(seats('Business - Annual (per seat)', 'Jasper AI, Inc.')).toBe('jasper');
    expect(seats('Creator', 'Eleven Labs Inc.')).toBe('elevenlabs');
    // The catalog's own "Rewind AI" is not every Rewind: Rewind's backups are not Limitless.
    expect(seats('Rewind Backups - Growth', 'Rewind Software Inc.')).toBeNull();
  });

  it("reads a reseller's line by the product's name and a brand's .ai, and a GitHub Marketplace plan by its app", () => {
    expect(seats('Rask AI Business', 'SoftwareOne')).toBe('rask-ai');
    expect(seats('OTTER AI ENTERPRISE SUBSCRIPTION', 'CDW')).toBe('otter-ai');
    expect(seats('Qodo Merge: Teams', undefined, 'github', 'qodo-merge-pro/teams')).toBe('qodo');
    // Another company of the product's name.
    expect(seats('Runway Business', 'Runway Financial, Inc.')).toBeNull();
  });

  it("does not take a multi-product vendor's other products, or an AI product's host, for its AI product", () => {
    expect(seats('Adobe Acrobat Pro for teams', 'Adobe Inc.')).toBeNull();
    expect(seats('Lexis+ Standard', 'LexisNexis')).toBeNull();
    expect(seats('UiPath Attended Robot', 'UiPath Inc.')).toBeNull();
    expect(seats('Practical Law', 'Thomson Reuters')).toBeNull();
    expect(seats('Lexis+ AI', 'LexisNexis')).toBe('lexisnexis-protege');
    expect(seats('CoCounsel Core', 'Thomson Reuters')).toBe('thomson-reuters-cocounsel');
  });
});

describe('dependencies', () => {
  const dep = (ecosystem: 'npm' | 'pypi' | 'go' | 'maven' | 'nuget' | 'cargo' | 'rubygems', name: string): MatchInput => ({ kind: 'dependency', attributes: { ecosystem, name } });

  it("gives a framework's unlisted integration to the service it names, where the catalog lists the framework's integrations so", () => {
    // LangChain's and LlamaIndex's listed integrations are their services' (langchain-openai is OpenAI's).
    expect(id(dep('pypi', 'llama-index-llms-siliconflow'))).toBe('siliconflow');
    expect(id(dep('pypi', 'langchain-siliconflow'))).toBe('siliconflow');
    expect(id(dep('maven', 'dev.langchain4j:langchain4j-github-models'))).toBe('github-models');
    expect(id(dep('maven', 'org.springframework.ai:spring-ai-starter-model-stability-ai'))).toBe('stability-ai');
    expect(matcher.match(dep('pypi', 'langchain-siliconflow')).match!.reasons[0]).toContain("is an integration of LangChain (LangChain) ('langchain-' family) with SiliconFlow");
    // OpenInference's instrumentations are listed as Arize Phoenix's: an unlisted one stays Phoenix's.
    expect(id(dep('pypi', 'openinference-instrumentation-siliconflow'))).toBe('arize-phoenix');
    // A company with many entries names none of them: the framework keeps it.
    expect(id(dep('pypi', 'langchain-huggingface'))).not.toBe('huggingface-smolagents');
  });

  it("reads a port of a listed SDK, named after it and the ecosystem's own language or 'sdk', as that product's", () => {
    expect(id(dep('go', 'github.com/haguro/elevenlabs-go'))).toBe('elevenlabs');
    expect(id(dep('cargo', 'elevenlabs_rs'))).toBe('elevenlabs');
    expect(id(dep('go', 'github.com/mendableai/firecrawl-go'))).toBe('firecrawl');
    expect(id(dep('npm', 'novita-sdk'))).toBe('novita-ai');
    expect(matcher.match(dep('go', 'github.com/haguro/elevenlabs-go')).match!.reasons[0]).toContain("named 'elevenlabs' with 'go'");
    // Another language's suffix is no port: "-go" on crates.io, "-js" on npm (where it ends every other package).
    expect(id(dep('cargo', 'firecrawl-go'))).toBeNull();
    expect(id(dep('npm', 'novita-js'))).toBeNull();
    // What a client calls itself: "client", "api", "community".
    expect(id(dep('cargo', 'mistralai-client'))).toBe('mistral-api');
    // A short brand is too often a word, and so is a programmer's term.
    expect(id(dep('go', 'github.com/someone/modal-go'))).toBeNull();
    expect(id(dep('go', 'github.com/aiven/go-client-codegen'))).toBeNull();
    // A brand that is an English word ports nothing: go-whisper is Graphite's time-series format.
    expect(id(dep('go', 'github.com/go-graphite/go-whisper'))).toBeNull();
    // Only a brand the catalog lists an SDK of: Sentry's MCP server is AI, Sentry's Go SDK is not.
    expect(id(dep('go', 'github.com/getsentry/sentry-go'))).toBeNull();
    expect(id(dep('rubygems', 'sentry-ruby'))).toBeNull();
  });

  it("reads a bare brand in registries where names are rarely squatted, a listed SDK's name in another registry, and an SDK under an AI company's scope", () => {
    expect(id(dep('nuget', 'AssemblyAI'))).toBe('assemblyai');
    expect(id(dep('cargo', 'deepgram'))).toBe('deepgram');
    // On npm and PyPI a bare name is often another project's.
    expect(id(dep('npm', 'deepgram'))).not.toBe('deepgram');
    // Dify's PyPI client, published under the same name on npm.
    expect(id(dep('npm', 'dify-client'))).toBe('dify');
    expect(id(dep('npm', '@symblai/symbl-web-sdk'))).toBe('symbl-ai');
    expect(matcher.match(dep('npm', '@symblai/symbl-web-sdk')).match!.reasons[0]).toContain("is published under 'symblai'");
    // What a scope publishes that is not an SDK by its name is not thereby AI.
    expect(id(dep('npm', '@symblai/eslint-config'))).toBeNull();
    // An open-source organisation publishes much else: @opentelemetry/api is not AI.
    expect(id(dep('npm', '@opentelemetry/api-client'))).toBeNull();
  });

  it("reads a Go module named one AI word alone as a package of that name: as often something else", () => {
    expect(id(dep('go', 'github.com/rekby/gpt'))).toBeNull();
    // Its owner's word still counts beside another word of its own.
    expect(id(dep('go', 'github.com/someone/gpt-tokenizer'))).not.toBeNull();
  });

  it('compares names the way each registry does', () => {
    expect(normalisePackage('pypi', 'LangChain_Core')).toBe('langchain-core');
    expect(normalisePackage('pypi', 'openai[datalib]')).toBe('openai');
    expect(normalisePackage('go', 'github.com/openai/openai-go/v2')).toBe('github.com/openai/openai-go');
    expect(id(dep('pypi', 'OpenAI'))).toBe('openai-api');
    expect(id(dep('npm', '@anthropic-ai/sdk'))).toBe('anthropic-api');
    expect(id(dep('go', 'github.com/sashabaranov/go-openai'))).not.toBeNull();
  });

  it('recognises packages of a known family at a lower confidence', () => {
    const result = matcher.match(dep('pypi', 'llama-index-readers-file'));
    expect(result.match?.catalogId).toBe(matcher.match(dep('pypi', 'llama-index')).match?.catalogId);
    expect(result.match!.confidence).toBeLessThan(0.99);
  });

  it('gives a crate or gem named after its one-word product to that product, once the catalog lists three', () => {
    // candle-rotary is published from Hugging Face's candle-extensions repository, not Candle's own.
    const rotary = matcher.match(dep('cargo', 'candle-rotary')).match;
    expect(rotary).toMatchObject({ catalogId: 'hugging-face-candle', confidence: 0.85 });
    expect(rotary!.reasons[0]).toContain("the 'candle-' family");
    expect(id(dep('cargo', 'candle-core-extras'))).toBe('hugging-face-candle');
    expect(id(dep('rubygems', 'omniai-deepseek'))).toBe('omniai-ruby');
    // The product's word without its punctuation: mistral.rs publishes mistralrs-*.
    expect(id(dep('cargo', 'mistralrs-speech'))).toBe('mistral-rs');
    // The word must end at a separator, and PyPI's crowded names get no product family.
    expect(id(dep('cargo', 'candlestick'))).toBeNull();
    expect(id(dep('pypi', 'inspect-sqlalchemy'))).toBeNull();
  });

  it("gives a Maven group with an 'ai' segment to the entry that lists two of its artifacts", () => {
    const starter = matcher.match(dep('maven', 'org.springframework.ai:spring-ai-starter-vector-store-cassandra')).match;
    expect(starter).toMatchObject({ catalogId: 'spring-ai', confidence: 0.85 });
    expect(starter!.reasons[0]).toContain("the 'org.springframework.ai:' family");
    // Groups without one stay too broad to decide: Spark holds MLlib and everything else.
    expect(id(dep('maven', 'org.apache.spark:spark-sql_2.13'))).toBeNull();
  });

  it("reads a model's generation after its name as the name, and a name that is one AI word alone as nothing", () => {
    expect(matcher.match(dep('go', 'github.com/acme/gpt4-proxy')).match).toMatchObject({ catalogId: null, category: 'unknown' });
    // GUID partition tables and a latency matrix.
    expect(matcher.match(dep('cargo', 'gpt')).flagged).toBe(false);
    expect(matcher.match(dep('npm', 'gpt')).flagged).toBe(false);
    expect(matcher.match(dep('pypi', 'llama')).flagged).toBe(false);
  });

  it('takes every Scala build of a Maven artifact for the same artifact', () => {
    expect(normalisePackage('maven', 'ml.dmlc:xgboost4j_2.11')).toBe('ml.dmlc:xgboost4j');
    expect(id(dep('maven', 'org.apache.spark:spark-mllib_3'))).toBe(id(dep('maven', 'org.apache.spark:spark-mllib_2.13')));
    expect(id(dep('maven', 'ml.dmlc:xgboost4j-gpu_2.12'))).toBe('xgboost');
  });

  it('knows a CUDA build of a listed package by its name without the CUDA version', () => {
    expect(matcher.match(dep('pypi', 'nvidia-cudnn-cu14')).match).toMatchObject({ catalogId: 'nvidia-cudnn', confidence: 0.95 });
    // Only builds of a listed package: NCCL is GPU communication, not AI.
    expect(id(dep('pypi', 'nvidia-nccl-cu13'))).toBeNull();
  });

  it.each([
    ['npm', 'openapi-typescript'],
    ['npm', 'openapi-types'],
    ['pypi', 'aiohttp'],
    ['pypi', 'aiofiles'],
    ['npm', 'express'],
    ['pypi', 'requests'],
    ['go', 'github.com/getkin/kin-openapi'],
    ['npm', '@google-cloud/storage'],
    // "autogen" says AutoGen only where it leads the name.
    ['npm', 'swagger-autogen'],
    // @napi-rs/whisper is AI; the rest of the @napi-rs scope is Rust bindings for Node (our own lockfile has one)
    ['npm', '@napi-rs/wasm-runtime'],
  ] as const)('%s %s is not AI', (ecosystem, name) => {
    expect(id(dep(ecosystem, name))).toBeNull();
  });
});

describe('app installs and repository files', () => {
  it('matches GitHub App slugs and assistant files', () => {
    expect(id({ kind: 'app_install', attributes: { provider: 'github', slug: 'coderabbitai', name: 'CodeRabbit' } })).toBe('coderabbit');
    expect(id({ kind: 'app_install', attributes: { provider: 'github', slug: 'dependabot', name: 'Dependabot' } })).toBeNull();
    expect(id({ kind: 'repo_artefact', attributes: { repo: 'acme/web', path: 'apps/web/CLAUDE.md', type: 'assistant_config', name: 'Claude Code' } })).toBe('anthropic-claude-code');
    expect(id({ kind: 'repo_artefact', attributes: { repo: 'acme/web', path: 'README.md', type: 'assistant_config', name: 'readme' } })).toBeNull();
  });
});

describe('the compiled matcher', () => {
  it('is deterministic: the same input gives the same verdict', () => {
    expect(expense('OPENAI *CHATGPT SUBSCR')).toEqual(compileMatcher(catalog).match({ kind: 'expense', attributes: { merchant: 'OPENAI *CHATGPT SUBSCR' } }));
  });

  it('lets a user catalog suppress a false positive and add a product', () => {
    const custom = compileMatcher({
      ...catalog,
      entries: [...catalog.entries, { ...catalog.entries[0]!, id: 'acme-internal-gpt', vendor: 'Acme', product: 'AcmeGPT', fingerprints: { ...catalog.entries[0]!.fingerprints, merchants: ['ACMEGPT LICENSE'] } }],
      notAi: [...catalog.notAi, { id: 'harvey-plumbing', name: 'Harvey Plumbing', reason: 'a plumber', merchants: ['HARVEY AI PLUMBING'], oauthNames: [], packages: {} }],
    });
    expect(custom.match({ kind: 'expense', attributes: { merchant: 'ACMEGPT LICENSE 2026' } }).match?.catalogId).toBe('acme-internal-gpt');
    expect(custom.match({ kind: 'expense', attributes: { merchant: 'HARVEY AI PLUMBING' } }).flagged).toBe(false);
  });
});

describe('package names as manifests write them', () => {
  it('ignores versions and markers written into the name', async () => {
    const { normalisePackage } = await import('../../../src/matcher/normalise.js');
    expect(normalisePackage('pypi', 'openai>=1.40; python_version >= "3.9"')).toBe('openai');
    expect(normalisePackage('pypi', 'LangChain-Core == 0.3.1')).toBe('langchain-core');
    expect(normalisePackage('npm', 'openai@4.2.0')).toBe('openai');
    expect(normalisePackage('npm', '@anthropic-ai/sdk@^0.30.0')).toBe('@anthropic-ai/sdk');
    expect(normalisePackage('maven', 'dev.langchain4j:langchain4j')).toBe('dev.langchain4j:langchain4j');
  });
});
