import { z } from 'zod';
import type { EndpointSignals } from './endpoint-signals.js';
import { EXPOSURE_LEVELS, type ExposureLevel } from './scope-exposure.js';
import { isoDate, shortText, strictInput, text, textList } from './validation.js';

/**
 * The AI system register's words: what a reviewer records about an AI system and what
 * unshadow suggests. Role ids are ISO/IEC 22989 clause 5.19 as ISO/IEC 42001 uses them
 * (shared/reference/iso42001/roles.json); domains are the EU AI Act Annex III areas plus
 * health, legal rights and internal productivity.
 */

/** Review statuses of an AI system, from found to decided; "not AI" keeps a false positive out for good. */
export const AI_SYSTEM_STATUSES = ['discovered', 'in_review', 'approved', 'approved_with_conditions', 'restricted', 'prohibited', 'not_ai'] as const;
export type AiSystemStatus = (typeof AI_SYSTEM_STATUSES)[number];

export const ORG_ROLES = ['ai_customer', 'ai_provider', 'ai_producer', 'ai_partner'] as const;
export const orgRoleSchema = z.enum(ORG_ROLES);
export type OrgRole = z.infer<typeof orgRoleSchema>;

export const USE_DOMAINS = [
  'biometrics',
  'critical_infrastructure',
  'education',
  'employment',
  'essential_services',
  'law_enforcement',
  'migration',
  'justice',
  'health',
  'legal_rights',
  'internal_productivity',
] as const;
export const useDomainSchema = z.enum(USE_DOMAINS);
export type UseDomain = z.infer<typeof useDomainSchema>;

/** Review decisions that close the risk treatment of a system; wider use later reopens them. */
export const DECIDED_STATUSES: readonly string[] = ['approved', 'approved_with_conditions', 'restricted', 'prohibited'];

export const RISK_TIERS = ['prohibited', 'high', 'limited', 'minimal'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** The use context a reviewer records: what the system is used for, by whom, on what data. */
export const useContextSchema = z.object({
  purpose: z.string().trim().min(1).optional(),
  owner: z.string().trim().min(1).optional(),
  departments: z.array(z.string().trim().min(1)).default([]),
  /** Decisions the system's outputs affect ("shortlists candidates", "drafts replies"). */
  decisions: z.string().trim().min(1).optional(),
  /** Data categories it touches: personal, special-category, customer, source code, financial… */
  dataCategories: z.array(z.string().trim().min(1)).default([]),
  domain: useDomainSchema.optional(),
  /** Its outputs are shown to people who may not know they come from AI (transparency duty). */
  interactsWithPublic: z.boolean().optional(),
  /** The organisation ships it, or something built with it, to customers. */
  shippedToCustomers: z.boolean().optional(),
});
export type UseContext = z.infer<typeof useContextSchema>;

/**
 * A change to the use context: only the fields given. (`.partial()` would keep the list
 * defaults, and a change of purpose alone would then erase the recorded departments.)
 */
export const useContextChangeSchema = useContextSchema.extend({
  departments: z.array(z.string().trim().min(1)).optional(),
  dataCategories: z.array(z.string().trim().min(1)).optional(),
});

/** Human oversight: who reviews the outputs, when, and how a person overrides them. */
export const oversightSchema = z.object({
  reviewer: z.string().trim().min(1).optional(),
  when: z.string().trim().min(1).optional(),
  override: z.string().trim().min(1).optional(),
});
export type Oversight = z.infer<typeof oversightSchema>;

export const CERTIFICATIONS = ['iso42001', 'iso27001', 'iso27701', 'soc2'] as const;

/** A document kept elsewhere (a DPA, a SOC 2 report, a policy): its title and where to find it. */
export const documentReferenceSchema = strictInput({ title: shortText, reference: shortText });
export type DocumentReference = z.infer<typeof documentReferenceSchema>;

/** Vendor due diligence (ISO/IEC 42001 Annex A.10.3), as stored. */
export const vendorDiligenceSchema = z.object({
  certifications: z.array(z.enum(CERTIFICATIONS)).default([]),
  dataProcessingAgreement: z.boolean().optional(),
  trainsOnCustomerData: z.boolean().optional(),
  /** Where the vendor stores and processes the organisation's data ("EU (Frankfurt)"). */
  dataResidency: text.optional(),
  subprocessors: textList.optional(),
  incidentNotification: text.optional(),
  modelDocumentation: z.boolean().optional(),
  /** Who in the organisation owns the relationship and this review. */
  owner: shortText.optional(),
  documents: z.array(documentReferenceSchema).max(100).optional(),
  /** ISO date of the last review. */
  reviewedOn: isoDate.optional(),
  /** ISO date the next review is due; a year after the last one when not set. */
  nextReviewOn: isoDate.optional(),
});
export type VendorDiligence = z.infer<typeof vendorDiligenceSchema>;

/** A change to a vendor's due diligence: only the fields given; `null` clears an answer. */
export const vendorDiligenceChangeSchema = strictInput({
  certifications: z.array(z.enum(CERTIFICATIONS)).optional(),
  dataProcessingAgreement: z.boolean().nullable().optional(),
  trainsOnCustomerData: z.boolean().nullable().optional(),
  dataResidency: text.nullable().optional(),
  subprocessors: textList.optional(),
  incidentNotification: text.nullable().optional(),
  modelDocumentation: z.boolean().nullable().optional(),
  owner: shortText.nullable().optional(),
  documents: z.array(documentReferenceSchema).max(100).optional(),
  reviewedOn: isoDate.nullable().optional(),
  nextReviewOn: isoDate.nullable().optional(),
});
export type VendorDiligenceChange = z.infer<typeof vendorDiligenceChangeSchema>;

/** When a dated record (vendor review, control review) is due again: its next date, or a year after the last. */
export function reviewDueOn(record: { reviewedOn?: string; nextReviewOn?: string }): string | undefined {
  if (record.nextReviewOn) return record.nextReviewOn;
  if (!record.reviewedOn) return undefined;
  const [year, month, day] = record.reviewedOn.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + 1, month - 1, day)).toISOString().slice(0, 10);
}

