/**
 * ISO/IEC 42001 requirements per AI system and role: which clauses and Annex A controls apply
 * and which the recorded evidence satisfies; and the statement of applicability over the whole
 * inventory (all 38 Annex A controls, with a justification derived from the register).
 */
import type { ControlRecord, ImplementationStatus } from '../domain/organisation.js';
import { DECIDED_STATUSES, type OrgRole, type RegisterEntry } from '../domain/register.js';
import { IMPLEMENTATION_LABELS, words } from '../domain/words.js';
import { ANNEX_A_CONTROLS, clause, type AnnexAControl } from './reference.js';

/**
 * Who satisfies a control: the organisation once for its AI management system (A.2–A.4), each
 * AI system on its own review (impact assessment A.5, intended use and oversight A.9, supplier and
 * responsibilities A.10.2–A.10.3), or a process the organisation runs for the systems it
 * develops or provides (A.6, A.7, A.8, A.10.4), recorded once.
 */
export type ControlKind = 'organisation' | 'per_system' | 'process';

export function controlKind(id: string): ControlKind {
  const group = /^A\.(\d+)/.exec(id)?.[1];
  if (group === '2' || group === '3' || group === '4') return 'organisation';
  if (group === '5' || group === '9' || id === 'A.10.2' || id === 'A.10.3') return 'per_system';
  return 'process';
}

/** Recorded control implementations by control id (control_records). */
export type ControlRecords = ReadonlyMap<string, ControlRecord>;

export type RequirementStatus = 'satisfied' | 'open';

export interface ClauseRequirement {
  id: string;
  title: string;
  status: RequirementStatus;
  why: string;
}

export interface ControlRequirement {
  id: string;
  title: string;
  applicable: boolean;
  status: 'satisfied' | 'open' | 'not_applicable';
  /** The recorded evidence that satisfies it, when satisfied. */
  evidence?: string;
  why: string;
}

export interface Requirements {
  clauses: ClauseRequirement[];
  controls: ControlRequirement[];
}

export type SoaImplementation = ImplementationStatus | 'partially_implemented';

export interface SoaRow {
  id: string;
  title: string;
  applicable: boolean;
  justification: string;
  /** Ids of the AI systems that need the control (empty for organisation-level controls with no system). */
  systems: string[];
  /** How far it is implemented: recorded for organisation and process controls, from the reviews for per-system ones. */
  implementation: SoaImplementation;
  /** Why that status, in words ("3 of 4 AI systems have their intended use and oversight recorded"). */
  implementationNote: string;
  owner: string | null;
  /** How it is implemented, as recorded. */
  implementationDescription: string | null;
  /** Where the evidence is. */
  evidence: string | null;
  reviewedOn: string | null;
  nextReviewOn: string | null;
}


export const ORG_LEVEL_WHY = 'organisation-level control: record it once for the AI management system';

interface Evidence {
  impactAssessment?: string;
  missingImpact: string[];
  use?: string;
  missingUse: string[];
  supplier?: string;
  missingSupplier: string[];
}

function evidenceOf(entry: RegisterEntry): Evidence {
  const ctx = entry.useContext;
  const ov = entry.oversight;
  const vd = entry.vendorDiligence;
  const categories = ctx.dataCategories ?? [];

  const missingImpact: string[] = [];
  if (!ctx.domain) missingImpact.push('domain');
  if (!ctx.decisions) missingImpact.push('decisions affected');
  if (categories.length === 0) missingImpact.push('data categories');
  const impactAssessment =
    missingImpact.length === 0
      ? `AI system impact assessment recorded: domain ${ctx.domain}; decisions "${ctx.decisions}"; data ${categories.join(', ')}`
      : undefined;

  const missingUse: string[] = [];
  if (!ctx.purpose) missingUse.push('purpose');
  if (!ov.reviewer) missingUse.push('oversight reviewer');
  if (!ov.override) missingUse.push('how outputs are overridden');
  const use =
    missingUse.length === 0
      ? `intended use "${ctx.purpose}"; human oversight by ${ov.reviewer}${ov.when ? ` (${ov.when})` : ''}; override: ${ov.override}`
      : undefined;

  const missingSupplier: string[] = [];
  if (!vd?.reviewedOn) missingSupplier.push('vendor review date');
  if (vd?.dataProcessingAgreement !== true) missingSupplier.push('data processing agreement');
  const supplier =
    missingSupplier.length === 0 && vd
      ? `vendor due diligence of ${entry.vendor} reviewed on ${vd.reviewedOn} with a data processing agreement${
          vd.certifications.length > 0 ? `; certifications: ${vd.certifications.join(', ')}` : ''
        }${vd.trainsOnCustomerData === false ? '; no training on customer data' : ''}`
      : undefined;

  return { impactAssessment, missingImpact, use, missingUse, supplier, missingSupplier };
}

