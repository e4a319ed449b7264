import { describe, expect, it } from 'vitest';
import { dataExposure, orderReviewQueue, reach, suggestTier, triagePriority } from '../../../src/register/triage.js';
import { chatgpt, entry, grammarly, hirevue, openaiSdk } from './entries.js';

describe('suggestTier', () => {
  it('HireVue used for hiring → high, Annex III 4(a) employment', () => {
    const t = suggestTier(hirevue());
    expect(t.tier).toBe('high');
    expect(t.euAiActRefs).toEqual(['Annex III 4(a)']);
    expect(t.needsUseContext).toBe(false);
    expect(t.reasons[0]).toContain('Employment, workers management and access to self-employment');
    expect(t.reasons[0]).toContain('Recruitment/selection');
  });

  it.each([
    ['education', '3'],
    ['essential_services', '5'],
    ['biometrics', '1'],
    ['critical_infrastructure', '2'],
    ['law_enforcement', '6'],
    ['migration', '7'],
    ['justice', '8'],
  ] as const)('domain %s → high with Annex III point %s', (domain, point) => {
    const e = grammarly();
    e.useContext = { departments: [], dataCategories: [], domain };
    const t = suggestTier(e);
    expect(t.tier).toBe('high');
    expect(t.euAiActRefs).toEqual([`Annex III point ${point}`]);
  });

  it('credit scoring picks the sub-point', () => {
    const e = grammarly();
    e.useContext = { departments: [], dataCategories: [], domain: 'essential_services', decisions: 'approves consumer loan applications' };
    expect(suggestTier(e).euAiActRefs).toContain('Annex III 5(b)');
  });

  it('an internal productivity tool → minimal', () => {
    const t = suggestTier(grammarly());
    expect(t.tier).toBe('minimal');
    expect(t.euAiActRefs).toEqual([]);
    expect(t.reasons[0]).toMatch(/internal productivity/);
  });

  it('outputs reaching the public → limited (Art. 50)', () => {
    const t = suggestTier(openaiSdk());
    expect(t.needsUseContext).toBe(true);
    expect(t.tier).toBe('limited');
    expect(t.euAiActRefs).toEqual(['Art. 50(1)']);
    const img = entry({ id: 'midjourney', vendor: 'Midjourney', product: 'Midjourney', category: 'image_video_voice' });
    img.useContext = { departments: ['Marketing'], dataCategories: [], domain: 'internal_productivity', interactsWithPublic: true };
    expect(suggestTier(img)).toMatchObject({ tier: 'limited', euAiActRefs: ['Art. 50(2)', 'Art. 50(4)'] });
  });

  it('emotion recognition of employees → prohibited Art. 5(1)(f)', () => {
    const e = grammarly();
    e.useContext = { departments: ['Support'], dataCategories: [], domain: 'employment', purpose: 'detects the emotions of call-centre agents during calls' };
    const t = suggestTier(e);
    expect(t.tier).toBe('prohibited');
    expect(t.euAiActRefs).toEqual(['Art. 5(1)(f)']);
    expect(t.reasons[0]).toMatch(/confirm with legal/);
  });

  it('social scoring → prohibited Art. 5(1)(c)', () => {
    const e = grammarly();
    e.useContext = { departments: [], dataCategories: [], purpose: 'social scoring of tenants from their online behaviour' };
    expect(suggestTier(e)).toMatchObject({ tier: 'prohibited', euAiActRefs: ['Art. 5(1)(c)'] });
  });

  it('is conservative: emotion analysis of marketing copy, or for safety, is not prohibited', () => {
    const e = grammarly();
    e.useContext = { departments: [], dataCategories: [], domain: 'internal_productivity', purpose: 'analyses the emotional tone of our marketing copy' };
    expect(suggestTier(e).tier).toBe('minimal');
    e.useContext = { departments: [], dataCategories: [], domain: 'employment', purpose: 'detects driver fatigue and emotion for safety of workers' };
    expect(suggestTier(e).tier).toBe('high');
  });

  it('no domain recorded → tier from the catalog, needsUseContext', () => {
    const chat = suggestTier(chatgpt());
    expect(chat).toMatchObject({ tier: 'minimal', needsUseContext: true });
    expect(chat.reasons[0]).toMatch(/use context not recorded yet/);

    const hr = hirevue();
    hr.useContext = { departments: [], dataCategories: [] };
    expect(suggestTier(hr)).toMatchObject({ tier: 'high', needsUseContext: true, euAiActRefs: ['Annex III point 4'] });
  });

  it('an HR tool used outside employment decisions is not high-risk', () => {
    const hr = hirevue();
    hr.useContext = { departments: ['HR'], dataCategories: [], domain: 'internal_productivity', purpose: 'drafts the staff newsletter' };
    expect(suggestTier(hr).tier).toBe('minimal');
  });

  it('an HR tool used for employment decisions without the employment domain → high', () => {
    const hr = hirevue();
    hr.useContext = { departments: ['HR'], dataCategories: [], domain: 'legal_rights', decisions: 'ranks candidates' };
    expect(suggestTier(hr)).toMatchObject({ tier: 'high', euAiActRefs: ['Annex III 4(a)'] });
  });
});

