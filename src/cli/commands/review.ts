import { type Command, Option } from 'commander';
import { AI_SYSTEM_STATUSES, type AiSystemStatus } from '../../db/schema.js';
import { UserError } from '../../domain/errors.js';
import { CERTIFICATIONS, ORG_ROLES, type OrgRole, type ReviewChange, reviewChangeSchema, USE_DOMAINS, type UseDomain, type VendorDiligenceChange, vendorDiligenceChangeSchema } from '../../domain/register.js';
import { describeIssue } from '../../domain/validation.js';
import { FIELD_LABELS, valueWords } from '../../domain/words.js';
import { reviewQueue } from '../../inventory/register-entries.js';
import { type ReviewSheet, reviewSheet } from '../../inventory/review-sheet.js';
import { type FieldChange, recordReview, recordReviews, resolveAiSystemId } from '../../inventory/review.js';
import { recordVendorDiligence } from '../../inventory/vendors.js';
import { suggestRoles } from '../../register/roles.js';
import { withContext, withDatabase } from '../context.js';
import { printJson, table } from '../output.js';

interface ReviewFlags {
  status?: AiSystemStatus;
  role?: OrgRole[];
  domain?: UseDomain;
  owner?: string;
  purpose?: string;
  department?: string[];
  decisions?: string;
  data?: string[];
  oversight?: string;
  oversightWhen?: string;
  oversightOverride?: string;
  conditions?: string;
  clear?: string[];
  note?: string;
  by?: string;
  json?: boolean;
}

interface VendorFlags {
  iso42001?: boolean;
  iso27001?: boolean;
  iso27701?: boolean;
  soc2?: boolean;
  dataResidency?: string;
  subprocessor?: string[];
  owner?: string;
  document?: string[];
  nextReview?: string;
  clear?: string[];
  dpa?: boolean;
  trainsOnCustomerData?: boolean;
  incidentNotification?: string;
  modelDocumentation?: boolean;
  reviewedOn?: string;
  note?: string;
  by?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];

/** `--clear` names, as the review flags spell them, and the answer each clears. */
const CLEARABLE: Record<string, (change: ReviewChange) => void> = {
  role: (c) => void (c.roles = null),
  purpose: (c) => void ((c.useContext ??= {}).purpose = null),
  owner: (c) => void ((c.useContext ??= {}).owner = null),
  department: (c) => void ((c.useContext ??= {}).departments = []),
  decisions: (c) => void ((c.useContext ??= {}).decisions = null),
  data: (c) => void ((c.useContext ??= {}).dataCategories = []),
  domain: (c) => void ((c.useContext ??= {}).domain = null),
  oversight: (c) => void ((c.oversight ??= {}).reviewer = null),
  'oversight-when': (c) => void ((c.oversight ??= {}).when = null),
  'oversight-override': (c) => void ((c.oversight ??= {}).override = null),
  conditions: (c) => void (c.conditions = null),
};

function reviewInput(flags: ReviewFlags): ReviewChange {
  const bad = flags.role?.find((role) => !(ORG_ROLES as readonly string[]).includes(role));
  if (bad) throw new UserError(`unknown role '${bad}'`, `Use one or more of: ${ORG_ROLES.join(', ')}.`);
  const defined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  const change: ReviewChange = defined({
    status: flags.status,
    roles: flags.role,
    conditions: flags.conditions,
    useContext: defined({ purpose: flags.purpose, owner: flags.owner, departments: flags.department, decisions: flags.decisions, dataCategories: flags.data, domain: flags.domain }),
    oversight: defined({ reviewer: flags.oversight, when: flags.oversightWhen, override: flags.oversightOverride }),
  });
  for (const name of flags.clear ?? []) {
    const clear = CLEARABLE[name];
    if (!clear) throw new UserError(`--clear does not know '${name}'`, `It clears: ${Object.keys(CLEARABLE).join(', ')}.`);
    clear(change);
  }
  const parsed = reviewChangeSchema.safeParse(change);
  if (!parsed.success) throw new UserError(`invalid review: ${describeIssue(parsed.error.issues[0]!)}`, 'See `unshadow review --help` for the accepted values.');
  return parsed.data;
}

