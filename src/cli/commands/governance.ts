import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../../domain/errors.js';
import { incidentChangeSchema, type INCIDENT_STATUSES, newIncidentSchema } from '../../domain/incidents.js';
import { controlChangeSchema, DOCUMENT_KINDS, type DocumentKind, documentApprovalSchema, organisationChangeSchema } from '../../domain/organisation.js';
import { describeIssue } from '../../domain/validation.js';
import { FIELD_LABELS, IMPLEMENTATION_LABELS, INCIDENT_STATUS_LABELS, SEVERITY_LABELS, valueWords, words } from '../../domain/words.js';
import { documentVersion } from '../../inventory/audit.js';
import { approveDocument, listDocuments } from '../../inventory/documents.js';
import { findIncident, incidentHistory, listIncidents, openIncident, updateIncident } from '../../inventory/incidents.js';
import { controlRecordMap, getOrganisation, recordControl, recordOrganisation } from '../../inventory/organisation.js';
import { registerEntries } from '../../inventory/register-entries.js';
import type { FieldChange } from '../../inventory/review.js';
import { resolveAiSystemId } from '../../inventory/review.js';
import { listVendors, showVendor } from '../../inventory/vendors.js';
import { statementOfApplicability } from '../../register/requirements.js';
import { suggestRoles } from '../../register/roles.js';
import { withContext, withDatabase } from '../context.js';
import { ORGANISATION_ANSWERS } from '../clear-answers.js';
import { printJson, table } from '../output.js';

/** Parses with the same strict schema the API uses: one message naming what is wrong. */
function valid<S extends z.ZodType>(schema: S, value: unknown, what: string, command: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UserError(`invalid ${what}: ${describeIssue(parsed.error.issues[0]!)}`, `See \`unshadow ${command} --help\`.`);
  return parsed.data;
}

function changesText(changes: FieldChange[]): string {
  if (changes.length === 0) return 'Nothing changed: this is already recorded.\n';
  return `${table(['Field', 'Before', 'After'], changes.map((c) => [FIELD_LABELS[c.field] ?? c.field, valueWords(c.field, c.before), valueWords(c.field, c.after)]))}\n${changes.length} change(s) recorded in the audit trail.\n`;
}

/** Flag names (kebab) to record fields, for --clear. */
function clearing(names: string[] | undefined, fields: Record<string, string>, lists: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names ?? []) {
    const field = fields[name];
    if (!field) throw new UserError(`--clear does not know '${name}'`, `It clears: ${Object.keys(fields).join(', ')}.`);
    out[field] = lists.includes(field) ? [] : null;
  }
  return out;
}

const defined = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

export interface IncidentListFlags {
  open?: boolean;
  status?: (typeof INCIDENT_STATUSES)[number];
  system?: string;
  json?: boolean;
}

export interface ApprovalFlags {
  version?: string;
  approvedBy?: string;
  approvedOn?: string;
  note?: string;
  by?: string;
}

export async function showOrganisation(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const record = await getOrganisation(db);
    if (flags.json) return printJson(record);
    const rows = Object.entries(FIELD_LABELS).filter(([field]) => field in record).map(([field, label]) => [label, valueWords(field, (record as Record<string, unknown>)[field])]);
    process.stdout.write(rows.length ? `${table(['', ''], rows)}\n` : 'Nothing recorded yet: `unshadow organisation set --name "…"`.\n');
  });
}

export async function setOrganisation(flags: Record<string, string | string[] | undefined>): Promise<void> {
  const fromFile = flags.from ? (parseYaml(readFileSync(String(flags.from), 'utf8')) as Record<string, unknown>) : {};
  const parties = (flags.party as string[] | undefined)?.map((pair) => {
    const at = pair.indexOf(':');
    if (at < 1) throw new UserError(`--party takes "<party>: <requirements>", not '${pair}'`, 'For example --party "Customers: no customer data in third-party AI without a DPA".');
    return { party: pair.slice(0, at).trim(), requirements: pair.slice(at + 1).trim() };
  });
  const change = valid(
    organisationChangeSchema,
    {
      ...fromFile,
      ...defined({
        name: flags.name,
        legalName: flags.legalName,
        description: flags.description,
        sector: flags.sector,
        location: flags.location,
        website: flags.website,
        internalIssues: flags.internalIssue,
        externalIssues: flags.externalIssue,
        interestedParties: parties,
        scopeBoundaries: flags.boundaries,
        scopeInterfaces: flags.interfaces,
        scopeDependencies: flags.dependencies,
        documentOwner: flags.documentOwner,
        classification: flags.classification,
      }),
      ...clearing(flags.clear as string[] | undefined, ORGANISATION_ANSWERS),
    },
    'organisation record',
    'organisation set',
  );
  await withDatabase(async ({ db }, config) => {
    process.stdout.write(changesText(await recordOrganisation(db, change, { actor: (flags.by as string) ?? config.actor, ...(flags.note ? { reason: String(flags.note) } : {}) })));
  });
}