function open(missing: string[], what: string): string {
  return `${what}; missing: ${missing.join(', ')}`;
}

function has(roles: readonly OrgRole[], ...wanted: OrgRole[]): boolean {
  return wanted.some((r) => roles.includes(r));
}

function clauseReq(id: string, satisfied: string | undefined, openWhy: string): ClauseRequirement {
  const c = clause(id);
  return satisfied
    ? { id, title: c.title, status: 'satisfied', why: satisfied }
    : { id, title: c.title, status: 'open', why: openWhy };
}

function systemClauses(entry: RegisterEntry, roles: readonly OrgRole[], ev: Evidence): ClauseRequirement[] {
  const ctx = entry.useContext;
  const confirmedRoles = entry.roles && entry.roles.length > 0 ? entry.roles : undefined;
  const scopeMissing: string[] = [];
  if (!ctx.owner) scopeMissing.push('owner');
  if ((ctx.departments ?? []).length === 0) scopeMissing.push('departments');
  const riskMissing: string[] = [];
  if (!ctx.domain) riskMissing.push('domain');
  if (!ctx.purpose) riskMissing.push('purpose');
  const treatmentMissing: string[] = [...ev.missingUse.filter((m) => m !== 'purpose')];
  if (!DECIDED_STATUSES.includes(entry.status)) treatmentMissing.push('a review decision');

  return [
    clauseReq(
      '4.1',
      confirmedRoles ? `the organisation's role is determined for this AI system: ${confirmedRoles.join(', ')}` : undefined,
      `determine the organisation's role for this AI system (suggested: ${roles.join(', ') || 'none'}); a reviewer has not confirmed it`,
    ),
    clauseReq(
      '4.3',
      scopeMissing.length === 0 ? `in scope: owned by ${ctx.owner}, used by ${(ctx.departments ?? []).join(', ')}` : undefined,
      open(scopeMissing, 'record who owns the AI system and which units use it, for the scope of the AI management system'),
    ),
    clauseReq(
      '8.2',
      riskMissing.length === 0 ? `AI risk assessed from the use context (domain ${ctx.domain}, purpose "${ctx.purpose}"), per the 6.1.2 process` : undefined,
      open(riskMissing, 'assess the AI risk of this system from its use context (process: 6.1.2)'),
    ),
    clauseReq(
      '8.3',
      treatmentMissing.length === 0
        ? `risk treated: review decision ${entry.status}; human oversight by ${entry.oversight.reviewer}; override: ${entry.oversight.override}`
        : undefined,
      open(treatmentMissing, 'treat the AI risk: decide on the system and record its human oversight (process: 6.1.3)'),
    ),
    clauseReq(
      '8.4',
      ev.impactAssessment,
      open(ev.missingImpact, 'perform the AI system impact assessment (process: 6.1.4)'),
    ),
    ...incidentClause(entry),
  ];
}

/** Clause 10.2 once the system has had an incident: satisfied when each is closed with its corrective action. */
function incidentClause(entry: RegisterEntry): ClauseRequirement[] {
  const incidents = entry.incidents ?? [];
  if (incidents.length === 0) return [];
  const open = incidents.filter((i) => i.status !== 'closed');
  return [
    clauseReq(
      '10.2',
      open.length === 0 ? `${incidents.length} incident(s) closed with corrective action: ${incidents.map((i) => `${i.reference} ${i.correctiveAction ?? ''}`.trim()).join('; ')}` : undefined,
      `react to the incident(s), investigate and record the corrective action; open: ${open.map((i) => `${i.reference} ${i.title}`).join('; ')}`,
    ),
  ];
}

