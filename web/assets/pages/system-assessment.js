/**
 * What unshadow suggests beside what reviewers decided: roles, EU AI Act tier, triage priority,
 * and the ISO/IEC 42001 requirements still open for this system.
 */
import { h } from '../dom.js';
import { count, counted, DASH, list } from '../format.js';
import { levelBadge, stateBadge, tierBadge } from '../components/badge.js';
import { subsection } from '../components/page.js';
import { dataTable } from '../components/table.js';
import { label, ROLES, USE_DOMAINS } from '../vocab.js';

function reasons(items) {
  return items?.length ? h('ul', { class: 'reasons-list' }, items.map((reason) => h('li', {}, reason))) : null;
}

function pairs(entries) {
  return h(
    'dl',
    { class: 'pairs' },
    entries.filter(Boolean).map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]),
  );
}

export function suggestions(sheet) {
  const roles = sheet.suggestedRoles ?? { roles: [], reasons: [] };
  const tier = sheet.suggestedTier ?? {};
  const priority = sheet.priority ?? {};
  return [
    subsection('Suggested role', h('p', {}, list((roles.roles ?? []).map((role) => label(ROLES, role)))), reasons(roles.reasons)),
    subsection(
      'Suggested risk tier',
      h('p', {}, tierBadge(tier.tier), tier.euAiActRefs?.length ? ` EU AI Act: ${tier.euAiActRefs.join(', ')}` : null),
      tier.needsUseContext ? h('p', { class: 'note' }, 'No use domain is recorded, so this tier is a guess from the catalog. Record the use context below to firm it up.') : null,
      reasons(tier.reasons),
    ),
    subsection(
      'Triage priority',
      h('p', {}, h('strong', { class: 'score' }, `${count(priority.score)} / 100`), ' ', tierBadge(priority.tier), ' ', levelBadge(priority.exposure, 'exposure'), ' ', levelBadge(priority.reach, 'reach')),
      reasons(priority.reasons),
    ),
  ];
}

/** What reviewers recorded so far, read-only; the form below changes it. */
export function recordedReview(entry) {
  const use = entry.useContext ?? {};
  const oversight = entry.oversight ?? {};
  return pairs([
    ['Roles', entry.roles?.length ? list(entry.roles.map((role) => label(ROLES, role))) : 'Not decided yet'],
    ['Purpose', use.purpose ?? DASH],
    ['Owner', use.owner ?? DASH],
    ['Departments', list(use.departments)],
    ['Decisions it affects', use.decisions ?? DASH],
    ['Data categories', list(use.dataCategories)],
    ['Use domain', use.domain ? label(USE_DOMAINS, use.domain) : DASH],
    ['Oversight: who reviews outputs', oversight.reviewer ?? DASH],
    ['Oversight: when', oversight.when ?? DASH],
    ['Oversight: how to override', oversight.override ?? DASH],
    ['Conditions', entry.conditions ?? DASH],
  ]);
}

const STATE_ORDER = { open: 0, satisfied: 1, not_applicable: 2 };

function requirementTable(caption, rows) {
  const sorted = [...(rows ?? [])].sort((a, b) => (STATE_ORDER[a.status] ?? 3) - (STATE_ORDER[b.status] ?? 3));
  return dataTable({
    caption,
    columns: [{ label: 'Id' }, { label: 'Requirement' }, { label: 'Status' }, { label: 'Why' }],
    rows: sorted.map((r) => [r.id, r.title, stateBadge(r.status), r.why]),
    rowHeader: true,
    empty: 'None apply.',
  });
}

export function requirements(sheet) {
  const req = sheet.requirements ?? {};
  const open = [...(req.clauses ?? []), ...(req.controls ?? [])].filter((r) => r.status === 'open').length;
  return [
    h('p', {}, open ? `${counted(open, 'requirement is', 'requirements are')} still open; open ones are listed first.` : 'Every applicable requirement is satisfied.'),
    requirementTable('ISO/IEC 42001 clauses', req.clauses),
    requirementTable('Annex A controls', req.controls),
  ];
}
