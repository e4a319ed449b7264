import { z } from 'zod';
import { isoDate, shortText, strictInput, text, textList } from './validation.js';

/**
 * The organisation and its AI management system (AIMS), recorded once: who the organisation is,
 * the context its AIMS rests on (ISO/IEC 42001 clause 4.1 issues, 4.2 interested parties and
 * their requirements), the boundaries of its scope (4.3), who owns the AIMS documents, and how
 * each Annex A control is implemented.
 */

const interestedPartySchema = strictInput({ party: shortText, requirements: text });
export type InterestedParty = z.infer<typeof interestedPartySchema>;

const organisationFields = {
  name: shortText,
  legalName: shortText,
  description: text,
  sector: shortText,
  location: shortText,
  website: shortText,
  /** Clause 4.1: internal issues relevant to its purpose that affect the AIMS's outcomes. */
  internalIssues: textList,
  /** Clause 4.1: external issues (law, market, society, climate change as amended in 2024). */
  externalIssues: textList,
  /** Clause 4.2: the interested parties and what they require. */
  interestedParties: z.array(interestedPartySchema).max(100),
  /** Clause 4.3: what the AIMS covers: organisational units, sites, activities. */
  scopeBoundaries: text,
  /** Clause 4.3: where the AIMS meets what it does not cover (suppliers, group functions, customers). */
  scopeInterfaces: text,
  /** Clause 4.3: what the AIMS depends on that others provide (cloud, AI vendors, shared services). */
  scopeDependencies: text,
  /** Owner of the AIMS documents: named in every document's control block. */
  documentOwner: shortText,
  /** Classification printed on every document ("Internal", "Confidential"). */
  classification: shortText,
};

/** As stored: every answer optional until someone records it. */
export const organisationSchema = z.object(
  Object.fromEntries(Object.entries(organisationFields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof organisationFields]: z.ZodOptional<(typeof organisationFields)[K]>;
  },
);
export type Organisation = z.infer<typeof organisationSchema>;

/** A change to the record: only the fields given; `null` clears an answer. */
export const organisationChangeSchema = strictInput(
  Object.fromEntries(Object.entries(organisationFields).map(([key, schema]) => [key, schema.nullable().optional()])) as {
    [K in keyof typeof organisationFields]: z.ZodOptional<z.ZodNullable<(typeof organisationFields)[K]>>;
  },
);
export type OrganisationChange = z.infer<typeof organisationChangeSchema>;

/**
 * How far a control is implemented. `not_applicable` excludes an organisation-level control from
 * the statement of applicability, with the justification an auditor asks for.
 */
export const IMPLEMENTATION_STATUSES = ['not_started', 'planned', 'in_progress', 'implemented', 'not_applicable'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

const controlFields = {
  status: z.enum(IMPLEMENTATION_STATUSES),
  owner: shortText,
  /** How the organisation implements it, in a sentence or two. */
  implementation: text,
  /** Where the evidence is: a policy's id and version, a procedure, a ticket, a link. */
  evidence: text,
  /** Why it does not apply, for `not_applicable`. */
  justification: text,
  reviewedOn: isoDate,
  nextReviewOn: isoDate,
};

/** The implementation record of one Annex A control, as stored. */
export const controlRecordSchema = z.object(
  Object.fromEntries(Object.entries(controlFields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof controlFields]: z.ZodOptional<(typeof controlFields)[K]>;
  },
);
export type ControlRecord = z.infer<typeof controlRecordSchema>;

export const controlChangeSchema = strictInput(
  Object.fromEntries(Object.entries(controlFields).map(([key, schema]) => [key, schema.nullable().optional()])) as {
    [K in keyof typeof controlFields]: z.ZodOptional<z.ZodNullable<(typeof controlFields)[K]>>;
  },
);
export type ControlChange = z.infer<typeof controlChangeSchema>;

/** The documents unshadow writes for an audit, each approved on its own. */
export const DOCUMENT_KINDS = ['register', 'soa', 'scope', 'incidents'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const documentApprovalSchema = strictInput({
  /** The version being approved: the one the approver read. A newer document needs its own approval. */
  version: z.string().regex(/^r\d+$/, 'a document version such as r142'),
  /** Who approves, in words ("Dana Kowalski, CEO"); the caller when not given. */
  approvedBy: shortText.optional(),
  approvedOn: isoDate.optional(),
  note: text.optional(),
});
export type DocumentApprovalInput = z.infer<typeof documentApprovalSchema>;