export async function listControls(flags: { json?: boolean }): Promise<void> {
  await withContext(async ({ database: { db }, catalog }) => {
    const entries = (await registerEntries(db, catalog)).filter((entry) => entry.status !== 'not_ai');
    const rows = statementOfApplicability(entries.map((entry) => ({ entry, roles: entry.roles ?? suggestRoles(entry).roles })), await controlRecordMap(db));
    if (flags.json) return printJson(rows);
    process.stdout.write(`${table(['Control', 'Title', 'Applicable', 'Implementation', 'Owner', 'Evidence'], rows.map((r) => [r.id, r.title, r.applicable ? 'yes' : 'no', words(IMPLEMENTATION_LABELS, r.implementation), r.owner ?? '—', r.evidence ?? '—']))}\n`);
  });
}

export async function setControl(id: string, flags: Record<string, string | string[] | undefined>): Promise<void> {
  const change = valid(
    controlChangeSchema,
    {
      ...defined({ status: flags.status, owner: flags.owner, implementation: flags.implementation, evidence: flags.evidence, justification: flags.justification, reviewedOn: flags.reviewedOn, nextReviewOn: flags.nextReview }),
      ...clearing(flags.clear as string[] | undefined, { status: 'status', owner: 'owner', implementation: 'implementation', evidence: 'evidence', justification: 'justification', 'reviewed-on': 'reviewedOn', 'next-review': 'nextReviewOn' }),
    },
    'control record',
    'controls set',
  );
  await withDatabase(async ({ db }, config) => {
    const { control, changes } = await recordControl(db, id, change, { actor: (flags.by as string) ?? config.actor, ...(flags.note ? { reason: String(flags.note) } : {}) });
    process.stdout.write(`${control}: ${changesText(changes)}`);
  });
}

export async function listVendorReviews(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const vendors = await listVendors(db);
    if (flags.json) return printJson(vendors);
    const state = { not_recorded: 'not recorded', current: 'current', overdue: 'review overdue' };
    process.stdout.write(`${table(['Vendor', 'AI systems', 'Due diligence', 'Reviewed', 'Next review'], vendors.map((v) => [v.name, v.systems.map((s) => s.product).join(', '), state[v.state], v.diligence.reviewedOn ?? '—', v.reviewDue ?? '—']))}\n`);
    const overdue = vendors.filter((v) => v.state === 'overdue').length;
    if (overdue) process.stdout.write(`${overdue} vendor review(s) overdue.\n`);
  });
}

export async function showVendorReview(name: string, flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const vendor = await showVendor(db, name);
    if (flags.json) return printJson(vendor);
    const rows = Object.entries(vendor.diligence).map(([field, value]) => [FIELD_LABELS[field] ?? field, valueWords(field, value)]);
    process.stdout.write(`${vendor.name} — ${vendor.systems.map((s) => s.product).join(', ')}\n${rows.length ? table(['', ''], rows) : 'No due diligence recorded.'}\nNext review: ${vendor.reviewDue ?? '—'}${vendor.state === 'overdue' ? ' (overdue)' : ''}\n`);
  });
}

export async function listIncidentLog(flags: IncidentListFlags): Promise<void> {
  await withDatabase(async ({ db }) => {
    const aiSystemId = flags.system ? await resolveAiSystemId(db, flags.system) : undefined;
    if (flags.system && !aiSystemId) throw new UserError(`no AI system with id '${flags.system}'`, 'Run `unshadow inventory list` to see the ids.');
    const incidents = await listIncidents(db, { ...(aiSystemId ? { aiSystemId } : {}), ...(flags.open ? { open: true } : {}), ...(flags.status ? { status: flags.status } : {}) });
    if (flags.json) return printJson(incidents);
    process.stdout.write(
      incidents.length
        ? `${table(['Incident', 'AI system', 'Status', 'Severity', 'Title', 'Corrective action'], incidents.map((i) => [i.reference, i.system.product, words(INCIDENT_STATUS_LABELS, i.status), words(SEVERITY_LABELS, i.severity), i.title, i.correctiveAction ?? '—']))}\n`
        : 'No incidents.\n',
    );
  });
}

