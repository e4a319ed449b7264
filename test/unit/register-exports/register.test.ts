import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { exportRegister, REGISTER_COLUMNS, registerRows, summariseVendorDiligence } from '../../../src/register/exports/register.js';
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
    expect(chatgpt).toEqual({
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
        'certifications: ISO/IEC 27001, SOC 2; DPA: yes; trains on customer data: no; incident notification: 72 hours; model documentation: received; reviewed 2025-03-14',
      evidenceSources: { licence: 1, oauth_grant: 14, expense: 6 },
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
    expect(records[0]).toEqual([
      'id', 'vendor', 'product', 'category', 'status', 'suggested_roles', 'roles', 'risk_tier', 'purpose', 'owner',
      'departments', 'domain', 'users', 'monthly_spend', 'currency', 'exposure', 'oversight_reviewer',
      'vendor_due_diligence', 'evidence_sources',
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
      'evidenceSources',
    ]);
    expect(exportRegister([...ENTRIES].reverse(), 'json')).toBe(json);
  });

  it('exports an empty register as an empty array', () => {
    expect(exportRegister([], 'json')).toBe('[]\n');
    expect(exportRegister([], 'csv').split('\r\n')).toHaveLength(2);
  });
});

describe('exportRegister md', () => {
  const md = exportRegister(ENTRIES, 'md');
  const lines = md.trimEnd().split('\n');

  it('is a table with one line per system', () => {
    expect(lines).toHaveLength(ENTRIES.length + 2);
    expect(lines[0]).toMatch(/^\| ID \| Vendor \| Product \| Category \| Status \| Suggested roles \| Roles \(decided\) \|/);
    expect(lines[1]).toMatch(/^\| --- (\| --- )+\|$/);
    const columns = (line: string) => line.split(/(?<!\\)\|/).length;
    for (const line of lines) expect(columns(line)).toBe(columns(lines[0]!));
  });

  it('escapes pipes and line breaks in cells and shows spend with its currency', () => {
    const hirevue = lines.find((l) => l.includes('HireVue Assessments'))!;
    expect(hirevue).toContain('Screening \\| ranking applicants<br>for sales roles');
    expect(hirevue).toContain('| 1800.00 EUR |');
    const chatgpt = lines.find((l) => l.includes('ChatGPT Enterprise'))!;
    expect(chatgpt).toContain('| 6360.00 EUR | medium | Team leads |');
  });
});