function asksNothing(input: ReviewChange): boolean {
  const { useContext = {}, oversight = {}, ...rest } = input;
  return Object.keys(rest).length === 0 && Object.keys(useContext).length === 0 && Object.keys(oversight).length === 0;
}

function describeChanges(changes: FieldChange[]): string {
  if (changes.length === 0) return 'Nothing changed: the review already records this.\n';
  return `${table(['Field', 'Before', 'After'], changes.map((c) => [FIELD_LABELS[c.field] ?? c.field, valueWords(c.field, c.before), valueWords(c.field, c.after)]))}\n${changes.length} change(s) recorded in the audit trail.\n`;
}

function describeSheet(sheet: ReviewSheet): string {
  const { entry, suggestedRoles, suggestedTier, priority, requirements } = sheet;
  const ctx = entry.useContext;
  const open = [...requirements.clauses.filter((c) => c.status === 'open'), ...requirements.controls.filter((c) => c.status === 'open')];
  const satisfied = [...requirements.clauses.filter((c) => c.status === 'satisfied'), ...requirements.controls.filter((c) => c.status === 'satisfied')];
  return [
    `${entry.product} (${entry.vendor}) — ${entry.status.replace(/_/g, ' ')}`,
    `  roles        decided: ${entry.roles?.join(', ') ?? '—'}    suggested: ${suggestedRoles.roles.join(', ')} (${suggestedRoles.reasons.join('; ')})`,
    `  risk tier    suggested: ${suggestedTier.tier} (${suggestedTier.reasons.join('; ')})${suggestedTier.needsUseContext ? ' — record --domain to confirm' : ''}`,
    `  priority     ${priority.score} (exposure ${priority.exposure}, reach ${priority.reach})`,
    `  use context  purpose: ${ctx.purpose ?? '—'}; owner: ${ctx.owner ?? '—'}; departments: ${ctx.departments.join(', ') || '—'}; domain: ${ctx.domain ?? '—'}; data: ${ctx.dataCategories.join(', ') || '—'}`,
    `  oversight    ${entry.oversight.reviewer ?? '—'}${entry.oversight.when ? `, ${entry.oversight.when}` : ''}${entry.oversight.override ? `; override: ${entry.oversight.override}` : ''}`,
    ...(entry.conditions ? [`  conditions   ${entry.conditions}`] : []),
    '',
    `ISO/IEC 42001 requirements: ${satisfied.length} satisfied, ${open.length} open`,
    table(['Id', 'Requirement', 'Status', 'Why'], [...open, ...satisfied].map((r) => [r.id, r.title, r.status, r.why])),
  ].join('\n');
}

async function printQueue(json: boolean): Promise<void> {
  await withContext(async ({ database, catalog }) => {
    const queue = await reviewQueue(database.db, catalog);
    if (json) {
      printJson(queue.map(({ entry, priority }) => ({ id: entry.id, vendor: entry.vendor, product: entry.product, status: entry.status, suggestedRoles: suggestRoles(entry).roles, priority })));
      return;
    }
    if (queue.length === 0) {
      process.stdout.write('Nothing awaits review.\n');
      return;
    }
    process.stdout.write(
      `${table(
        ['Id', 'AI system', 'Status', 'Priority', 'Tier', 'Exposure', 'Reach', 'Suggested roles'],
        queue.map(({ entry, priority }) => [
          entry.id.slice(0, 8),
          `${entry.product} (${entry.vendor})`,
          entry.status.replace(/_/g, ' '),
          priority.score,
          priority.tier,
          priority.exposure,
          priority.reach,
          suggestRoles(entry).roles.join(', '),
        ]),
      )}\n${queue.length} AI system(s) await review, highest priority first.\n`,
    );
  });
}

