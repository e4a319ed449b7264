/** Status, tier and level badges: the label is always written out, the colour only repeats it. */
import { h } from '../dom.js';
import { EXPOSURE_LEVELS, label, RISK_TIERS, STATUSES } from '../vocab.js';

const TONES = {
  discovered: 'neutral',
  in_review: 'info',
  approved: 'good',
  approved_with_conditions: 'caution',
  restricted: 'warn',
  prohibited: 'bad',
  not_ai: 'muted',
};

export function statusBadge(status) {
  return h('span', { class: `badge badge--${TONES[status] ?? 'neutral'}` }, label(STATUSES, status));
}

const TIER_TONES = { minimal: 'good', limited: 'caution', high: 'warn', prohibited: 'bad' };

export function tierBadge(tier) {
  return h('span', { class: `badge badge--${TIER_TONES[tier] ?? 'neutral'}` }, `${label(RISK_TIERS, tier)} tier`);
}

const LEVEL_TONES = { none: 'muted', low: 'good', medium: 'caution', high: 'bad' };

/** Data exposure of OAuth grants, triage reach and the like: "High exposure". */
export function levelBadge(level, noun) {
  return h('span', { class: `badge badge--${LEVEL_TONES[level] ?? 'neutral'}` }, `${label(EXPOSURE_LEVELS, level)} ${noun}`);
}

const STATE_TONES = {
  running: 'info',
  completed: 'good',
  failed: 'bad',
  pending: 'info',
  delivered: 'good',
  satisfied: 'good',
  open: 'warn',
  not_applicable: 'muted',
  paused: 'muted',
  active: 'good',
  investigating: 'info',
  closed: 'good',
  current: 'good',
  overdue: 'bad',
  not_recorded: 'warn',
  implemented: 'good',
  partially_implemented: 'caution',
  in_progress: 'info',
  planned: 'caution',
  not_started: 'warn',
  approved: 'good',
  not_approved: 'warn',
};

/** Scan, delivery, requirement, schedule, incident, vendor review and control states. */
export function stateBadge(state, text = String(state).replace(/_/g, ' ')) {
  return h('span', { class: `badge badge--${STATE_TONES[state] ?? 'neutral'}` }, text);
}
