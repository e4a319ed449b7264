import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { documentMarkdown, type DocumentControl } from '../../../src/register/exports/document.js';
import { exportRegister, REGISTER_COLUMNS, registerDocument, registerRows, summariseVendorDiligence } from '../../../src/register/exports/register.js';
import { ENTRIES } from './fixtures.js';

describe('registerRows', () => {
  it('orders by vendor, product and id and maps every register field', () => {
    const rows = registerRows(ENTRIES);
    expect(rows.map((r) => r.product)).toEqual([
      '-2+3 Notes AI',
      'HireVue Assessments',
      'PyTorch',
      'ChatGPT Enterprise',
      'OpenAI API',
      'Otter',
    ]);
    const chatgpt = rows.find((r) => r.product === 'ChatGPT Enterprise')!;
    expect(chatgpt).toMatchObject({
      id: '6f1c2a90-1111-4a7e-9d2e-0a1b2c3d4e01',
      vendor: 'OpenAI',
      product: 'ChatGPT Enterprise',
      category: 'chat_assistant',
      status: 'approved_with_conditions',
      suggestedRoles: ['ai_customer'],
      roles: ['ai_customer'],
      riskTier: 'minimal',
      purpose: 'Drafting, summarising and translating internal documents',
      owner: 'jane.doe@example.com',
      departments: ['Sales', 'Marketing', 'Legal'],
      domain: 'internal_productivity',
      users: 212,
      monthlySpend: { amount: 6360, currency: 'EUR' },
      exposure: 'medium',
      oversightReviewer: 'Team leads',
      vendorDueDiligence:
        'certifications: ISO/IEC 27001, SOC 2; DPA: yes; trains on customer data: no; incident notification: 72 hours; model documentation: received; reviewed 2025-03-14; next review 2026-03-14',
      evidenceSources: { licence: 1, oauth_grant: 14, expense: 6 },
      oversightWhen: 'before sending',
      oversightOverride: 'edit or discard',
      dataCategories: ['personal', 'customer'],
      spend: [{ currency: 'EUR', monthlyAverage: 6360, total: 6360, months: 1 }],
    });
    const otter = rows.find((r) => r.product === 'Otter')!;
    expect(otter).toMatchObject({ roles: [], riskTier: null, purpose: null, owner: null, domain: null, monthlySpend: null, oversightReviewer: null, vendorDueDiligence: 'not recorded' });
  });

  it('does not depend on the input order', () => {
    expect(registerRows([...ENTRIES].reverse())).toEqual(registerRows(ENTRIES));
  });

  it('summarises partial due diligence and says what is missing', () => {
    expect(summariseVendorDiligence({ certifications: [], dataProcessingAgreement: false })).toBe(
      'certifications: none recorded; DPA: no; review date not recorded',
    );
  });
});