export function registerReview(program: Command): void {
  program
    .command('review <ids...>')
    .description('record a review decision on one or more AI systems (ids or first 8 characters; several: the same decision on each, all or nothing); with one id and no options, show its suggestions and ISO 42001 requirements; `review queue` lists what awaits review')
    .addOption(new Option('--status <status>', 'the decision').choices([...AI_SYSTEM_STATUSES]))
    .option('--role <role>', `the organisation's role(s), repeatable or comma-separated: ${ORG_ROLES.join(', ')}`, collect)
    .addOption(new Option('--domain <domain>', 'the use domain (EU AI Act Annex III areas and more)').choices([...USE_DOMAINS]))
    .option('--owner <name>', 'who is accountable for its use')
    .option('--purpose <text>', 'the business purpose')
    .option('--department <name>', 'departments using it, repeatable or comma-separated', collect)
    .option('--decisions <text>', 'the decisions its outputs affect')
    .option('--data <category>', 'data categories it touches, repeatable or comma-separated', collect)
    .option('--oversight <who>', 'human oversight: who reviews its outputs')
    .option('--oversight-when <when>', 'human oversight: when outputs are reviewed')
    .option('--oversight-override <how>', 'human oversight: how a person overrides an output')
    .option('--conditions <text>', 'conditions of an "approved with conditions" or "restricted" decision')
    .option('--clear <answers>', `clear recorded answers, comma-separated: ${Object.keys(CLEARABLE).join(', ')}`, collect)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who decides (default: $UNSHADOW_ACTOR or the OS user)')
    .option('--json', 'print JSON')
    .action(async (ids: string[], flags: ReviewFlags) => {
      if (ids[0] === 'queue' && ids.length === 1) return printQueue(Boolean(flags.json));
      const input = reviewInput(flags);
      await withContext(async ({ database: { db }, config, catalog }) => {
        const resolvedIds: string[] = [];
        for (const id of ids) {
          const found = await resolveAiSystemId(db, id);
          if (!found) throw new UserError(`no AI system with id '${id}'`, 'Run `unshadow review queue` or `unshadow inventory list` to see the ids (the first 8 characters are enough).');
          resolvedIds.push(found);
        }
        const author = { actor: flags.by ?? config.actor, ...(flags.note ? { reason: flags.note } : {}) };
        if (resolvedIds.length > 1) {
          if (asksNothing(input)) throw new UserError('several ids need a decision to record on each', 'Add --status or another answer, or give one id to see its review.');
          const results = await recordReviews(db, resolvedIds, input, author);
          if (flags.json) printJson(results);
          else for (const result of results) process.stdout.write(`${result.id.slice(0, 8)}: ${describeChanges(result.changes)}`);
          return;
        }
        const resolved = resolvedIds[0]!;
        if (asksNothing(input)) {
          const sheet = await reviewSheet(db, catalog, resolved);
          if (flags.json) printJson(sheet);
          else process.stdout.write(`${describeSheet(sheet)}\n`);
          return;
        }
        const changes = await recordReview(db, resolved, input, author);
        if (flags.json) printJson(changes);
        else process.stdout.write(describeChanges(changes));
      });
    });
  program
    .command('vendor <name>')
    .description("record a vendor's due diligence (ISO/IEC 42001 Annex A.10.3); `unshadow vendors list` shows where each vendor stands")
    .option('--iso42001', 'holds ISO/IEC 42001 certification')
    .option('--iso27001', 'holds ISO/IEC 27001 certification')
    .option('--iso27701', 'holds ISO/IEC 27701 certification')
    .option('--soc2', 'has a SOC 2 report')
    .option('--dpa', 'a data processing agreement is signed')
    .option('--no-dpa', 'no data processing agreement')
    .option('--trains-on-customer-data', 'the vendor trains on customer data in the configuration in use')
    .option('--no-trains-on-customer-data', 'training on customer data is off')
    .option('--incident-notification <terms>', 'incident notification terms, e.g. "72 hours"')
    .option('--model-documentation', 'model documentation (model card, system card) received')
    .option('--data-residency <where>', 'where the vendor stores and processes the data, e.g. "EU (Frankfurt)"')
    .option('--subprocessor <name>', 'a subprocessor, repeatable or comma-separated (replaces the recorded list)', collect)
    .option('--owner <name>', 'who owns the relationship and this review')
    .option('--document <title=reference>', 'a document by reference, e.g. "DPA=legal/dpa-openai-2026.pdf", repeatable (replaces the recorded list)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--reviewed-on <date>', 'date of this review, YYYY-MM-DD (default: today)')
    .option('--next-review <date>', 'when the next review is due, YYYY-MM-DD (default: a year after the last)')
    .option('--clear <answers>', 'clear recorded answers, comma-separated: certifications, dpa, trains-on-customer-data, incident-notification, model-documentation, data-residency, subprocessors, owner, documents, next-review', collect)
    .option('--note <text>', 'why: recorded with every change in the audit trail')
    .option('--by <name>', 'who records it (default: $UNSHADOW_ACTOR or the OS user)')
    .action(async (name: string, flags: VendorFlags) => {
      const certifications = CERTIFICATIONS.filter((cert) => flags[cert]);
      const documents = flags.document?.map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1 || at === pair.length - 1) throw new UserError(`--document takes title=reference, not '${pair}'`, 'For example --document "SOC 2 report=vendor-portal/openai/soc2-2026.pdf".');
        return { title: pair.slice(0, at).trim(), reference: pair.slice(at + 1).trim() };
      });
      const change: Record<string, unknown> = {
        ...(certifications.length > 0 ? { certifications } : {}),
        ...(flags.dpa !== undefined ? { dataProcessingAgreement: flags.dpa } : {}),
        ...(flags.trainsOnCustomerData !== undefined ? { trainsOnCustomerData: flags.trainsOnCustomerData } : {}),
        ...(flags.incidentNotification ? { incidentNotification: flags.incidentNotification } : {}),
        ...(flags.modelDocumentation ? { modelDocumentation: true } : {}),
        ...(flags.dataResidency ? { dataResidency: flags.dataResidency } : {}),
        ...(flags.subprocessor ? { subprocessors: flags.subprocessor } : {}),
        ...(flags.owner ? { owner: flags.owner } : {}),
        ...(documents ? { documents } : {}),
        ...(flags.nextReview ? { nextReviewOn: flags.nextReview } : {}),
        reviewedOn: flags.reviewedOn ?? new Date().toISOString().slice(0, 10),
      };
      const cleared: Record<string, [string, unknown]> = {
        certifications: ['certifications', []],
        dpa: ['dataProcessingAgreement', null],
        'trains-on-customer-data': ['trainsOnCustomerData', null],
        'incident-notification': ['incidentNotification', null],
        'model-documentation': ['modelDocumentation', null],
        'data-residency': ['dataResidency', null],
        subprocessors: ['subprocessors', []],
        owner: ['owner', null],
        documents: ['documents', []],
        'next-review': ['nextReviewOn', null],
      };
      for (const answer of flags.clear ?? []) {
        const target = cleared[answer];
        if (!target) throw new UserError(`--clear does not know '${answer}'`, `It clears: ${Object.keys(cleared).join(', ')}.`);
        change[target[0]] = target[1];
      }
      const parsed = vendorDiligenceChangeSchema.safeParse(change);
      if (!parsed.success) throw new UserError(`invalid due diligence: ${describeIssue(parsed.error.issues[0]!)}`, 'See `unshadow vendor --help` for the accepted values.');
      await withDatabase(async ({ db }, config) => {
        const { vendor, changes } = await recordVendorDiligence(db, name, parsed.data as VendorDiligenceChange, { actor: flags.by ?? config.actor, ...(flags.note ? { reason: flags.note } : {}) });
        process.stdout.write(`${vendor}: ${describeChanges(changes)}`);
      });
    });
}
