/**
 * The AI incident log (`unshadow export incidents`): every incident with what happened, the
 * investigation, the corrective action (clause 10.2), the escalation to the vendor and any
 * report to an authority. Pure.
 */
import { INCIDENT_KIND_LABELS, INCIDENT_STATUS_LABELS, SEVERITY_LABELS, words } from '../../domain/words.js';
import { toCsv } from './csv.js';
import type { AuditDocument, DocumentControl } from './document.js';
import type { RegisterFormat } from './register.js';

/** One incident as the exports take it (the inventory's Incident fits). */
export interface IncidentExportRow {
  reference: string;
  status: string;
  severity: string;
  kind: string;
  title: string;
  system: { id: string; vendor: string; product: string };
  occurredOn?: string;
  description: string;
  investigation?: string;
  correctiveAction?: string;
  vendorEscalation?: string;
  escalatedOn?: string;
  authorityNotification?: string;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
}

const COLUMNS: { csv: string; key: string; label: string; width?: number; value: (i: IncidentExportRow) => string | null; words?: (i: IncidentExportRow) => string | null }[] = [
  { csv: 'reference', key: 'reference', label: 'Incident', width: 10, value: (i) => i.reference },
  { csv: 'ai_system', key: 'system', label: 'AI system', width: 26, value: (i) => `${i.system.product} (${i.system.vendor})` },
  { csv: 'status', key: 'status', label: 'Status', width: 14, value: (i) => i.status, words: (i) => words(INCIDENT_STATUS_LABELS, i.status) },
  { csv: 'severity', key: 'severity', label: 'Severity', width: 10, value: (i) => i.severity, words: (i) => words(SEVERITY_LABELS, i.severity) },
  { csv: 'kind', key: 'kind', label: 'Kind', width: 16, value: (i) => i.kind, words: (i) => words(INCIDENT_KIND_LABELS, i.kind) },
  { csv: 'title', key: 'title', label: 'Title', width: 36, value: (i) => i.title },
  { csv: 'occurred_on', key: 'occurredOn', label: 'Occurred on', width: 12, value: (i) => i.occurredOn ?? null },
  { csv: 'description', key: 'description', label: 'What happened', width: 50, value: (i) => i.description },
  { csv: 'investigation', key: 'investigation', label: 'Investigation', width: 50, value: (i) => i.investigation ?? null },
  { csv: 'corrective_action', key: 'correctiveAction', label: 'Corrective action', width: 50, value: (i) => i.correctiveAction ?? null },
  { csv: 'vendor_escalation', key: 'vendorEscalation', label: 'Escalation to the vendor', width: 40, value: (i) => i.vendorEscalation ?? null },
  { csv: 'escalated_on', key: 'escalatedOn', label: 'Escalated on', width: 12, value: (i) => i.escalatedOn ?? null },
  { csv: 'authority_notification', key: 'authorityNotification', label: 'Notification to an authority', width: 36, value: (i) => i.authorityNotification ?? null },
  { csv: 'opened_by', key: 'openedBy', label: 'Opened by', width: 20, value: (i) => i.openedBy },
  { csv: 'opened_at', key: 'openedAt', label: 'Opened', width: 12, value: (i) => i.openedAt, words: (i) => i.openedAt.slice(0, 10) },
  { csv: 'closed_at', key: 'closedAt', label: 'Closed', width: 12, value: (i) => i.closedAt, words: (i) => i.closedAt?.slice(0, 10) ?? null },
];

export function exportIncidents(incidents: readonly IncidentExportRow[], format: RegisterFormat): string {
  if (format === 'json') return `${JSON.stringify(incidents, null, 2)}\n`;
  return toCsv(
    COLUMNS.map((c) => c.csv),
    incidents.map((i) => COLUMNS.map((c) => c.value(i))),
  );
}

export function incidentsDocument(incidents: readonly IncidentExportRow[], control: DocumentControl): AuditDocument {
  const open = incidents.filter((i) => i.status !== 'closed');
  return {
    control,
    summary: [`${incidents.length} AI incident(s) recorded, ${open.length} not closed.`, 'Each is closed only with its corrective action (ISO/IEC 42001 clause 10.2).'],
    sections: [
      {
        heading: 'Incidents',
        table: {
          sheet: 'Incidents',
          title: 'Incidents',
          columns: COLUMNS.map((c) => ({ key: c.key, label: c.label, ...(c.width ? { width: c.width } : {}) })),
          rows: incidents.map((i) => Object.fromEntries(COLUMNS.map((c) => [c.key, (c.words ?? c.value)(i)]))),
        },
      },
    ],
  };
}
