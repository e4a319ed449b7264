import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/app.js';
import type { Api } from '../../src/api/context.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadConfig } from '../../src/config/index.js';
import { queryRows } from '../../src/db/client.js';
import { createApiToken } from '../../src/inventory/access.js';
import { silentLogger } from '../../src/log.js';
import { compileMatcher } from '../../src/matcher/index.js';
import { importDemoOrganisation } from '../../src/pipeline/demo-organisation.js';
import { validateCycloneDx } from '../../src/register/exports/cyclonedx-validate.js';
import { ANNEX_A_CONTROLS } from '../../src/register/reference.js';
import { freshDatabase } from '../helpers/databases.js';

const catalog = loadCatalog();
const matcher = compileMatcher(catalog);
const ORG_CONTROLS = ANNEX_A_CONTROLS.filter((c) => ['A.2', 'A.3', 'A.4'].includes(c.group));

/** Everything a compliance lead records about ChatGPT, its vendor and the organisation: each must come out again. */
const REVIEW = {
  status: 'approved_with_conditions',
  roles: ['ai_customer'],
  conditions: 'No customer personal data in prompts; Enterprise workspace only',
  useContext: {
    purpose: 'Drafting and summarising internal documents',
    owner: 'Head of Sales Operations',
    departments: ['Sales', 'Customer Success'],
    decisions: 'None on its own: drafts are edited before anything is sent',
    dataCategories: ['internal documents', 'business contact data'],
    domain: 'internal_productivity',
  },
  oversight: { reviewer: 'The employee who sends the text', when: 'Before anything leaves the company', override: 'Edit or discard the draft; never sent automatically' },
  note: 'Approved at the AI board of 2026-11-30',
};
const VENDOR = {
  certifications: ['iso27001', 'soc2'],
  dataProcessingAgreement: true,
  trainsOnCustomerData: false,
  dataResidency: 'EU (Ireland) for the Enterprise workspace',
  subprocessors: ['Microsoft Azure', 'Snowflake'],
  incidentNotification: 'Within 72 hours of discovery',
  modelDocumentation: true,
  owner: 'Procurement lead',
  documents: [{ title: 'Data processing agreement', reference: 'contracts/openai-dpa-2026.pdf' }],
  reviewedOn: '2026-11-15',
  nextReviewOn: '2027-05-15',
};
const ORGANISATION = {
  name: 'Northwind Analytics',
  description: 'Data analytics consultancy for retail and logistics customers',
  internalIssues: ['Staff adopt AI assistants faster than they are reviewed'],
  externalIssues: ['EU AI Act obligations for deployers from 2026'],
  interestedParties: [{ party: 'Customers', requirements: 'No customer data in third-party AI without a processing agreement' }],
  scopeBoundaries: 'All AI systems used or built by the Berlin and Lisbon offices',
  scopeInterfaces: 'Group IT provides identity and devices; AI vendors process data under contract',
  scopeDependencies: 'Microsoft 365 tenant, Google Workspace domain, the card programme',
  documentOwner: 'Dana Kowalski, Head of Compliance',
  classification: 'Internal',
};
const INCIDENT = { title: 'Invented figures in a customer summary', kind: 'wrong_output', severity: 'medium', description: 'A summary sent for review quoted revenue figures that are in no source' };
const CORRECTIVE = 'Summaries with figures need a source link; prompt guidance updated and staff briefed';

const textAnswers = [
  REVIEW.conditions,
  REVIEW.useContext.purpose,
  REVIEW.useContext.owner,
  ...REVIEW.useContext.departments,
  REVIEW.useContext.decisions,
  ...REVIEW.useContext.dataCategories,
  REVIEW.oversight.reviewer,
  REVIEW.oversight.when,
  REVIEW.oversight.override,
  REVIEW.note,
  VENDOR.dataResidency,
  ...VENDOR.subprocessors,
  VENDOR.incidentNotification,
  VENDOR.owner,
  VENDOR.documents[0]!.title,
  VENDOR.documents[0]!.reference,
  VENDOR.reviewedOn,
  VENDOR.nextReviewOn,
  INCIDENT.title,
  CORRECTIVE,
  "API token 'compliance-lead'",
];

async function xlsxSheets(body: ArrayBuffer): Promise<Map<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const sheets = new Map<string, string[][]>();
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

