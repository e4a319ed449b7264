import { z } from 'zod';
import { isoDate, shortText, strictInput, text } from './validation.js';

/**
 * AI incidents: harmful, biased or wrong output, data exposure or misuse of an AI system, with
 * what was done about it. ISO/IEC 42001 clause 10.2 (nonconformity and corrective action) asks
 * users and builders alike to react, investigate and correct; Annex A.8.4 to communicate
 * incidents; the EU AI Act Art. 26(5) and 73 to inform providers and authorities.
 */

export const INCIDENT_KINDS = ['harmful_output', 'biased_output', 'wrong_output', 'data_exposure', 'misuse', 'security', 'other'] as const;
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** Open → investigating → closed; a closed incident can be reopened (back to investigating). */
export const INCIDENT_STATUSES = ['open', 'investigating', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const answers = {
  title: shortText,
  kind: z.enum(INCIDENT_KINDS),
  severity: z.enum(INCIDENT_SEVERITIES),
  occurredOn: isoDate,
  /** What happened, who or what was affected. */
  description: text,
  investigation: text,
  correctiveAction: text,
  /** What the vendor was told and answered, with its reference ("ticket 4411, fix promised"). */
  vendorEscalation: text,
  escalatedOn: isoDate,
  /** A report to an authority (EU AI Act Art. 73 for providers, 26(5) for deployers), if any. */
  authorityNotification: text,
};

/** The answers of an incident, as stored (status and dates live in columns). */
export const incidentRecordSchema = z.object({
  ...answers,
  occurredOn: answers.occurredOn.optional(),
  investigation: answers.investigation.optional(),
  correctiveAction: answers.correctiveAction.optional(),
  vendorEscalation: answers.vendorEscalation.optional(),
  escalatedOn: answers.escalatedOn.optional(),
  authorityNotification: answers.authorityNotification.optional(),
});
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

export const newIncidentSchema = strictInput({
  title: answers.title,
  kind: answers.kind,
  severity: answers.severity,
  occurredOn: answers.occurredOn.optional(),
  description: answers.description,
  note: text.optional(),
});
export type NewIncident = z.infer<typeof newIncidentSchema>;

export const incidentChangeSchema = strictInput({
  status: z.enum(INCIDENT_STATUSES).optional(),
  title: answers.title.optional(),
  kind: answers.kind.optional(),
  severity: answers.severity.optional(),
  occurredOn: answers.occurredOn.nullable().optional(),
  description: answers.description.optional(),
  investigation: answers.investigation.nullable().optional(),
  correctiveAction: answers.correctiveAction.nullable().optional(),
  vendorEscalation: answers.vendorEscalation.nullable().optional(),
  escalatedOn: answers.escalatedOn.nullable().optional(),
  authorityNotification: answers.authorityNotification.nullable().optional(),
  /** Why: recorded with every change in the audit trail. */
  note: text.optional(),
});
export type IncidentChange = z.infer<typeof incidentChangeSchema>;
