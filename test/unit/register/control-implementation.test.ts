import { describe, expect, it } from 'vitest';
import type { ControlRecord } from '../../../src/domain/organisation.js';
import { applicableRequirements, controlKind, statementOfApplicability } from '../../../src/register/requirements.js';
import { ANNEX_A_CONTROLS } from '../../../src/register/reference.js';
import { chatgpt, entry } from './entries.js';

const ORG = ANNEX_A_CONTROLS.filter((c) => controlKind(c.id) === 'organisation').map((c) => c.id);
const implemented: ControlRecord = { status: 'implemented', owner: 'CISO', implementation: 'AI policy approved by the board', evidence: 'POL-AI-001 v1.2' };

/** ChatGPT with everything A.5, A.9 and A.10 ask of one system recorded. */
const reviewed = () => ({
  ...chatgpt(),
  status: 'approved',
  roles: ['ai_customer' as const],
  useContext: { purpose: 'Drafting', owner: 'Sales lead', departments: ['Sales'], decisions: 'none', dataCategories: ['internal'], domain: 'internal_productivity' as const },
  oversight: { reviewer: 'Sender', when: 'before sending', override: 'edit' },
  vendorDiligence: { certifications: [], dataProcessingAgreement: true, reviewedOn: '2026-11-01' },
});

describe('who implements a control', () => {
  it('sorts the 38 controls into organisation-level, per-system and process controls', () => {
    expect(ORG).toEqual(['A.2.2', 'A.2.3', 'A.2.4', 'A.3.2', 'A.3.3', 'A.4.2', 'A.4.3', 'A.4.4', 'A.4.5', 'A.4.6']);
    expect(ANNEX_A_CONTROLS.filter((c) => controlKind(c.id) === 'per_system').map((c) => c.id)).toEqual(['A.5.2', 'A.5.3', 'A.5.4', 'A.5.5', 'A.9.2', 'A.9.3', 'A.9.4', 'A.10.2', 'A.10.3']);
    expect(ANNEX_A_CONTROLS.filter((c) => controlKind(c.id) === 'process')).toHaveLength(38 - 10 - 9);
  });
});

describe('the statement of applicability with recorded implementation', () => {
  it('leaves organisation-level controls open until they are recorded, then carries status, owner and evidence', () => {
    const empty = statementOfApplicability([{ entry: chatgpt(), roles: ['ai_customer'] }]);
    expect(empty.filter((row) => ORG.includes(row.id)).every((row) => row.applicable && row.implementation === 'not_started')).toBe(true);
    const records = new Map(ORG.map((id) => [id, implemented]));
    records.set('A.3.3', { status: 'in_progress', owner: 'HR' });
    const rows = statementOfApplicability([{ entry: chatgpt(), roles: ['ai_customer'] }], records);
    expect(rows.find((row) => row.id === 'A.2.2')).toMatchObject({ applicable: true, implementation: 'implemented', owner: 'CISO', evidence: 'POL-AI-001 v1.2', implementationDescription: 'AI policy approved by the board' });
    expect(rows.find((row) => row.id === 'A.3.3')).toMatchObject({ implementation: 'in_progress', owner: 'HR' });
  });

  it('excludes an organisation-level control with its justification', () => {
    const rows = statementOfApplicability([{ entry: chatgpt(), roles: ['ai_customer'] }], new Map([['A.4.5', { status: 'not_applicable', justification: 'no computing resources of our own: every AI system is SaaS' }]]));
    expect(rows.find((row) => row.id === 'A.4.5')).toMatchObject({ applicable: false, implementation: 'not_applicable', justification: 'not applicable: no computing resources of our own: every AI system is SaaS' });
  });

  it('derives per-system controls from the reviews: implemented, partially, not started', () => {
    const other = entry({ id: 'otter', vendor: 'Otter.ai', product: 'Otter', category: 'meetings_transcription', sources: { expense: 2 } });
    const partly = statementOfApplicability([
      { entry: reviewed(), roles: ['ai_customer'] },
      { entry: other, roles: ['ai_customer'] },
    ]);
    expect(partly.find((row) => row.id === 'A.9.2')).toMatchObject({ implementation: 'partially_implemented', implementationNote: '1 of 2 AI systems that need it have it recorded in their review', evidence: 'AI system register: 1 of 2 reviews record it' });
    expect(statementOfApplicability([{ entry: reviewed(), roles: ['ai_customer'] }]).find((row) => row.id === 'A.9.2')!.implementation).toBe('implemented');
    expect(statementOfApplicability([{ entry: other, roles: ['ai_customer'] }]).find((row) => row.id === 'A.9.2')!.implementation).toBe('not_started');
  });
});

describe('one AI system\'s requirements with recorded controls and incidents', () => {
  it('satisfies organisation-level and process controls from their records', () => {
    const records = new Map<string, ControlRecord>([...ORG.map((id): [string, ControlRecord] => [id, implemented]), ['A.6.2.2', implemented]]);
    const controls = applicableRequirements(reviewed(), ['ai_producer'], records).controls;
    expect(controls.filter((c) => ORG.includes(c.id)).every((c) => c.status === 'satisfied')).toBe(true);
    expect(controls.find((c) => c.id === 'A.2.2')!.evidence).toBe('implemented: AI policy approved by the board; evidence: POL-AI-001 v1.2; owner: CISO');
    expect(controls.find((c) => c.id === 'A.6.2.2')!.status).toBe('satisfied');
    expect(controls.find((c) => c.id === 'A.6.2.3')!.status).toBe('open');
  });

  it('asks for clause 10.2 while an incident is open, and is satisfied once each is closed with its corrective action', () => {
    const open = applicableRequirements({ ...reviewed(), incidents: [{ id: 'i1', reference: 'INC-1', title: 'Invented figures', status: 'investigating', severity: 'medium' }] }, ['ai_customer']).clauses;
    expect(open.find((c) => c.id === '10.2')).toMatchObject({ status: 'open', why: expect.stringContaining('INC-1 Invented figures') });
    const closed = applicableRequirements({ ...reviewed(), incidents: [{ id: 'i1', reference: 'INC-1', title: 'Invented figures', status: 'closed', severity: 'medium', correctiveAction: 'Source links required' }] }, ['ai_customer']).clauses;
    expect(closed.find((c) => c.id === '10.2')).toMatchObject({ status: 'satisfied', why: expect.stringContaining('INC-1 Source links required') });
    expect(applicableRequirements(reviewed(), ['ai_customer']).clauses.find((c) => c.id === '10.2')).toBeUndefined();
  });
});