/** What reviewers recorded about one AI system (ai_systems.review). */
export const reviewSchema = z.object({
  /** The organisation's confirmed roles; absent until a reviewer decides (the suggestion stays beside it). */
  roles: z.array(orgRoleSchema).min(1).optional(),
  useContext: useContextSchema.default({ departments: [], dataCategories: [] }),
  oversight: oversightSchema.default({}),
  /** For "approved with conditions" and "restricted": what the conditions are. */
  conditions: z.string().trim().min(1).optional(),
  /** Usage when the decision was made, set by unshadow: wider use later reopens the review. */
  baseline: z.object({ users: z.number().int().min(0), exposure: z.enum(EXPOSURE_LEVELS) }).optional(),
});
export type Review = z.infer<typeof reviewSchema>;

/**
 * A review decision as the CLI and the API take it: only the fields given; `null` clears a
 * recorded answer (an emptied field in the console), an absent field leaves it as it is.
 */
export const reviewChangeSchema = strictInput({
  status: z.enum(AI_SYSTEM_STATUSES).optional(),
  /** `null` takes the decision back: the roles are undecided again and the suggestion stands. */
  roles: z.array(orgRoleSchema).min(1).nullable().optional(),
  useContext: strictInput({
    purpose: text.nullable().optional(),
    owner: shortText.nullable().optional(),
    departments: z.array(shortText).max(200).optional(),
    decisions: text.nullable().optional(),
    dataCategories: z.array(shortText).max(200).optional(),
    domain: useDomainSchema.nullable().optional(),
    interactsWithPublic: z.boolean().nullable().optional(),
    shippedToCustomers: z.boolean().nullable().optional(),
  }).optional(),
  oversight: strictInput({ reviewer: shortText.nullable().optional(), when: text.nullable().optional(), override: text.nullable().optional() }).optional(),
  conditions: text.nullable().optional(),
});
export type ReviewChange = z.infer<typeof reviewChangeSchema>;

/** What the register knows of one AI system: inventory facts, catalog hints and the review. */
export interface RegisterEntry {
  id: string;
  vendor: string;
  product: string;
  category: string;
  catalogId: string | null;
  status: string;
  /** Observation counts by kind: expense, oauth_grant, licence, dependency, app_install, repo_artefact. */
  sources: Record<string, number>;
  users: number;
  /** Monthly spend in the main currency, when there is spend. */
  monthlySpend?: { amount: number; currency: string };
  /** Highest data exposure rated on its OAuth grants. */
  exposure?: ExposureLevel;
  /** What network logs, browser extensions and desktop apps say of it, where it has such evidence. */
  endpoint?: EndpointSignals;
  hints: { processesPersonalData: boolean; trainsOnCustomerDataByDefault?: boolean; hrEmploymentUse: boolean; impliedRole: 'user' | 'developer' };
  roles?: OrgRole[];
  useContext: UseContext;
  oversight: Oversight;
  conditions?: string;
  vendorDiligence?: VendorDiligence;
  /** Spend in every currency it was paid in, the largest first (monthlySpend is the first). */
  spend?: { currency: string; total: number; months: number; monthlyAverage: number }[];
  /** The last decision on its status: who (in words), when, and the note given. */
  decision?: { status: string; by: string; at: string; note?: string };
  /** The last change to any answer of its review. */
  lastReviewed?: { by: string; at: string };
  /** Its AI incidents, newest first. */
  incidents?: { id: string; reference: string; title: string; status: string; severity: string; correctiveAction?: string }[];
  /** Its evidence in a sentence per source: how many records, over which dates, from which connections. */
  evidenceSummary?: string[];
  firstSeen?: string;
  lastSeen?: string;
}
