import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../../domain/errors.js';
import { incidentChangeSchema, INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES, newIncidentSchema } from '../../domain/incidents.js';
import { controlChangeSchema, DOCUMENT_KINDS, type DocumentKind, documentApprovalSchema, IMPLEMENTATION_STATUSES, organisationChangeSchema } from '../../domain/organisation.js';
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
import { printJson, table } from '../output.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const commaList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];

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

const ORG_FLAGS: Record<string, string> = {
  name: 'name',
  'legal-name': 'legalName',
  description: 'description',
  sector: 'sector',
  location: 'location',
  website: 'website',
  'internal-issues': 'internalIssues',
  'external-issues': 'externalIssues',
  parties: 'interestedParties',
  boundaries: 'scopeBoundaries',
  interfaces: 'scopeInterfaces',
  dependencies: 'scopeDependencies',
  'document-owner': 'documentOwner',
  classification: 'classification',
};

function organisationCommands(program: Command): void {
  const command = program.command('organisation').description('the organisation and its AI management system: clause 4.1 and 4.2 context, 4.3 scope, document owner');
  command
    .command('show')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const record = await getOrganisation(db);
        if (flags.json) return printJson(record);
        const rows = Object.entries(FIELD_LABELS).filter(([field]) => field in record).map(([field, label]) => [label, valueWords(field, (record as Record<string, unknown>)[field])]);
        process.stdout.write(rows.length ? `${table(['', ''], rows)}\n` : 'Nothing recorded yet: `unshadow organisation set --name "…"`.\n');
      });
    });
  command
    .command('set')
    .description('record answers; lists given replace the recorded ones')
    .option('--name <name>')
    .option('--legal-name <name>')
    .option('--description <text>', 'what the organisation does')
    .option('--sector <sector>')
    .option('--location <where>')
    .option('--website <url>')
    .option('--internal-issue <text>', 'an internal issue (clause 4.1), repeatable', collect)
    .option('--external-issue <text>', 'an external issue (clause 4.1), repeatable', collect)
    .option('--party <party: requirements>', 'an interested party and its requirements (clause 4.2), repeatable', collect)
    .option('--boundaries <text>', 'what the AIMS covers (clause 4.3)')
    .option('--interfaces <text>', 'where the AIMS meets what it does not cover (clause 4.3)')
    .option('--dependencies <text>', 'what the AIMS depends on that others provide (clause 4.3)')
    .option('--document-owner <name>', 'owner of the AIMS documents, named on each')
    .option('--classification <label>', 'printed on every document, e.g. Internal')
    .option('--from <file>', 'a JSON or YAML file with the record (the API body: name, internalIssues, interestedParties, …)')
    .option('--clear <answers>', `clear answers, comma-separated: ${Object.keys(ORG_FLAGS).join(', ')}`, commaList)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who records it (default: $UNSHADOW_ACTOR or the OS user)')
    .action(async (flags: Record<string, string | string[] | undefined>) => {
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
          ...clearing(flags.clear as string[] | undefined, ORG_FLAGS),
        },
        'organisation record',
        'organisation set',
      );
      await withDatabase(async ({ db }, config) => {
        process.stdout.write(changesText(await recordOrganisation(db, change, { actor: (flags.by as string) ?? config.actor, ...(flags.note ? { reason: String(flags.note) } : {}) })));
      });
    });
}

function controlCommands(program: Command): void {
  const command = program.command('controls').description('how each ISO/IEC 42001 Annex A control is implemented: status, owner, evidence, review dates');
  command
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withContext(async ({ database: { db }, catalog }) => {
        const entries = (await registerEntries(db, catalog)).filter((entry) => entry.status !== 'not_ai');
        const rows = statementOfApplicability(entries.map((entry) => ({ entry, roles: entry.roles ?? suggestRoles(entry).roles })), await controlRecordMap(db));
        if (flags.json) return printJson(rows);
        process.stdout.write(`${table(['Control', 'Title', 'Applicable', 'Implementation', 'Owner', 'Evidence'], rows.map((r) => [r.id, r.title, r.applicable ? 'yes' : 'no', words(IMPLEMENTATION_LABELS, r.implementation), r.owner ?? '—', r.evidence ?? '—']))}\n`);
      });
    });
  command
    .command('set <control>')
    .description('record how a control is implemented (e.g. A.2.2); the status of per-system controls (A.5, A.9, A.10.2, A.10.3) comes from the reviews')
    .addOption(new Option('--status <status>', 'implementation status').choices([...IMPLEMENTATION_STATUSES]))
    .option('--owner <name>')
    .option('--implementation <text>', 'how it is implemented')
    .option('--evidence <reference>', 'where the evidence is: a policy id and version, a link')
    .option('--justification <text>', 'why it does not apply (with --status not_applicable)')
    .option('--reviewed-on <date>', 'YYYY-MM-DD')
    .option('--next-review <date>', 'YYYY-MM-DD')
    .option('--clear <answers>', 'clear answers, comma-separated: status, owner, implementation, evidence, justification, reviewed-on, next-review', commaList)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>')
    .action(async (id: string, flags: Record<string, string | string[] | undefined>) => {
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
    });
}

