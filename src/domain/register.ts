import { z } from 'zod';
import { EXPOSURE_LEVELS, type ExposureLevel } from './scope-exposure.js';

/**
 * The AI system register's words: what a reviewer records about an AI system and what
 * unshadow suggests. Role ids are ISO/IEC 22989 clause 5.19 as ISO/IEC 42001 uses them
 * (shared/reference/iso42001/roles.json); domains are the EU AI Act Annex III areas plus
 * health, legal rights and internal productivity.
 */

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

/** Vendor due diligence (ISO/IEC 42001 Annex A.10.3). */
export const vendorDiligenceSchema = z.object({
  certifications: z.array(z.enum(['iso42001', 'iso27001', 'soc2'])).default([]),
  dataProcessingAgreement: z.boolean().optional(),
  trainsOnCustomerData: z.boolean().optional(),
  incidentNotification: z.string().trim().min(1).optional(),
  modelDocumentation: z.boolean().optional(),
  /** ISO date of the last review. */
  reviewedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type VendorDiligence = z.infer<typeof vendorDiligenceSchema>;

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
  hints: { processesPersonalData: boolean; trainsOnCustomerDataByDefault?: boolean; hrEmploymentUse: boolean; impliedRole: 'user' | 'developer' };
  roles?: OrgRole[];
  useContext: UseContext;
  oversight: Oversight;
  conditions?: string;
  vendorDiligence?: VendorDiligence;
}
