/**
 * The statement of applicability (`unshadow export soa`, ISO/IEC 42001 clause 6.1.3 d)): every
 * Annex A control, applicable or not, with the justification derived from the register, and how
 * far each is implemented, by whom, with what evidence. Pure.
 */
import { IMPLEMENTATION_LABELS, words } from '../../domain/words.js';
import { controlKind, type SoaRow } from '../requirements.js';
import { control as annexA } from '../reference.js';
import { toCsv } from './csv.js';
import type { AuditDocument, DocumentControl } from './document.js';
import type { RegisterFormat } from './register.js';

export function exportSoa(rows: readonly SoaRow[], format: RegisterFormat): string {
  switch (format) {
    case 'csv':
      return toCsv(
        ['control', 'title', 'applicable', 'justification', 'ai_systems', 'implementation', 'implementation_note', 'owner', 'implementation_description', 'evidence', 'reviewed_on', 'next_review_on'],
        rows.map((row) => [row.id, row.title, row.applicable ? 'yes' : 'no', row.justification, row.systems.join(' '), row.implementation, row.implementationNote, row.owner, row.implementationDescription, row.evidence, row.reviewedOn, row.nextReviewOn]),
      );
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    default: {
      const unknown: never = format;
      throw new Error(`unknown format: ${String(unknown)}`);
    }
  }
}

const KIND_WORDS = { organisation: 'Organisation-level', per_system: 'Met by each AI system', process: 'A process of the organisation' } as const;

/** Organisation-level controls not yet implemented (nor excluded): what keeps the SoA from being complete. */
export function openOrganisationControls(rows: readonly SoaRow[]): SoaRow[] {
  return rows.filter((row) => controlKind(row.id) === 'organisation' && row.applicable && row.implementation !== 'implemented');
}

/** The SoA as a document; `names` turns system ids into the names people know. */
export function soaDocument(rows: readonly SoaRow[], names: ReadonlyMap<string, string>, control: DocumentControl): AuditDocument {
  const applicable = rows.filter((row) => row.applicable);
  const tally = (status: string) => applicable.filter((row) => row.implementation === status).length;
  const openOrg = openOrganisationControls(rows);
  const systemNames = (ids: readonly string[]) => {
    const named = ids.map((id) => names.get(id) ?? id);
    return named.length > 6 ? `${named.slice(0, 6).join(', ')} and ${named.length - 6} more` : named.join(', ');
  };
  return {
    control,
    summary: [
      `${rows.length} Annex A controls: ${applicable.length} applicable, ${rows.length - applicable.length} not applicable.`,
      `Of the applicable controls: ${tally('implemented')} implemented, ${tally('partially_implemented')} partially implemented, ${tally('in_progress')} in progress, ${tally('planned')} planned, ${tally('not_started')} not started.`,
      openOrg.length === 0 ? 'Every organisation-level control (A.2–A.4) is implemented or excluded with a justification.' : `Organisation-level controls still open: ${openOrg.map((row) => row.id).join(', ')}.`,
    ],
    sections: [
      {
        heading: 'Annex A controls',
        table: {
          sheet: 'Statement of applicability',
          title: 'Statement of applicability',
          columns: [
            { key: 'id', label: 'Control', width: 9 },
            { key: 'title', label: 'Title', width: 34 },
            { key: 'applicable', label: 'Applicable', width: 10 },
            { key: 'justification', label: 'Justification', width: 56 },
            { key: 'implementation', label: 'Implementation', width: 40 },
            { key: 'owner', label: 'Owner', width: 22 },
            { key: 'evidence', label: 'How and evidence', width: 56 },
            { key: 'review', label: 'Reviewed', width: 22 },
            { key: 'systems', label: 'AI systems', width: 44 },
          ],
          rows: rows.map((row) => ({
            id: row.id,
            title: `${row.title} (${annexA(row.id).groupTitle}; ${KIND_WORDS[controlKind(row.id)].toLowerCase()})`,
            applicable: row.applicable ? 'Yes' : 'No',
            justification: row.justification.replace(/^(not )?applicable: /, ''),
            implementation: row.applicable ? `${words(IMPLEMENTATION_LABELS, row.implementation)}: ${row.implementationNote}` : words(IMPLEMENTATION_LABELS, row.implementation),
            owner: row.owner,
            evidence: [row.implementationDescription, row.evidence ? `Evidence: ${row.evidence}` : null].filter(Boolean).join('. ') || null,
            review: [row.reviewedOn ? `on ${row.reviewedOn}` : null, row.nextReviewOn ? `next ${row.nextReviewOn}` : null].filter(Boolean).join('; ') || null,
            systems: controlKind(row.id) === 'organisation' && row.applicable ? `all ${row.systems.length} AI systems in scope` : systemNames(row.systems) || null,
          })),
        },
      },
    ],
  };
}