function vendorCommands(program: Command): void {
  const command = program.command('vendors').description('the vendors of the AI systems in the inventory and their due diligence (A.10.3); record it with `unshadow vendor <name>`');
  command
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const vendors = await listVendors(db);
        if (flags.json) return printJson(vendors);
        const state = { not_recorded: 'not recorded', current: 'current', overdue: 'review overdue' };
        process.stdout.write(`${table(['Vendor', 'AI systems', 'Due diligence', 'Reviewed', 'Next review'], vendors.map((v) => [v.name, v.systems.map((s) => s.product).join(', '), state[v.state], v.diligence.reviewedOn ?? '—', v.reviewDue ?? '—']))}\n`);
        const overdue = vendors.filter((v) => v.state === 'overdue').length;
        if (overdue) process.stdout.write(`${overdue} vendor review(s) overdue.\n`);
      });
    });
  command
    .command('show <name>')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const vendor = await showVendor(db, name);
        if (flags.json) return printJson(vendor);
        const rows = Object.entries(vendor.diligence).map(([field, value]) => [FIELD_LABELS[field] ?? field, valueWords(field, value)]);
        process.stdout.write(`${vendor.name} — ${vendor.systems.map((s) => s.product).join(', ')}\n${rows.length ? table(['', ''], rows) : 'No due diligence recorded.'}\nNext review: ${vendor.reviewDue ?? '—'}${vendor.state === 'overdue' ? ' (overdue)' : ''}\n`);
      });
    });
}

