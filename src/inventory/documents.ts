import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.js';
import { auditLog, documentApprovals } from '../db/schema.js';
import { OperationError } from '../domain/errors.js';
import { DOCUMENT_KINDS, type DocumentApprovalInput, type DocumentKind } from '../domain/organisation.js';
import { actorWords, DOCUMENT_LABELS } from '../domain/words.js';
import type { Approval, DocumentControl } from '../register/exports/document.js';
import { VERSION } from '../version.js';
import { documentVersion, type ChangeAuthor } from './audit.js';
import { getOrganisation } from './organisation.js';

const IDENTIFIERS: Record<DocumentKind, string> = { register: 'AIMS-REG', soa: 'AIMS-SOA', scope: 'AIMS-SCOPE', incidents: 'AIMS-INC' };
const BASIS: Record<DocumentKind, string> = {
  register: 'ISO/IEC 42001:2023 clause 4.1 (roles), 6.1.2 to 6.1.4, Annex A.4 (resources), A.5, A.9 and A.10.3',
  soa: 'ISO/IEC 42001:2023 clause 6.1.3 d) and Annex A',
  scope: 'ISO/IEC 42001:2023 clauses 4.1, 4.2 and 4.3',
  incidents: 'ISO/IEC 42001:2023 clause 10.2 and Annex A.8.4; EU AI Act Art. 26(5) and 73',
};

/** The latest approval of each document kind. */
async function latestApprovals(db: Db): Promise<Map<string, { approvedBy: string; approvedOn: string; version: string }>> {
  const rows = await queryRows<{ kind: string; approved_by: string; approved_on: string | Date; version: string }>(
    db,
    sql`select distinct on (kind) kind, approved_by, approved_on, version from document_approvals order by kind, id desc`,
  );
  return new Map(rows.map((row) => [row.kind, { approvedBy: row.approved_by, approvedOn: typeof row.approved_on === 'string' ? row.approved_on.slice(0, 10) : row.approved_on.toISOString().slice(0, 10), version: row.version }]));
}

/** The control block of a document as of now: organisation, version, owner, latest approval. */
export async function documentControl(db: Db, kind: DocumentKind, options: { organisation?: string; now?: Date } = {}): Promise<DocumentControl> {
  const record = await getOrganisation(db);
  const version = await documentVersion(db);
  const approval = (await latestApprovals(db)).get(kind);
  return {
    kind,
    title: DOCUMENT_LABELS[kind]!,
    identifier: IDENTIFIERS[kind],
    organisation: options.organisation ?? record.name ?? 'the organisation',
    version,
    generatedAt: (options.now ?? new Date()).toISOString(),
    generator: `unshadow ${VERSION}`,
    owner: record.documentOwner ?? null,
    classification: record.classification ?? null,
    basis: BASIS[kind],
    approval: approval ? ({ ...approval, current: approval.version === version } satisfies Approval) : null,
  };
}

/** Every document with its current version and latest approval: what awaits approval. */
export async function listDocuments(db: Db): Promise<{ kind: DocumentKind; title: string; version: string; approval: Approval | null }[]> {
  const version = await documentVersion(db);
  const approvals = await latestApprovals(db);
  return DOCUMENT_KINDS.map((kind) => {
    const approval = approvals.get(kind);
    return { kind, title: DOCUMENT_LABELS[kind]!, version, approval: approval ? { ...approval, current: approval.version === version } : null };
  });
}

/**
 * Records the approval of a document in the version the approver read; a document that has
 * changed since is refused, so an approval always names what was approved. Audited.
 */
export async function approveDocument(db: Db, kind: DocumentKind, input: DocumentApprovalInput, author: ChangeAuthor): Promise<Approval> {
  const current = await documentVersion(db);
  if (input.version !== current) {
    throw new OperationError(`the ${DOCUMENT_LABELS[kind]} is now version ${current}, not ${input.version}: it changed since it was read`, 'Read the current version and approve that one.');
  }
  const approvedBy = input.approvedBy ?? actorWords(author.actor);
  const approvedOn = input.approvedOn ?? new Date().toISOString().slice(0, 10);
  await db.transaction(async (tx) => {
    await tx.insert(documentApprovals).values({ kind, version: current, approvedBy, approvedOn, recordedBy: author.actor });
    await tx.insert(auditLog).values({ actor: author.actor, entityType: 'document', entityId: kind, action: 'approved', field: 'approval', before: null, after: { version: current, approvedBy, approvedOn }, reason: author.reason ?? input.note ?? null });
  });
  return { approvedBy, approvedOn, version: current, current: true };
}