describe('dataExposure', () => {
  it('ChatGPT via OAuth with Mail.Read → high', () => {
    const d = dataExposure(chatgpt());
    expect(d.level).toBe('high');
    expect(d.reasons.join('\n')).toMatch(/OAuth grants have high-exposure scopes/);
    expect(d.reasons.join('\n')).toMatch(/trains on customer data by default/);
  });

  it('training by default is high unless the vendor review recorded it off', () => {
    const e = chatgpt();
    e.exposure = 'low';
    expect(dataExposure(e).level).toBe('high');
    e.vendorDiligence = { certifications: [], trainsOnCustomerData: false };
    const d = dataExposure(e);
    expect(d.level).toBe('medium'); // still processes personal data
    expect(d.reasons.join('\n')).toMatch(/off for the organisation/);
  });

  it('data categories raise it: special-category → high, personal/customer/source code → medium', () => {
    const e = grammarly();
    expect(dataExposure(e).level).toBe('low');
    e.useContext.dataCategories = ['source code'];
    expect(dataExposure(e).level).toBe('medium');
    e.useContext.dataCategories = ['customer', 'special-category (health)'];
    const d = dataExposure(e);
    expect(d.level).toBe('high');
    expect(d.reasons[0]).toMatch(/special-category/);
  });
});

describe('reach', () => {
  it('users and spend', () => {
    expect(reach(grammarly()).level).toBe('low');
    expect(reach(chatgpt())).toMatchObject({ level: 'medium', reasons: ['medium: 42 users', 'medium: EUR 840.00 a month'] });
    expect(reach(hirevue()).level).toBe('high'); // few users, high spend
    const e = grammarly();
    e.users = 250;
    expect(reach(e).level).toBe('high');
  });
});

describe('triagePriority', () => {
  it('scores within 0–100 and orders the review queue: high tier and exposure first', () => {
    const queue = orderReviewQueue([grammarly(), chatgpt(), hirevue(), openaiSdk()]);
    expect(queue.map((q) => q.entry.id)).toEqual(['hirevue', 'openai-chatgpt', 'openai-api', 'grammarly']);
    for (const { priority } of queue) {
      expect(priority.score).toBeGreaterThanOrEqual(0);
      expect(priority.score).toBeLessThanOrEqual(100);
      expect(Number.isInteger(priority.score)).toBe(true);
    }
    expect(queue[0]!.priority).toMatchObject({ tier: 'high', exposure: 'medium', reach: 'high' });
    expect(queue.at(-1)!.priority).toMatchObject({ tier: 'minimal', exposure: 'low', reach: 'low' });
  });

  it('prohibited with high exposure and wide reach scores 100', () => {
    const e = chatgpt();
    e.users = 5000;
    e.monthlySpend = { amount: 100_000, currency: 'EUR' };
    e.useContext = { departments: [], dataCategories: [], domain: 'employment', purpose: 'monitors employee emotions in meetings' };
    expect(triagePriority(e)).toMatchObject({ score: 100, tier: 'prohibited', exposure: 'high', reach: 'high' });
  });

  it('more users and spend rank higher at equal tier and exposure', () => {
    const a = grammarly();
    const b = { ...grammarly(), id: 'grammarly-2', users: 60 };
    expect(triagePriority(b).score).toBeGreaterThan(triagePriority(a).score);
    expect(triagePriority(a).reasons).toHaveLength(3);
  });
});