function incidentCommands(program: Command): void {
  const command = program.command('incidents').description('AI incidents (clause 10.2): harmful, biased or wrong output, data exposure, misuse');
  command
    .command('list')
    .option('--open', 'only those not closed')
    .addOption(new Option('--status <status>').choices([...INCIDENT_STATUSES]))
    .option('--system <id>', 'of one AI system')
    .option('--json', 'print JSON')
    .action(async (flags: { open?: boolean; status?: (typeof INCIDENT_STATUSES)[number]; system?: string; json?: boolean }) => {
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
    });
  command
    .command('show <incident>')
    .option('--json', 'print JSON')
    .action(async (reference: string, flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const incident = await findIncident(db, reference);
        const history = await incidentHistory(db, incident);
        if (flags.json) return printJson({ ...incident, history });
        const rows = (['title', 'kind', 'severity', 'occurredOn', 'description', 'investigation', 'correctiveAction', 'vendorEscalation', 'escalatedOn', 'authorityNotification'] as const).map((field) => [FIELD_LABELS[field] ?? field, valueWords(field, incident[field])]);
        process.stdout.write(`${incident.reference} on ${incident.system.product} — ${words(INCIDENT_STATUS_LABELS, incident.status)}\n${table(['', ''], rows)}\n${table(['When', 'Who', 'What', 'Field', 'Before', 'After', 'Why'], history.map((h) => [h.at.slice(0, 16).replace('T', ' '), h.who, h.what, h.fieldLabel ?? '', h.beforeText, h.afterText, h.reason ?? '']))}\n`);
      });
    });
  command
    .command('open <system>')
    .description('open an incident against an AI system (its id or first 8 characters); alerts rules selecting incident.opened hear of it')
    .requiredOption('--title <text>')
    .addOption(new Option('--kind <kind>').choices([...INCIDENT_KINDS]).makeOptionMandatory())
    .addOption(new Option('--severity <severity>').choices([...INCIDENT_SEVERITIES]).makeOptionMandatory())
    .requiredOption('--description <text>', 'what happened, who or what was affected')
    .option('--occurred-on <date>', 'YYYY-MM-DD')
    .option('--note <text>')
    .option('--by <name>')
    .option('--json', 'print JSON')
    .action(async (system: string, flags: Record<string, string | boolean | undefined>) => {
      const input = valid(newIncidentSchema, defined({ title: flags.title, kind: flags.kind, severity: flags.severity, description: flags.description, occurredOn: flags.occurredOn, note: flags.note }), 'incident', 'incidents open');
      await withDatabase(async ({ db }, config) => {
        const id = await resolveAiSystemId(db, system);
        if (!id) throw new UserError(`no AI system with id '${system}'`, 'Run `unshadow inventory list` to see the ids.');
        const incident = await openIncident(db, id, input, { actor: (flags.by as string) ?? config.actor, ...(input.note ? { reason: input.note } : {}) });
        if (flags.json) printJson(incident);
        else process.stdout.write(`${incident.reference} opened on ${incident.system.product}.\n`);
      });
    });
  command
    .command('update <incident>')
    .description('record the investigation, corrective action, vendor escalation or status (closing needs the corrective action)')
    .addOption(new Option('--status <status>').choices([...INCIDENT_STATUSES]))
    .option('--title <text>')
    .addOption(new Option('--kind <kind>').choices([...INCIDENT_KINDS]))
    .addOption(new Option('--severity <severity>').choices([...INCIDENT_SEVERITIES]))
    .option('--description <text>')
    .option('--occurred-on <date>', 'YYYY-MM-DD')
    .option('--investigation <text>')
    .option('--corrective-action <text>')
    .option('--vendor-escalation <text>', 'what the vendor was told and answered, with its reference')
    .option('--escalated-on <date>', 'YYYY-MM-DD')
    .option('--authority-notification <text>', 'a report to an authority (EU AI Act Art. 73 / 26(5))')
    .option('--clear <answers>', 'clear answers, comma-separated: occurred-on, investigation, corrective-action, vendor-escalation, escalated-on, authority-notification', commaList)
    .option('--note <text>')
    .option('--by <name>')
    .option('--json', 'print JSON')
    .action(async (reference: string, flags: Record<string, string | string[] | boolean | undefined>) => {
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
    });
}

function documentCommands(program: Command): void {
  const command = program.command('documents').description('the audit documents, their versions and approvals');
  command
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const documents = await listDocuments(db);
        if (flags.json) return printJson(documents);
        process.stdout.write(`${table(['Document', 'Version', 'Approval'], documents.map((d) => [d.title, d.version, d.approval ? `${d.approval.current ? 'this version' : `version ${d.approval.version}`}, by ${d.approval.approvedBy} on ${d.approval.approvedOn}` : 'not approved']))}\n`);
      });
    });
  command
    .command('approve <document>')
    .description(`approve a document (${DOCUMENT_KINDS.join(', ')}) in the version you read`)
    .option('--version <version>', 'the version read, e.g. r142 (default: the current one)')
    .option('--approved-by <name>', 'who approves, e.g. "Dana Kowalski, CEO" (default: --by)')
    .option('--approved-on <date>', 'YYYY-MM-DD (default: today)')
    .option('--note <text>')
    .option('--by <name>')
    .action(async (kind: string, flags: { version?: string; approvedBy?: string; approvedOn?: string; note?: string; by?: string }) => {
      if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new UserError(`no document '${kind}'`, `The documents are: ${DOCUMENT_KINDS.join(', ')}.`);
      await withDatabase(async ({ db }, config) => {
        const input = valid(documentApprovalSchema, defined({ version: flags.version ?? (await documentVersion(db)), approvedBy: flags.approvedBy ?? flags.by, approvedOn: flags.approvedOn, note: flags.note }), 'approval', 'documents approve');
        const approval = await approveDocument(db, kind as DocumentKind, input, { actor: flags.by ?? config.actor });
        process.stdout.write(`Approved version ${approval.version} by ${approval.approvedBy} on ${approval.approvedOn}.\n`);
      });
    });
}

export function registerGovernance(program: Command): void {
  organisationCommands(program);
  controlCommands(program);
  vendorCommands(program);
  incidentCommands(program);
  documentCommands(program);
}
