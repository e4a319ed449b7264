import { UserError } from '../../domain/errors.js';
import { type AiSystemStatus, CERTIFICATIONS, ORG_ROLES, type OrgRole, type ReviewChange, reviewChangeSchema, type UseDomain, type VendorDiligenceChange, vendorDiligenceChangeSchema } from '../../domain/register.js';
import { describeIssue } from '../../domain/validation.js';
import { FIELD_LABELS, ROLE_LABELS, STATUS_LABELS, TIER_LABELS, valueWords, words } from '../../domain/words.js';
import { reviewQueue } from '../../inventory/register-entries.js';
import { type ReviewSheet, reviewSheet } from '../../inventory/review-sheet.js';
import { type FieldChange, recordReview, recordReviews, resolveAiSystemId } from '../../inventory/review.js';
import { recordVendorDiligence } from '../../inventory/vendors.js';
import { suggestRoles } from '../../register/roles.js';
import { withContext, withDatabase } from '../context.js';
import { printJson, table } from '../output.js';
import { REVIEW_ANSWERS } from '../clear-answers.js';

export interface ReviewFlags {
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

export interface VendorFlags {
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
    const clear = REVIEW_ANSWERS[name];
    if (!clear) throw new UserError(`--clear does not know '${name}'`, `It clears: ${Object.keys(REVIEW_ANSWERS).join(', ')}.`);
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
    `${entry.product} (${entry.vendor}) — ${words(STATUS_LABELS, entry.status)}`,
    `  roles        decided: ${entry.roles?.map((role) => words(ROLE_LABELS, role)).join(', ') || '—'}    suggested: ${suggestedRoles.roles.map((role) => words(ROLE_LABELS, role)).join(', ')} (${suggestedRoles.reasons.join('; ')})`,
    `  risk tier    suggested: ${words(TIER_LABELS, suggestedTier.tier)} (${suggestedTier.reasons.join('; ')})${suggestedTier.needsUseContext ? ' — record --domain to confirm' : ''}`,
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
          words(STATUS_LABELS, entry.status),
          priority.score,
          words(TIER_LABELS, priority.tier),
          priority.exposure,
          priority.reach,
          suggestRoles(entry)
            .roles.map((role) => words(ROLE_LABELS, role))
            .join(', '),
        ]),
      )}\n${queue.length} AI system(s) await review, highest priority first.\n`,
    );
  });
}

export async function review(ids: string[], flags: ReviewFlags): Promise<void> {
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
}

export async function recordVendor(name: string, flags: VendorFlags): Promise<void> {
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
}
