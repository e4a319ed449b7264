import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { controlRecords, organisation } from '../db/schema.js';
import { UserError } from '../domain/errors.js';
import { type ControlChange, type ControlRecord, controlRecordSchema, type Organisation, type OrganisationChange, organisationSchema } from '../domain/organisation.js';
import { applyChange } from '../domain/validation.js';
import { ANNEX_A_CONTROLS } from '../register/reference.js';
import { controlKind } from '../register/requirements.js';
import { auditChanges, type ChangeAuthor, diffFields, type FieldChange, invalid } from './audit.js';
import { type HistoryEntry, historyOf } from './history.js';

const ORGANISATION_ID = 'organisation';

export async function getOrganisation(db: Db): Promise<Organisation> {
  const [row] = await db.select({ record: organisation.record }).from(organisation).where(eq(organisation.id, ORGANISATION_ID));
  return organisationSchema.parse(row?.record ?? {});
}

export async function organisationHistory(db: Db): Promise<HistoryEntry[]> {
  return historyOf(db, [{ type: 'organisation', id: ORGANISATION_ID }]);
}

/** Records the organisation and its AIMS context once, one audit entry per changed answer. */
export async function recordOrganisation(db: Db, change: OrganisationChange, author: ChangeAuthor): Promise<FieldChange[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ record: organisation.record }).from(organisation).where(eq(organisation.id, ORGANISATION_ID)).for('update');
    const before = organisationSchema.parse(row?.record ?? {});
    const merged = organisationSchema.safeParse(applyChange(before, change));
    if (!merged.success) throw invalid('organisation record', merged.error, 'organisation set');
    const changes = diffFields(before, merged.data);
    if (changes.length === 0) return changes;
    await tx
      .insert(organisation)
      .values({ id: ORGANISATION_ID, record: merged.data })
      .onConflictDoUpdate({ target: organisation.id, set: { record: merged.data, updatedAt: new Date() } });
    await auditChanges(tx, { type: 'organisation', id: ORGANISATION_ID, action: 'organisation' }, changes, author);
    return changes;
  });
}

/** The recorded implementation of every control someone recorded, by control id. */
export async function controlRecordMap(db: Db): Promise<Map<string, ControlRecord>> {
  const rows = await db.select().from(controlRecords);
  return new Map(rows.map((row) => [row.controlId, controlRecordSchema.parse(row.record)]));
}

function knownControl(id: string): string {
  const control = ANNEX_A_CONTROLS.find((c) => c.id.toLowerCase() === id.trim().toLowerCase());
  if (!control) throw new UserError(`no ISO/IEC 42001 Annex A control '${id}'`, `The controls are ${ANNEX_A_CONTROLS[0]!.id} … ${ANNEX_A_CONTROLS.at(-1)!.id}; run \`unshadow controls list\`.`);
  return control.id;
}

/**
 * Records how one Annex A control is implemented. The status of a control that every AI system
 * satisfies on its own (impact assessment, intended use, supplier review) comes from the reviews,
 * so only its owner, evidence and review dates are recorded here; an organisation-level control
 * may be excluded (not applicable) with a justification.
 */
export async function recordControl(db: Db, id: string, change: ControlChange, author: ChangeAuthor): Promise<{ control: string; changes: FieldChange[] }> {
  const control = knownControl(id);
  const kind = controlKind(control);
  if (change.status && kind === 'per_system') {
    throw new UserError(
      `the implementation status of ${control} comes from the AI system reviews`,
      'Record what each AI system needs on its review (use context, oversight, vendor due diligence); here record its owner, evidence and review dates.',
    );
  }
  if (change.status === 'not_applicable' && kind !== 'organisation') {
    throw new UserError(`${control} cannot be excluded here: whether it applies follows from the organisation's roles for its AI systems`, 'Only the organisation-level controls (A.2–A.4) can be recorded as not applicable.');
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ record: controlRecords.record }).from(controlRecords).where(eq(controlRecords.controlId, control)).for('update');
    const before = controlRecordSchema.parse(row?.record ?? {});
    const merged = controlRecordSchema.safeParse(applyChange(before, change));
    if (!merged.success) throw invalid('control record', merged.error, 'controls set');
    if (merged.data.status === 'not_applicable' && !merged.data.justification) {
      throw new UserError(`excluding ${control} needs a justification`, 'Add --justification "<why the control does not apply>"; an auditor asks for it.');
    }
    const changes = diffFields(before, merged.data);
    if (changes.length === 0) return { control, changes };
    await tx
      .insert(controlRecords)
      .values({ controlId: control, record: merged.data })
      .onConflictDoUpdate({ target: controlRecords.controlId, set: { record: merged.data, updatedAt: new Date() } });
    await auditChanges(tx, { type: 'control', id: control, action: 'control' }, changes, author);
    return { control, changes };
  });
}

export async function controlHistory(db: Db, id: string): Promise<HistoryEntry[]> {
  return historyOf(db, [{ type: 'control', id: knownControl(id) }]);
}
