import { type Command, Option } from 'commander';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../../domain/incidents.js';
import { DOCUMENT_KINDS, IMPLEMENTATION_STATUSES } from '../../domain/organisation.js';
import { ORGANISATION_ANSWERS } from '../clear-answers.js';
import type { ApprovalFlags, IncidentListFlags } from '../commands/governance.js';

const actions = () => import('../commands/governance.js');

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const commaList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];

export function defineOrganisation(organisation: Command): void {
  organisation
    .command('show')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).showOrganisation(flags));
  organisation
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
    .option('--clear <answers>', `clear answers, comma-separated: ${Object.keys(ORGANISATION_ANSWERS).join(', ')}`, commaList)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who records it (default: $UNSHADOW_ACTOR or the OS user)')
    .action(async (flags: Record<string, string | string[] | undefined>) => (await actions()).setOrganisation(flags));
}

export function defineControls(controls: Command): void {
  controls
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).listControls(flags));
  controls
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
    .action(async (id: string, flags: Record<string, string | string[] | undefined>) => (await actions()).setControl(id, flags));
}

export function defineVendors(vendors: Command): void {
  vendors
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).listVendorReviews(flags));
  vendors
    .command('show <name>')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }) => (await actions()).showVendorReview(name, flags));
}

export function defineIncidents(incidents: Command): void {
  incidents
    .command('list')
    .option('--open', 'only those not closed')
    .addOption(new Option('--status <status>').choices([...INCIDENT_STATUSES]))
    .option('--system <id>', 'of one AI system')
    .option('--json', 'print JSON')
    .action(async (flags: IncidentListFlags) => (await actions()).listIncidentLog(flags));
  incidents
    .command('show <incident>')
    .option('--json', 'print JSON')
    .action(async (reference: string, flags: { json?: boolean }) => (await actions()).showIncident(reference, flags));
  incidents
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
    .action(async (system: string, flags: Record<string, string | boolean | undefined>) => (await actions()).openIncidentOn(system, flags));
  incidents
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
    .action(async (reference: string, flags: Record<string, string | string[] | boolean | undefined>) => (await actions()).updateIncidentRecord(reference, flags));
}

export function defineDocuments(documents: Command): void {
  documents
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).listAuditDocuments(flags));
  documents
    .command('approve <document>')
    .description(`approve a document (${DOCUMENT_KINDS.join(', ')}) in the version you read`)
    .option('--version <version>', 'the version read, e.g. r142 (default: the current one)')
    .option('--approved-by <name>', 'who approves, e.g. "Dana Kowalski, CEO" (default: --by)')
    .option('--approved-on <date>', 'YYYY-MM-DD (default: today)')
    .option('--note <text>')
    .option('--by <name>')
    .action(async (kind: string, flags: ApprovalFlags) => (await actions()).approve(kind, flags));
}