export async function showIncident(reference: string, flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const incident = await findIncident(db, reference);
    const history = await incidentHistory(db, incident);
    if (flags.json) return printJson({ ...incident, history });
    const rows = (['title', 'kind', 'severity', 'occurredOn', 'description', 'investigation', 'correctiveAction', 'vendorEscalation', 'escalatedOn', 'authorityNotification'] as const).map((field) => [FIELD_LABELS[field] ?? field, valueWords(field, incident[field])]);
    process.stdout.write(`${incident.reference} on ${incident.system.product} — ${words(INCIDENT_STATUS_LABELS, incident.status)}\n${table(['', ''], rows)}\n${table(['When', 'Who', 'What', 'Field', 'Before', 'After', 'Why'], history.map((h) => [h.at.slice(0, 16).replace('T', ' '), h.who, h.what, h.fieldLabel ?? '', h.beforeText, h.afterText, h.reason ?? '']))}\n`);
  });
}

export async function openIncidentOn(system: string, flags: Record<string, string | boolean | undefined>): Promise<void> {
  const input = valid(newIncidentSchema, defined({ title: flags.title, kind: flags.kind, severity: flags.severity, description: flags.description, occurredOn: flags.occurredOn, note: flags.note }), 'incident', 'incidents open');
  await withDatabase(async ({ db }, config) => {
    const id = await resolveAiSystemId(db, system);
    if (!id) throw new UserError(`no AI system with id '${system}'`, 'Run `unshadow inventory list` to see the ids.');
    const incident = await openIncident(db, id, input, { actor: (flags.by as string) ?? config.actor, ...(input.note ? { reason: input.note } : {}) });
    if (flags.json) printJson(incident);
    else process.stdout.write(`${incident.reference} opened on ${incident.system.product}.\n`);
  });
}

export async function updateIncidentRecord(reference: string, flags: Record<string, string | string[] | boolean | undefined>): Promise<void> {
  const change = valid(
    incidentChangeSchema,
    {
      ...defined({
        status: flags.status,
        title: flags.title,
        kind: flags.kind,
        severity: flags.severity,
        description: flags.description,
        occurredOn: flags.occurredOn,
        investigation: flags.investigation,
        correctiveAction: flags.correctiveAction,
        vendorEscalation: flags.vendorEscalation,
        escalatedOn: flags.escalatedOn,
        authorityNotification: flags.authorityNotification,
        note: flags.note,
      }),
      ...clearing(flags.clear as string[] | undefined, { 'occurred-on': 'occurredOn', investigation: 'investigation', 'corrective-action': 'correctiveAction', 'vendor-escalation': 'vendorEscalation', 'escalated-on': 'escalatedOn', 'authority-notification': 'authorityNotification' }),
    },
    'incident change',
    'incidents update',
  );
  await withDatabase(async ({ db }, config) => {
    const result = await updateIncident(db, reference, change, { actor: (flags.by as string) ?? config.actor, ...(change.note ? { reason: change.note } : {}) });
    if (flags.json) printJson(result);
    else process.stdout.write(`${result.incident.reference}: ${changesText(result.changes)}`);
  });
}

export async function listAuditDocuments(flags: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ db }) => {
    const documents = await listDocuments(db);
    if (flags.json) return printJson(documents);
    process.stdout.write(`${table(['Document', 'Version', 'Approval'], documents.map((d) => [d.title, d.version, d.approval ? `${d.approval.current ? 'this version' : `version ${d.approval.version}`}, by ${d.approval.approvedBy} on ${d.approval.approvedOn}` : 'not approved']))}\n`);
  });
}

export async function approve(kind: string, flags: ApprovalFlags): Promise<void> {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new UserError(`no document '${kind}'`, `The documents are: ${DOCUMENT_KINDS.join(', ')}.`);
  await withDatabase(async ({ db }, config) => {
    const input = valid(documentApprovalSchema, defined({ version: flags.version ?? (await documentVersion(db)), approvedBy: flags.approvedBy ?? flags.by, approvedOn: flags.approvedOn, note: flags.note }), 'approval', 'documents approve');
    const approval = await approveDocument(db, kind as DocumentKind, input, { actor: flags.by ?? config.actor });
    process.stdout.write(`Approved version ${approval.version} by ${approval.approvedBy} on ${approval.approvedOn}.\n`);
  });
}
