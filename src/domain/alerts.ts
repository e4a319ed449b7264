import { z } from 'zod';
import { RISK_TIERS } from './register.js';
import { OBSERVATION_KINDS, type ObservationKind } from './observation.js';

/**
 * Alerts: the events the inventory emits, the rules that select them and the channels that
 * deliver them. Schemas here validate what the CLI, the database and job payloads carry.
 */

export const EVENT_TYPES = ['ai_system.discovered', 'ai_system.use_widened', 'grant.high_exposure', 'dependency.added', 'review.overdue', 'scan.failed', 'incident.opened', 'network.new_ai_domain', 'endpoint.new_ai_app'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The AI system as it was when the event was emitted, so an event reads on its own. */
export interface EventSystem {
  id: string;
  vendor: string;
  product: string;
  category: string;
  confidence: number;
}

/** What an event says beyond its type: the system, the evidence that triggered it, in words. */
export interface EventDetail {
  summary: string;
  system?: EventSystem;
  /** The observation kinds behind it (oauth_grant, dependency, …): rules filter on them. */
  sources: string[];
  evidence: Record<string, unknown>;
}

/** An event about to be written; the dedup key names the fact it reports. */
export interface NewEvent {
  type: EventType;
  dedupKey: string;
  aiSystemId?: string;
  connectionId?: string;
  scanId?: string;
  detail: EventDetail;
}

/** A stored event as rules, messages and the CLI see it. */
export interface AlertEvent extends EventDetail {
  id: string;
  type: EventType;
  at: string;
  connection?: { id: string; name: string; kind: string };
  scanId?: string;
}

/** Risk tiers from least to most severe: `--min-tier high` selects high and prohibited. */
export const TIER_ORDER = [...RISK_TIERS].reverse();

export const ruleFilterSchema = z.strictObject({
  types: z.array(z.enum(EVENT_TYPES)).default([]),
  minConfidence: z.number().min(0).max(1).optional(),
  minPriority: z.number().int().min(0).max(100).optional(),
  minTier: z.enum(RISK_TIERS).optional(),
  categories: z.array(z.string().min(1)).default([]),
  sources: z.array(z.enum(OBSERVATION_KINDS as [ObservationKind, ...ObservationKind[]])).default([]),
  /** Connection names. */
  connections: z.array(z.string().min(1)).default([]),
});
export type RuleFilter = z.infer<typeof ruleFilterSchema>;

export const CHANNEL_KINDS = ['slack', 'teams', 'webhook', 'email', 'file'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Non-secret channel settings, stored as they are; secrets live apart (see SECRET_OPTIONS). */
export const channelConfigSchemas = {
  slack: z.strictObject({}),
  teams: z.strictObject({}),
  webhook: z.strictObject({}),
  email: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  /**
   * `-` is stdout. `confined`: added over the API, so `path` is a file name inside the
   * operator's UNSHADOW_ALERT_FILE_DIR, never a path of the caller's choosing.
   */
  file: z.strictObject({ path: z.string().min(1), confined: z.boolean().optional() }),
} as const;

/** Which options of each channel are secrets: a Slack or Teams webhook URL is a credential. */
export const SECRET_OPTIONS: Record<ChannelKind, { name: string; required: boolean }[]> = {
  slack: [{ name: 'url', required: true }],
  teams: [{ name: 'url', required: true }],
  webhook: [
    { name: 'url', required: true },
    { name: 'signingSecret', required: true },
  ],
  email: [{ name: 'password', required: false }],
  file: [],
};

/** One alert rule as stored. */
export interface AlertRule {
  id: string;
  name: string;
  channel: ChannelKind;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  filter: RuleFilter;
  /** One alert per AI system per rule within this many seconds. */
  cooldownSeconds: number;
  /** Collect the day's (UTC) events into one message, sent after midnight. */
  digest: boolean;
  createdAt: Date;
}

/** A review left waiting this long at a triage priority this high is overdue. */
export const REVIEW_OVERDUE_MIN_PRIORITY = 60;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Attempts per delivery before it is given up and shown as failed in `alerts history`. */
export const DELIVERY_ATTEMPTS = 6;
