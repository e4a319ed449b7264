import { describe, expect, it } from 'vitest';
import annexA from '../../../src/register/reference/annex-a.json' with { type: 'json' };
import { applicableRequirements, ORG_LEVEL_WHY, statementOfApplicability } from '../../../src/register/requirements.js';
import { suggestRoles } from '../../../src/register/roles.js';
import type { RegisterEntry } from '../../../src/domain/register.js';
import { chatgpt, grammarly, hirevue, openaiSdk, pytorch } from './entries.js';

function ctl(entry: RegisterEntry, id: string, roles = suggestRoles(entry).roles) {
  const found = applicableRequirements(entry, roles).controls.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('applicableRequirements', () => {
  it('lists every Annex A control with the reference titles, and the system-level clauses', () => {
    const r = applicableRequirements(chatgpt(), ['ai_customer']);
    expect(r.controls.map((c) => c.id)).toEqual(annexA.map((c) => c.id));
    expect(r.controls.find((c) => c.id === 'A.10.3')!.title).toBe('Suppliers');
    expect(r.clauses.map((c) => c.id)).toEqual(['4.1', '4.3', '8.2', '8.3', '8.4']);
    expect(r.clauses.find((c) => c.id === '8.4')!.title).toBe('AI system impact assessment');
    expect(r.clauses.every((c) => c.status === 'open')).toBe(true);
  });

  it('organisation-level controls (A.2–A.4) are applicable and open', () => {
    for (const id of ['A.2.2', 'A.3.2', 'A.4.6']) {
      expect(ctl(chatgpt(), id)).toMatchObject({ applicable: true, status: 'open', why: ORG_LEVEL_WHY });
    }
  });

  it('customer only: A.6, A.7, A.8 and A.10.4 not applicable, with justification', () => {
    const e = chatgpt();
    for (const id of ['A.6.1.2', 'A.6.2.8', 'A.7.2', 'A.7.6', 'A.8.2', 'A.10.4']) {
      const c = ctl(e, id);
      expect(c.applicable).toBe(false);
      expect(c.status).toBe('not_applicable');
      expect(c.why.length).toBeGreaterThan(10);
    }
    expect(ctl(e, 'A.7.2').why).toMatch(/only uses this third-party AI system/);
  });

  it('producer + provider: A.6, A.7, A.8 and A.10.4 applicable and open', () => {
    const e = openaiSdk();
    for (const id of ['A.6.1.2', 'A.6.2.4', 'A.7.4', 'A.8.4', 'A.10.4']) expect(ctl(e, id)).toMatchObject({ applicable: true, status: 'open' });
    // producer only (not shipped): A.8 not applicable, A.7 applicable
    const p = pytorch();
    expect(ctl(p, 'A.7.5').applicable).toBe(true);
    expect(ctl(p, 'A.8.2').applicable).toBe(false);
  });

  it('A.10.3 suppliers: open until the vendor review date and DPA are recorded', () => {
    const e = chatgpt();
    expect(ctl(e, 'A.10.3')).toMatchObject({ status: 'open' });
    expect(ctl(e, 'A.10.3').why).toMatch(/vendor review date, data processing agreement/);
    e.vendorDiligence = { certifications: ['soc2'], dataProcessingAgreement: true };
    expect(ctl(e, 'A.10.3').status).toBe('open');
    e.vendorDiligence.reviewedOn = '2026-07-01';
    const done = ctl(e, 'A.10.3');
    expect(done.status).toBe('satisfied');
    expect(done.evidence).toMatch(/OpenAI reviewed on 2026-07-01 .*soc2/);
  });

  it('A.9 use of AI systems: satisfied once purpose, oversight reviewer and override are recorded', () => {
    const e = chatgpt();
    expect(ctl(e, 'A.9.4').status).toBe('open');
    e.useContext.purpose = 'drafts customer e-mails';
    e.oversight = { reviewer: 'the sender', when: 'before sending' };
    expect(ctl(e, 'A.9.4').why).toMatch(/missing: how outputs are overridden/);
    e.oversight.override = 'edit or discard the draft';
    for (const id of ['A.9.2', 'A.9.3', 'A.9.4']) expect(ctl(e, id).status).toBe('satisfied');
    expect(ctl(e, 'A.9.4').evidence).toMatch(/the sender \(before sending\)/);
  });

  it('A.5 impact assessment: satisfied once domain, decisions and data categories are recorded', () => {
    const e = hirevue();
    expect(ctl(e, 'A.5.2').status).toBe('satisfied');
    expect(ctl(e, 'A.5.4').evidence).toMatch(/domain employment/);
    e.useContext.dataCategories = [];
    expect(ctl(e, 'A.5.2')).toMatchObject({ status: 'open' });
    expect(ctl(e, 'A.5.2').why).toMatch(/missing: data categories/);
  });

  it('clauses turn satisfied as the review records evidence', () => {
    const e = hirevue();
    const before = applicableRequirements(e, ['ai_customer']).clauses;
    expect(before.find((c) => c.id === '4.3')!.status).toBe('satisfied');
    expect(before.find((c) => c.id === '8.2')!.status).toBe('satisfied');
    expect(before.find((c) => c.id === '8.4')!.status).toBe('satisfied');
    expect(before.find((c) => c.id === '4.1')!.status).toBe('open');
    expect(before.find((c) => c.id === '8.3')!.status).toBe('open');

    e.roles = ['ai_customer'];
    e.status = 'approved_with_conditions';
    e.oversight = { reviewer: 'recruiter', override: 'recruiter decides; the score is advisory' };
    const after = applicableRequirements(e, ['ai_customer']).clauses;
    expect(after.every((c) => c.status === 'satisfied')).toBe(true);
    expect(after.find((c) => c.id === '8.3')!.why).toMatch(/approved_with_conditions/);
  });
});

describe('statementOfApplicability', () => {
  it('customers only: lists all 38 controls; life cycle and data controls not applicable', () => {
    const entries = [chatgpt(), hirevue(), grammarly()].map((entry) => ({ entry, roles: suggestRoles(entry).roles }));
    const soa = statementOfApplicability(entries);
    expect(soa).toHaveLength(38);
    expect(soa.map((r) => r.id)).toEqual(annexA.map((c) => c.id));
    expect(soa.map((r) => r.title)).toEqual(annexA.map((c) => c.title));
    for (const row of soa) expect(row.justification).toMatch(/^(not )?applicable: /);
    const a72 = soa.find((r) => r.id === 'A.7.2')!;
    expect(a72).toMatchObject({ applicable: false, systems: [] });
    expect(a72.justification).toBe('not applicable: the organisation only uses third-party AI systems; no AI system is developed in-house');
    const a103 = soa.find((r) => r.id === 'A.10.3')!;
    expect(a103.applicable).toBe(true);
    expect(a103.systems).toEqual(['openai-chatgpt', 'hirevue', 'grammarly']);
    expect(a103.justification).toMatch(/3 AI systems .*OpenAI ChatGPT, HireVue, Grammarly/);
    expect(soa.find((r) => r.id === 'A.2.2')!.applicable).toBe(true);
  });

  it('with systems developed in-house: A.6/A.7 applicable to those systems, named', () => {
    const entries = [chatgpt(), openaiSdk(), pytorch()].map((entry) => ({ entry, roles: suggestRoles(entry).roles }));
    const soa = statementOfApplicability(entries);
    expect(soa).toHaveLength(38);
    const a6 = soa.find((r) => r.id === 'A.6.2.4')!;
    expect(a6).toMatchObject({ applicable: true, systems: ['openai-api', 'pytorch'] });
    expect(a6.justification).toBe('applicable: 2 AI systems the organisation develops or provides (OpenAI API, PyTorch)');
    expect(soa.find((r) => r.id === 'A.8.2')).toMatchObject({ applicable: true, systems: ['openai-api'] });
    expect(soa.find((r) => r.id === 'A.10.4')).toMatchObject({ applicable: true, systems: ['openai-api'] });
  });

  it('an empty register still lists all 38 controls', () => {
    const soa = statementOfApplicability([]);
    expect(soa).toHaveLength(38);
    expect(soa.filter((r) => r.applicable).map((r) => r.id)).toEqual(annexA.filter((c) => ['A.2', 'A.3', 'A.4'].includes(c.group)).map((c) => c.id));
  });
});
