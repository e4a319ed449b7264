import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { aiSystems, auditLog, incidents } from '../db/schema.js';
import { systemSnapshot } from './event-facts.js';
import { UserError } from '../domain/errors.js';
import { type IncidentChange, type IncidentRecord, incidentRecordSchema, type IncidentStatus, type NewIncident } from '../domain/incidents.js';
import { applyChange } from '../domain/validation.js';
import { SEVERITY_LABELS, words } from '../domain/words.js';
import { auditChanges, type ChangeAuthor, diffFields, type FieldChange, invalid } from './audit.js';
import { emitEvents } from './events.js';
import { type HistoryEntry, historyOf } from './history.js';

/** One incident as every reader gets it: the answers, where it stands, and its AI system. */
export interface Incident extends IncidentRecord {
  id: string;
  /** "INC-7": what people quote. */
  reference: string;
  status: IncidentStatus;
  system: { id: string; vendor: string; product: string };
  openedBy: string;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export const incidentReference = (number: number) => `INC-${number}`;

const columns = {
  id: incidents.id,
  number: incidents.number,
  status: incidents.status,
  record: incidents.record,
  openedBy: incidents.openedBy,
  openedAt: incidents.openedAt,
  updatedAt: incidents.updatedAt,
  closedAt: incidents.closedAt,
  systemId: aiSystems.id,
  vendor: aiSystems.vendor,
  product: aiSystems.product,
};

type Row = { id: string; number: number; status: IncidentStatus; record: Record<string, unknown>; openedBy: string; openedAt: Date; updatedAt: Date; closedAt: Date | null; systemId: string; vendor: string; product: string };

function toIncident(row: Row): Incident {
  return {
    ...incidentRecordSchema.parse(row.record),
    id: row.id,
    reference: incidentReference(row.number),
    status: row.status,
    system: { id: row.systemId, vendor: row.vendor, product: row.product },
    openedBy: row.openedBy,
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export interface IncidentFilter {
  aiSystemId?: string;
  /** Only those not closed. */
  open?: boolean;
  status?: IncidentStatus;
}

/** Incidents, newest first. */
export async function listIncidents(db: Db | Tx, filter: IncidentFilter = {}): Promise<Incident[]> {
  const conditions = [];
  if (filter.aiSystemId) conditions.push(eq(incidents.aiSystemId, filter.aiSystemId));
  if (filter.open) conditions.push(ne(incidents.status, 'closed'));
  if (filter.status) conditions.push(eq(incidents.status, filter.status));
  const rows = await db
    .select(columns)
    .from(incidents)
    .innerJoin(aiSystems, eq(aiSystems.id, incidents.aiSystemId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(incidents.openedAt), desc(incidents.number));
  return (rows as Row[]).map(toIncident);
}

/** By its reference (INC-7, or 7) or its id. */
export async function findIncident(db: Db | Tx, reference: string): Promise<Incident> {
  const number = /^(?:inc-)?(\d{1,9})$/i.exec(reference.trim())?.[1];
  const uuid = /^[0-9a-f-]{36}$/i.test(reference.trim()) ? reference.trim() : undefined;
  const rows = number || uuid
    ? await db
        .select(columns)
        .from(incidents)
        .innerJoin(aiSystems, eq(aiSystems.id, incidents.aiSystemId))
        .where(number ? eq(incidents.number, Number(number)) : eq(incidents.id, uuid!))
    : [];
  if (rows.length === 0) throw new UserError(`no incident '${reference}'`, 'Run `unshadow incidents list` to see them (INC-1, INC-2, …).');
  return toIncident(rows[0] as Row);
}

export async function incidentHistory(db: Db, incident: Pick<Incident, 'id' | 'reference'>): Promise<HistoryEntry[]> {
  return historyOf(db, [{ type: 'incident', id: incident.id, label: `Incident ${incident.reference}` }]);
}

/**
 * Opens an incident against an AI system: the record, an audit entry naming it, and an
 * `incident.opened` event for the alert rules, in one transaction.
 */
export async function openIncident(db: Db, aiSystemId: string, input: NewIncident, author: ChangeAuthor): Promise<Incident> {
  const { note: _note, ...answers } = input;
  const record = incidentRecordSchema.parse(answers);
  const id = await db.transaction(async (tx) => {
    const [system] = await tx.select().from(aiSystems).where(eq(aiSystems.id, aiSystemId));
    if (!system) throw new UserError(`no AI system with id '${aiSystemId}'`, 'Run `unshadow inventory list` to see the ids.');
    const [row] = await tx.insert(incidents).values({ aiSystemId, severity: record.severity, record, openedBy: author.actor }).returning({ id: incidents.id, number: incidents.number });
    const reference = incidentReference(row!.number);
    await tx.insert(auditLog).values({ actor: author.actor, entityType: 'incident', entityId: row!.id, action: 'incident_opened', field: null, before: null, after: { title: record.title, kind: record.kind, severity: record.severity }, reason: author.reason ?? null });
    await emitEvents(tx, [
      {
        type: 'incident.opened',
        dedupKey: `incident.opened:${row!.id}`,
        aiSystemId,
        detail: {
          summary: `${reference} opened on ${system.product}: ${record.title} (${words(SEVERITY_LABELS, record.severity).toLowerCase()} severity)`,
          system: systemSnapshot(system.id, system),
          sources: [],
          evidence: { incident: reference, kind: record.kind, severity: record.severity, description: record.description.slice(0, 500) },
        },
      },
    ]);
    return row!.id;
  });
  return findIncident(db, id);
}

/**
 * Records the investigation, corrective action, vendor escalation and status of an incident, one
 * audit entry per changed answer. Closing needs the corrective action (clause 10.2); reopening a
 * closed incident puts it back under investigation.
 */
export async function updateIncident(db: Db, reference: string, change: IncidentChange, author: ChangeAuthor): Promise<{ incident: Incident; changes: FieldChange[] }> {
  const current = await findIncident(db, reference);
  const changes = await db.transaction(async (tx) => {
    const [row] = await tx.select({ status: incidents.status, record: incidents.record }).from(incidents).where(eq(incidents.id, current.id)).for('update');
    const before = incidentRecordSchema.parse(row!.record);
    const { status: givenStatus, note: _note, ...answers } = change;
    const merged = incidentRecordSchema.safeParse(applyChange(before, answers));
    if (!merged.success) throw invalid('incident', merged.error, 'incidents update');
    const status = givenStatus ?? row!.status;
    if (status === 'closed' && !merged.data.correctiveAction) {
      throw new UserError(`${current.reference} cannot be closed without its corrective action`, 'Record what was done to correct it and keep it from happening again (--corrective-action); clause 10.2 asks for it.');
    }
    const fieldChanges = [...(status !== row!.status ? [{ field: 'status', before: row!.status, after: status }] : []), ...diffFields(before, merged.data)];
    if (fieldChanges.length === 0) return fieldChanges;
    const closing = status === 'closed' && row!.status !== 'closed';
    const reopening = status !== 'closed' && row!.status === 'closed';
    await tx
      .update(incidents)
      .set({ status, severity: merged.data.severity, record: merged.data, updatedAt: new Date(), ...(closing ? { closedAt: new Date() } : reopening ? { closedAt: null } : {}) })
      .where(eq(incidents.id, current.id));
    await auditChanges(tx, { type: 'incident', id: current.id, action: 'incident_updated' }, fieldChanges, author);
    return fieldChanges;
  });
  return { incident: await findIncident(db, current.id), changes };
}