function satisfiedOr(c: AnnexAControl, evidence: string | undefined, why: string, openWhy: string): ControlRequirement {
  return evidence
    ? { id: c.id, title: c.title, applicable: true, status: 'satisfied', evidence, why }
    : { id: c.id, title: c.title, applicable: true, status: 'open', why: openWhy };
}

function notApplicable(c: AnnexAControl, why: string): ControlRequirement {
  return { id: c.id, title: c.title, applicable: false, status: 'not_applicable', why };
}

function openControl(c: AnnexAControl, why: string): ControlRequirement {
  return { id: c.id, title: c.title, applicable: true, status: 'open', why };
}

/** What a control record says as evidence: how it is implemented, where the evidence is, who owns it. */
function recordedEvidence(record: ControlRecord | undefined): string | undefined {
  if (record?.status !== 'implemented') return undefined;
  return [record.implementation ? `implemented: ${record.implementation}` : 'implemented', record.evidence ? `evidence: ${record.evidence}` : undefined, record.owner ? `owner: ${record.owner}` : undefined]
    .filter(Boolean)
    .join('; ');
}

/** An organisation-level control for one system: as the organisation recorded it once. */
function organisationControl(c: AnnexAControl, record: ControlRecord | undefined): ControlRequirement {
  if (record?.status === 'not_applicable') return notApplicable(c, `excluded for the organisation: ${record.justification ?? ''}`.trim());
  const evidence = recordedEvidence(record);
  if (evidence) return { id: c.id, title: c.title, applicable: true, status: 'satisfied', evidence, why: 'organisation-level control of the AI management system, recorded once' };
  const progress = record?.status ? ` (recorded: ${words(IMPLEMENTATION_LABELS, record.status).toLowerCase()}${record.owner ? `, owner ${record.owner}` : ''})` : '';
  return openControl(c, `${ORG_LEVEL_WHY}${progress}`);
}

/** A process control (life cycle, data, information for users, customers): open until its process is recorded as implemented. */
function processControl(c: AnnexAControl, why: string, record: ControlRecord | undefined): ControlRequirement {
  const evidence = recordedEvidence(record);
  return evidence ? { id: c.id, title: c.title, applicable: true, status: 'satisfied', evidence, why } : openControl(c, why);
}