describe('exportRegister csv', () => {
  const csv = exportRegister(ENTRIES, 'csv');
  const records = parse(csv) as string[][];

  it('has the stable header and one CRLF-ended record per system', () => {
    expect(csv.startsWith(`${REGISTER_COLUMNS.map((c) => c.csv).join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(records).toHaveLength(ENTRIES.length + 1);
    // The first release's columns keep their places; later ones are appended.
    expect(records[0]).toEqual([
      'id', 'vendor', 'product', 'category', 'status', 'suggested_roles', 'roles', 'risk_tier', 'purpose', 'owner',
      'departments', 'domain', 'users', 'monthly_spend', 'currency', 'exposure', 'oversight_reviewer',
      'vendor_due_diligence', 'evidence_sources', 'oversight_when', 'oversight_override', 'conditions', 'decisions_affected',
      'data_categories', 'decided_by', 'decided_at', 'decision_note', 'spend_per_month', 'incidents', 'evidence', 'first_seen', 'last_seen',
    ]);
  });

  it('neutralises formulas from discovered names but keeps numbers numeric', () => {
    const header = records[0]!;
    const hostile = records.find((r) => r[0] === '6f1c2a90-6666-4a7e-9d2e-0a1b2c3d4e06')!;
    expect(hostile[header.indexOf('vendor')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(hostile[header.indexOf('product')]).toBe("'-2+3 Notes AI");
    expect(hostile[header.indexOf('monthly_spend')]).toBe('-5');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",'-2+3 Notes AI,`);
    expect(csv).toContain(',-5,EUR,');
  });

  it('joins lists and keeps multi-line purposes in one quoted cell', () => {
    const header = records[0]!;
    const hirevue = records.find((r) => r[2] === 'HireVue Assessments')!;
    expect(hirevue[header.indexOf('purpose')]).toBe('Screening | ranking applicants\nfor sales roles');
    expect(hirevue[header.indexOf('risk_tier')]).toBe('high');
    const chatgpt = records.find((r) => r[2] === 'ChatGPT Enterprise')!;
    expect(chatgpt[header.indexOf('departments')]).toBe('Sales; Marketing; Legal');
    expect(chatgpt[header.indexOf('evidence_sources')]).toBe('licence: 1; oauth_grant: 14; expense: 6');
    expect(chatgpt[header.indexOf('users')]).toBe('212');
    const api = records.find((r) => r[2] === 'OpenAI API')!;
    expect(api[header.indexOf('suggested_roles')]).toBe('ai_customer; ai_provider');
    expect(api[header.indexOf('roles')]).toBe('');
  });
});

describe('exportRegister json', () => {
  it('is a stable array of row objects, LF-ended', () => {
    const json = exportRegister(ENTRIES, 'json');
    expect(json.endsWith(']\n')).toBe(true);
    const parsed = JSON.parse(json) as Record<string, unknown>[];
    expect(parsed).toEqual(registerRows(ENTRIES));
    expect(Object.keys(parsed[0]!)).toEqual([
      'id', 'vendor', 'product', 'category', 'status', 'suggestedRoles', 'roles', 'riskTier', 'purpose', 'owner',
      'departments', 'domain', 'users', 'monthlySpend', 'exposure', 'oversightReviewer', 'vendorDueDiligence',
      'evidenceSources', 'oversightWhen', 'oversightOverride', 'conditions', 'decisionsAffected', 'dataCategories',
      'decidedBy', 'decidedAt', 'decisionNote', 'spend', 'vendorDiligence', 'incidents', 'evidence', 'firstSeen', 'lastSeen',
    ]);
    expect(exportRegister([...ENTRIES].reverse(), 'json')).toBe(json);
  });

  it('exports an empty register as an empty array', () => {
    expect(exportRegister([], 'json')).toBe('[]\n');
    expect(exportRegister([], 'csv').split('\r\n')).toHaveLength(2);
  });
});

const CONTROL: DocumentControl = {
  kind: 'register',
  title: 'AI system register',
  identifier: 'AIMS-REG',
  organisation: 'Northwind Analytics',
  version: 'r42',
  generatedAt: '2026-12-01T09:30:00.000Z',
  generator: 'unshadow test',
  owner: 'Dana Kowalski, Head of Compliance',
  classification: 'Internal',
  basis: 'ISO/IEC 42001:2023',
  approval: { approvedBy: 'Sam Lee, CEO', approvedOn: '2026-11-20', version: 'r40', current: false },
};

describe('the register as a document (Markdown)', () => {
  const md = documentMarkdown(registerDocument(ENTRIES, CONTROL));

  it('opens with document control: title, organisation, version, date, owner, approval', () => {
    expect(md.startsWith('# AI system register — Northwind Analytics\n')).toBe(true);
    for (const line of ['| Version | r42 |', '| Owner | Dana Kowalski, Head of Compliance |', '| Classification | Internal |', '| Generated | 2026-12-01 09:30 UTC by unshadow test |']) expect(md).toContain(line);
    // Approved once, but not this version: said, so nobody mistakes it for approved.
    expect(md).toContain('Version r42 is not approved: the last approval, by Sam Lee, CEO on 2026-11-20, was of version r40');
    expect(md).toMatch(/\| Approved by \|  \|  \|  \|/);
  });

  it('shows every answer in words, no codes', () => {
    const chatgpt = md.split('\n').find((l) => l.includes('ChatGPT Enterprise') && l.includes('Team leads'))!;
    for (const text of ['Approved with conditions', 'AI customer', 'Internal productivity', 'before sending', 'edit or discard', 'personal, customer', '6360.00 EUR a month', 'Chat assistant']) expect(chatgpt).toContain(text);
    expect(chatgpt).not.toMatch(/approved_with_conditions|internal_productivity|ai_customer|chat_assistant/);
  });

  it('escapes pipes and line breaks in cells', () => {
    const hirevue = md.split('\n').find((l) => l.includes('HireVue Assessments') && l.startsWith('| '))!;
    expect(hirevue).toContain('Screening \\| ranking applicants<br>for sales roles');
  });
});