describe('exports an ISO/IEC 42001 auditor accepts (API, real Postgres, the demo organisation)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: Api;
  let token: string;
  let chatgpt: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return response;
  };
  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, path, body);
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(200);
    return response;
  };
  const exported = async (kind: string, format: string) => (await ok('GET', `/api/exports/${kind}?format=${format}`)).text();

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    await importDemoOrganisation(database, matcher);
    app = createApi({ db: database.db, catalog, matcher, config: { ...loadConfig({}), env: {} }, log: silentLogger, runScan: async () => {}, scheduleChanged: async () => {} });
    token = (await createApiToken(database.db, 'compliance-lead', 'compliance')).token;
    [{ id: chatgpt }] = (await queryRows<{ id: string }>(database.db, sql`select id from ai_systems where catalog_id = 'openai-chatgpt'`)) as [{ id: string }];

    // The whole review, through the API, as the console sends it.
    await ok('PUT', '/api/organisation', ORGANISATION);
    for (const control of ORG_CONTROLS) {
      await ok('PUT', `/api/controls/${control.id}`, { status: 'implemented', owner: 'Head of Compliance', implementation: `${control.title}: in the AI governance handbook`, evidence: `AIMS-HB-01 v2, section ${control.id}`, reviewedOn: '2026-11-20' });
    }
    await ok('POST', `/api/systems/${chatgpt}/review`, REVIEW);
    await ok('PUT', '/api/vendors/OpenAI', VENDOR);
    const incident = (await (await ok('POST', `/api/systems/${chatgpt}/incidents`, INCIDENT)).json()) as { reference: string };
    await ok('PATCH', `/api/incidents/${incident.reference}`, { status: 'investigating', investigation: 'The prompt asked for figures the source did not hold' });
    await ok('PATCH', `/api/incidents/${incident.reference}`, { status: 'closed', correctiveAction: CORRECTIVE, note: 'Closed at the AI board' });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('shows every recorded answer of the register in Markdown, CSV, JSON, json-document and XLSX', async () => {
    const formats = { md: await exported('register', 'md'), csv: await exported('register', 'csv'), json: await exported('register', 'json'), 'json-document': await exported('register', 'json-document') };
    const xlsx = await xlsxSheets(await (await ok('GET', '/api/exports/register?format=xlsx')).arrayBuffer());
    const xlsxText = [...xlsx.values()].flat(2).join('\n');
    for (const [format, body] of [...Object.entries(formats), ['xlsx', xlsxText] as const]) {
      // JSON escapes nothing in these answers but quotes; compare on the parsed text where it is JSON.
      const text = format.startsWith('json') ? JSON.stringify(JSON.parse(body)) : body;
      for (const answer of textAnswers) expect(text, `${format} carries "${answer}"`).toContain(format.startsWith('json') ? JSON.stringify(answer).slice(1, -1) : answer);
    }
    // People read words, scripts read codes.
    for (const words of ['Approved with conditions', 'Internal productivity', 'AI customer']) {
      expect(formats.md).toContain(words);
      expect(xlsxText).toContain(words);
    }
    expect(formats.md).not.toMatch(/approved_with_conditions|internal_productivity/);
    const rows = JSON.parse(formats.json) as { id: string; status: string; domain: string; spend: { currency: string }[]; product: string }[];
    expect(rows.find((row) => row.id === chatgpt)).toMatchObject({ status: 'approved_with_conditions', domain: 'internal_productivity' });
    // Spend in every currency: Claude was paid in USD and EUR, and the register keeps both.
    const claude = rows.find((row) => row.product.startsWith('Claude (') )!;
    expect(claude.spend.map((s) => s.currency).sort()).toEqual(['EUR', 'USD']);
    // Document control on every document format; the CSV carries it in its file name.
    for (const body of [formats.md, xlsxText]) for (const text of ['Northwind Analytics', 'Dana Kowalski, Head of Compliance', 'Internal', 'Not approved yet']) expect(body).toContain(text);
    expect(JSON.parse(formats['json-document']).document).toMatchObject({ organisation: 'Northwind Analytics', owner: 'Dana Kowalski, Head of Compliance', version: expect.stringMatching(/^r\d+$/) });
    expect((await ok('GET', '/api/exports/register?format=csv')).headers.get('content-disposition')).toMatch(/filename="ai-register-northwind-analytics-r\d+-\d{4}-\d{2}-\d{2}\.csv"/);
  });

  it('holds the same rows in the XLSX as in the JSON export', async () => {
    const json = JSON.parse(await exported('register', 'json')) as { id: string; product: string; conditions: string | null }[];
    const sheets = await xlsxSheets(await (await ok('GET', '/api/exports/register?format=xlsx')).arrayBuffer());
    const systems = sheets.get('AI systems')!;
    expect(systems[0]![0]).toBe('ID');
    expect(systems.slice(1).map((row) => row[0])).toEqual(json.map((row) => row.id));
    const chatgptRow = systems.find((row) => row[0] === chatgpt)!;
    const header = systems[0]!;
    expect(chatgptRow[header.indexOf('Conditions')]).toBe(REVIEW.conditions);
    expect(chatgptRow[header.indexOf('Human oversight: how to override')]).toBe(REVIEW.oversight.override);
    expect(sheets.get('Document control')!.flat()).toContain('Northwind Analytics');

    const soaJson = JSON.parse(await exported('soa', 'json')) as { id: string }[];
    const soaSheet = (await xlsxSheets(await (await ok('GET', '/api/exports/soa?format=xlsx')).arrayBuffer())).get('Statement of applicability')!;
    expect(soaSheet.slice(1).map((row) => row[0])).toEqual(soaJson.map((row) => row.id));
    expect(soaSheet).toHaveLength(39);
  });

  it('closes every organisation-level control in the SoA, with owner, implementation and evidence in each format', async () => {
    const rows = JSON.parse(await exported('soa', 'json')) as { id: string; applicable: boolean; implementation: string; owner: string | null; evidence: string | null }[];
    expect(rows).toHaveLength(38);
    const org = rows.filter((row) => ORG_CONTROLS.some((c) => c.id === row.id));
    expect(org).toHaveLength(10);
    for (const row of org) expect(row, row.id).toMatchObject({ applicable: true, implementation: 'implemented', owner: 'Head of Compliance', evidence: `AIMS-HB-01 v2, section ${row.id}` });
    const md = await exported('soa', 'md');
    expect(md).toContain('Every organisation-level control (A.2–A.4) is implemented or excluded with a justification.');
    const csv = parseCsv(await exported('soa', 'csv')) as string[][];
    const header = csv[0]!;
    expect(csv.filter((row) => row[0]!.match(/^A\.[234]\./)).map((row) => row[header.indexOf('implementation')])).toEqual(Array(10).fill('implemented'));
    // A.10.3 is implemented from ChatGPT's vendor review, partially: other vendors are not reviewed.
    const supplier = rows.find((row) => row.id === 'A.10.3')!;
    expect(supplier.implementation).toBe('partially_implemented');
    // The per-system view agrees: ChatGPT has no open organisation-level requirement left.
    const sheet = (await (await ok('GET', `/api/systems/${chatgpt}`)).json()) as { sheet: { requirements: { controls: { id: string; status: string }[]; clauses: { id: string; status: string }[] } } };
    expect(sheet.sheet.requirements.controls.filter((c) => /^A\.[234]\./.test(c.id)).every((c) => c.status === 'satisfied')).toBe(true);
    expect(sheet.sheet.requirements.clauses.find((c) => c.id === '10.2')).toMatchObject({ status: 'satisfied' });
    for (const format of ['md', 'csv', 'json-document']) expect(await exported('soa', format), format).toContain('AIMS-HB-01 v2, section A.2.2');
  });

  it('writes the scope with its context, boundaries, interfaces and dependencies in each format', async () => {
    const answers = [ORGANISATION.description, ...ORGANISATION.internalIssues, ...ORGANISATION.externalIssues, ORGANISATION.interestedParties[0]!.party, ORGANISATION.interestedParties[0]!.requirements, ORGANISATION.scopeBoundaries, ORGANISATION.scopeInterfaces, ORGANISATION.scopeDependencies];
    for (const format of ['md', 'csv', 'json', 'json-document']) {
      const body = await exported('scope', format);
      for (const answer of answers) expect(body, `${format}: ${answer}`).toContain(answer);
    }
    const sheets = await xlsxSheets(await (await ok('GET', '/api/exports/scope?format=xlsx')).arrayBuffer());
    const text = [...sheets.values()].flat(2).join('\n');
    for (const answer of [ORGANISATION.description, ORGANISATION.interestedParties[0]!.requirements, ORGANISATION.scopeBoundaries]) expect(text).toContain(answer);
  });

  it('names the organisation in a CycloneDX 1.6 BOM that still validates', async () => {
    const bom = JSON.parse(await exported('cyclonedx', 'json')) as { metadata: { component: { name: string } } };
    expect(bom.metadata.component.name).toBe('Northwind Analytics');
    expect(await validateCycloneDx(bom)).toEqual([]);
  });

  it('raised an incident.opened event for the alert rules when the incident was opened', async () => {
    const { items } = (await (await ok('GET', '/api/alerts/events?type=incident.opened')).json()) as { items: { summary: string; system: { id: string } }[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ summary: `INC-1 opened on ChatGPT (Free, Plus, Pro): ${INCIDENT.title} (medium severity)`, system: { id: chatgpt } });
  });

  it('lists the closed incident with its corrective action in the incident log, and approves a document by version', async () => {
    for (const format of ['md', 'csv', 'json']) expect(await exported('incidents', format), format).toContain(CORRECTIVE);
    const { items } = (await (await ok('GET', '/api/documents')).json()) as { items: { kind: string; version: string }[] };
    const soa = items.find((item) => item.kind === 'soa')!;
    const stale = await call('POST', '/api/documents/soa/approval', { version: 'r1', approvedBy: 'Sam Lee, CEO' });
    expect(stale.status).toBe(409);
    await ok('POST', '/api/documents/soa/approval', { version: soa.version, approvedBy: 'Sam Lee, CEO', approvedOn: '2026-12-01' });
    const md = await exported('soa', 'md');
    expect(md).toContain(`Approved by Sam Lee, CEO on 2026-12-01 (this version, ${soa.version}).`);
    expect(md).toMatch(/\| Approved by \| Sam Lee, CEO \| 2026-12-01 \|/);
  });
});