function systemControl(c: AnnexAControl, entry: RegisterEntry, roles: readonly OrgRole[], ev: Evidence, records: ControlRecords): ControlRequirement {
  const develops = has(roles, 'ai_producer');
  const provides = has(roles, 'ai_provider');
  const customerOnly = roles.length > 0 && roles.every((r) => r === 'ai_customer');
  const record = records.get(c.id);
  switch (c.group) {
    case 'A.2':
    case 'A.3':
    case 'A.4':
      return organisationControl(c, record);
    case 'A.5':
      return satisfiedOr(
        c,
        ev.impactAssessment,
        'every AI system in scope needs an AI system impact assessment of its use context',
        open(ev.missingImpact, 'record the AI system impact assessment (domain, decisions affected, data categories)'),
      );
    case 'A.6':
      if (develops || provides) {
        return processControl(c, `the organisation ${develops ? 'develops' : 'provides'} this AI system, so its life cycle is the organisation's: record the ${c.title.toLowerCase()}`, record);
      }
      return notApplicable(
        c,
        customerOnly
          ? 'the organisation only uses this third-party AI system; its life cycle is the supplier\'s (covered by A.10.3)'
          : 'the organisation does not develop or provide this AI system',
      );
    case 'A.7':
      if (develops) {
        return processControl(c, 'the organisation develops this AI system, so it is responsible for the data used to train, test and enhance it', record);
      }
      return notApplicable(
        c,
        customerOnly
          ? 'the organisation only uses this third-party AI system and trains no model with it; data for training is the supplier\'s'
          : 'the organisation does not develop this AI system, so it prepares no data for training it',
      );
    case 'A.8':
      if (provides) {
        return processControl(c, 'the organisation provides this AI system to customers, so it owes its users and interested parties information about it', record);
      }
      return notApplicable(c, 'the organisation does not provide this AI system to customers or other interested parties');
    case 'A.9':
      return satisfiedOr(
        c,
        ev.use,
        'the organisation uses this AI system: its intended use and human oversight must be recorded',
        open(ev.missingUse, 'record the intended use and the human oversight (who reviews outputs, how they are overridden)'),
      );
    case 'A.10':
      if (c.id === 'A.10.2') {
        const owner = entry.useContext.owner;
        const needsDpa = has(roles, 'ai_customer');
        const missing: string[] = [];
        if (!owner) missing.push('owner');
        if (needsDpa && entry.vendorDiligence?.dataProcessingAgreement !== true) missing.push('data processing agreement');
        return satisfiedOr(
          c,
          missing.length === 0 ? `owner ${owner}${needsDpa ? `; responsibilities with ${entry.vendor} set in a data processing agreement` : ''}` : undefined,
          'responsibilities for this AI system must be allocated inside the organisation and with third parties',
          open(missing, 'allocate responsibilities for this AI system'),
        );
      }
      if (c.id === 'A.10.3') {
        return satisfiedOr(
          c,
          ev.supplier,
          `${entry.vendor || 'a third party'} supplies this AI system or its model, so supplier due diligence applies`,
          open(ev.missingSupplier, `review the supplier ${entry.vendor || ''}`.trimEnd()),
        );
      }
      if (provides) return processControl(c, 'the organisation provides this AI system to customers: record their responsibilities and needs', record);
      return notApplicable(c, 'the organisation has no customers for this AI system');
    default:
      return organisationControl(c, record);
  }
}

/**
 * For one AI system and the organisation's roles for it: the clauses and all 38 Annex A controls,
 * applicable or not, each with its status from the recorded evidence and the reason.
 */
export function applicableRequirements(entry: RegisterEntry, roles: readonly OrgRole[], records: ControlRecords = new Map()): Requirements {
  const ev = evidenceOf(entry);
  return {
    clauses: systemClauses(entry, roles, ev),
    controls: ANNEX_A_CONTROLS.map((c) => systemControl(c, entry, roles, ev, records)),
  };
}

function systemName(entry: RegisterEntry): string {
  return !entry.vendor || entry.product.toLowerCase().startsWith(entry.vendor.toLowerCase()) ? entry.product : `${entry.vendor} ${entry.product}`;
}

function list(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

function count(n: number): string {
  return `${n} AI ${n === 1 ? 'system' : 'systems'}`;
}

/** Why a control applies, per group, in the SoA's words. */
function applicableJustification(c: AnnexAControl, names: string[]): string {
  const n = count(names.length);
  switch (c.group) {
    case 'A.5':
      return `applicable: ${n} in the register need an AI system impact assessment (${list(names)})`;
    case 'A.6':
      return `applicable: ${n} the organisation develops or provides (${list(names)})`;
    case 'A.7':
      return `applicable: ${n} the organisation develops, with data it trains, tests or enhances them on (${list(names)})`;
    case 'A.8':
      return `applicable: ${n} the organisation provides to customers (${list(names)})`;
    case 'A.9':
      return `applicable: ${n} the organisation uses (${list(names)})`;
    case 'A.10':
      if (c.id === 'A.10.3') return `applicable: ${n} or their models come from third-party suppliers (${list(names)})`;
      if (c.id === 'A.10.4') return `applicable: ${n} the organisation provides to customers (${list(names)})`;
      return `applicable: responsibilities must be allocated for ${n} (${list(names)})`;
    default:
      return `applicable: ${n} (${list(names)})`;
  }
}

function notApplicableJustification(c: AnnexAControl, entries: readonly { entry: RegisterEntry; roles: readonly OrgRole[] }[]): string {
  if (entries.length === 0) return 'not applicable: the register has no AI systems yet';
  const onlyCustomer = entries.every(({ roles }) => roles.every((r) => r === 'ai_customer'));
  switch (c.group) {
    case 'A.6':
    case 'A.7':
      return onlyCustomer
        ? 'not applicable: the organisation only uses third-party AI systems; no AI system is developed in-house'
        : 'not applicable: no AI system in the register is developed in-house';
    case 'A.8':
      return 'not applicable: the organisation provides no AI system to customers; its AI systems are used internally';
    case 'A.10':
      return c.id === 'A.10.4'
        ? 'not applicable: the organisation provides no AI system to customers, so it has no AI customers'
        : `not applicable: none of the ${count(entries.length)} in the register needs it`;
    default:
      return `not applicable: none of the ${count(entries.length)} in the register needs it`;
  }
}

/** What the SoA says of a control's implementation beyond its status: as recorded. */
function recordedFields(record: ControlRecord | undefined) {
  return {
    owner: record?.owner ?? null,
    implementationDescription: record?.implementation ?? null,
    evidence: record?.evidence ?? null,
    reviewedOn: record?.reviewedOn ?? null,
    nextReviewOn: record?.nextReviewOn ?? null,
  };
}

function recordedImplementation(record: ControlRecord | undefined): { implementation: SoaImplementation; implementationNote: string } {
  const status = record?.status ?? 'not_started';
  return { implementation: status, implementationNote: record?.status ? 'as recorded for the AI management system' : 'nothing recorded yet' };
}

/**
 * The statement of applicability: every Annex A control (all 38), applicable when any AI system
 * in the register needs it (organisation-level A.2–A.4 always, unless the organisation excluded
 * one with a justification), with a justification derived from the inventory, the ids of the
 * systems that need it, and how far it is implemented: as recorded for organisation and process
 * controls, from the systems' reviews for per-system ones.
 */
export function statementOfApplicability(entries: readonly { entry: RegisterEntry; roles: readonly OrgRole[] }[], records: ControlRecords = new Map()): SoaRow[] {
  const perSystem = entries.map(({ entry, roles }) => ({ entry, controls: applicableRequirements(entry, roles, records).controls }));
  return ANNEX_A_CONTROLS.map((c, index) => {
    const record = records.get(c.id);
    const kind = controlKind(c.id);
    if (kind === 'organisation') {
      if (record?.status === 'not_applicable') {
        return { id: c.id, title: c.title, applicable: false, justification: `not applicable: ${record.justification ?? 'excluded by the organisation'}`, systems: [], implementation: 'not_applicable', implementationNote: 'excluded by the organisation', ...recordedFields(record) };
      }
      return {
        id: c.id,
        title: c.title,
        applicable: true,
        justification: `applicable: organisation-level control of the AI management system, covering the ${count(entries.length)} in the register`,
        systems: entries.map(({ entry }) => entry.id),
        ...recordedImplementation(record),
        ...recordedFields(record),
      };
    }
    const needing = perSystem.filter((s) => s.controls[index]?.applicable === true);
    if (needing.length === 0) {
      return { id: c.id, title: c.title, applicable: false, justification: notApplicableJustification(c, entries), systems: [], implementation: 'not_applicable', implementationNote: 'not applicable', ...recordedFields(record) };
    }
    const base = { id: c.id, title: c.title, applicable: true, justification: applicableJustification(c, needing.map((s) => systemName(s.entry))), systems: needing.map((s) => s.entry.id) };
    if (kind === 'process') return { ...base, ...recordedImplementation(record), ...recordedFields(record) };
    const satisfied = needing.filter((s) => s.controls[index]?.status === 'satisfied').length;
    const implementation: SoaImplementation = satisfied === needing.length ? 'implemented' : satisfied > 0 ? 'partially_implemented' : 'not_started';
    const fields = recordedFields(record);
    return {
      ...base,
      implementation,
      implementationNote: `${satisfied} of ${count(needing.length)} that need it have it recorded in their review`,
      ...fields,
      evidence: fields.evidence ?? `AI system register: ${satisfied} of ${needing.length} reviews record it`,
    };
  });
}
