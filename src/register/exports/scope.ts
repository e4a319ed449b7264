/**
 * The ISO/IEC 42001 clause 4.3 scope statement (`unshadow export scope`): the organisation and
 * the context its AI management system rests on (4.1 issues, 4.2 interested parties), the
 * boundaries, interfaces and dependencies of the scope, the AI systems in scope with the
 * organisation's role for each, the units covered, and exclusions with their justification.
 * What the organisation recorded, completed from the register. Pure.
 */
import type { InterestedParty, Organisation } from '../../domain/organisation.js';
import type { OrgRole } from '../../domain/register.js';
import { ROLE_LABELS, STATUS_LABELS, words } from '../../domain/words.js';
import { toCsv } from './csv.js';
import type { AuditDocument, DocumentControl } from './document.js';
import type { RegisterExportEntry } from './register.js';

export interface ScopeStatement {
  organisation: string;
  systems: { id: string; name: string; roles: OrgRole[]; rolesDecided: boolean; status: string; departments: string[] }[];
  units: string[];
  roles: OrgRole[];
  exclusions: { id: string; name: string; justification: string }[];
  /** Clause 4.1 and 4.2, as recorded in the organisation record. */
  context: { description: string | null; sector: string | null; location: string | null; internalIssues: string[]; externalIssues: string[]; interestedParties: InterestedParty[] };
  boundaries: string | null;
  interfaces: string | null;
  dependencies: string | null;
  /** From the register: the third parties whose AI the scope relies on, and where their due diligence stands. */
  thirdParties: { vendor: string; systems: string[]; dueDiligence: string }[];
}

const ROLE_NOTES: Record<OrgRole, string> = {
  ai_customer: 'AI customer (user)',
  ai_provider: 'AI provider',
  ai_producer: 'AI producer (developer)',
  ai_partner: 'AI partner',
};

const nameOf = (entry: RegisterExportEntry) => `${entry.product} (${entry.vendor})`;

export function scopeStatement(entries: readonly RegisterExportEntry[], organisationName: string, record: Organisation = {}): ScopeStatement {
  const sorted = [...entries].sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.id.localeCompare(b.id));
  const inScope = sorted.filter((entry) => entry.status !== 'not_ai');
  const systems = inScope.map((entry) => ({
    id: entry.id,
    name: nameOf(entry),
    roles: entry.roles ?? entry.suggestedRoles ?? [],
    rolesDecided: entry.roles !== undefined,
    status: entry.status,
    departments: entry.useContext.departments,
  }));
  const vendors = [...new Set(inScope.map((entry) => entry.vendor))].sort((a, b) => a.localeCompare(b));
  return {
    organisation: organisationName,
    systems,
    units: [...new Set(systems.flatMap((s) => s.departments))].sort(),
    roles: (Object.keys(ROLE_NOTES) as OrgRole[]).filter((role) => systems.some((s) => s.roles.includes(role))),
    exclusions: sorted
      .filter((entry) => entry.status === 'not_ai')
      .map((entry) => ({ id: entry.id, name: nameOf(entry), justification: 'reviewed and judged not an AI system (a false positive of discovery)' })),
    context: {
      description: record.description ?? null,
      sector: record.sector ?? null,
      location: record.location ?? null,
      internalIssues: record.internalIssues ?? [],
      externalIssues: record.externalIssues ?? [],
      interestedParties: record.interestedParties ?? [],
    },
    boundaries: record.scopeBoundaries ?? null,
    interfaces: record.scopeInterfaces ?? null,
    dependencies: record.scopeDependencies ?? null,
    thirdParties: vendors.map((vendor) => {
      const of = inScope.filter((entry) => entry.vendor === vendor);
      const vd = of[0]?.vendorDiligence;
      return { vendor, systems: of.map((entry) => entry.product), dueDiligence: vd?.reviewedOn ? `reviewed ${vd.reviewedOn}${vd.dataProcessingAgreement ? ', data processing agreement signed' : ''}` : 'not recorded' };
    }),
  };
}

const MISSING = (what: string, option: string) => `Not recorded yet: record ${what} in the organisation record (console: Organisation; CLI: \`unshadow organisation set ${option}\`).`;

/** The scope statement as a document, in the order clause 4 builds it. */
export function scopeDocument(scope: ScopeStatement, control: DocumentControl): AuditDocument {
  const undecided = scope.systems.filter((s) => !s.rolesDecided).length;
  const roleWords = scope.roles.map((role) => ROLE_NOTES[role]).join(', ') || 'none recorded';
  return {
    control,
    summary: [
      `The AI management system of ${scope.organisation} covers the ${scope.systems.length} AI system(s) listed below, in the organisation's role(s) of ${roleWords}.`,
      ...(undecided > 0 ? [`${undecided} system(s) show the role unshadow suggested from the evidence; a reviewer has not confirmed it yet.`] : []),
    ],
    sections: [
      {
        heading: 'The organisation (clause 4.1)',
        paragraphs: [scope.context.description ?? MISSING('what the organisation does', '--description'), ...[scope.context.sector ? `Sector: ${scope.context.sector}.` : '', scope.context.location ? `Location: ${scope.context.location}.` : ''].filter(Boolean)],
      },
      {
        heading: 'Internal issues (clause 4.1)',
        ...(scope.context.internalIssues.length ? { items: scope.context.internalIssues } : { paragraphs: [MISSING('the internal issues', '--internal-issue')] }),
      },
      {
        heading: 'External issues (clause 4.1)',
        ...(scope.context.externalIssues.length ? { items: scope.context.externalIssues } : { paragraphs: [MISSING('the external issues', '--external-issue')] }),
      },
      {
        heading: 'Interested parties and their requirements (clause 4.2)',
        ...(scope.context.interestedParties.length
          ? { table: { sheet: 'Interested parties', title: 'Interested parties', columns: [{ key: 'party', label: 'Interested party', width: 28 }, { key: 'requirements', label: 'Their requirements', width: 80 }], rows: scope.context.interestedParties.map((p) => ({ ...p })) } }
          : { paragraphs: [MISSING('the interested parties', '--party "<party>: <requirements>"')] }),
      },
      {
        heading: 'Boundaries (clause 4.3)',
        paragraphs: [scope.boundaries ?? MISSING('the boundaries of the scope', '--boundaries'), `Organisational units using AI systems in scope: ${scope.units.join(', ') || 'none recorded yet (record departments on each AI system\'s review)'}.`],
      },
      {
        heading: 'Interfaces (clause 4.3)',
        paragraphs: [scope.interfaces ?? MISSING('the interfaces of the scope', '--interfaces')],
        items: scope.thirdParties.map((t) => `${t.vendor}: the organisation's data crosses to this third party through ${t.systems.join(', ')}`),
      },
      {
        heading: 'Dependencies (clause 4.3)',
        paragraphs: [scope.dependencies ?? MISSING('the dependencies of the scope', '--dependencies')],
        table: {
          sheet: 'Third parties',
          title: 'Third parties the AI systems depend on',
          columns: [{ key: 'vendor', label: 'Vendor', width: 24 }, { key: 'systems', label: 'AI systems', width: 48 }, { key: 'dueDiligence', label: 'Due diligence (A.10.3)', width: 40 }],
          rows: scope.thirdParties.map((t) => ({ vendor: t.vendor, systems: t.systems.join(', '), dueDiligence: t.dueDiligence })),
        },
      },
      {
        heading: 'AI systems in scope',
        table: {
          sheet: 'AI systems in scope',
          title: 'AI systems in scope',
          columns: [{ key: 'name', label: 'AI system', width: 40 }, { key: 'roles', label: 'Role(s)', width: 30 }, { key: 'decided', label: 'Role decided', width: 12 }, { key: 'status', label: 'Decision', width: 24 }, { key: 'units', label: 'Units', width: 30 }, { key: 'id', label: 'ID', width: 38 }],
          rows: scope.systems.map((s) => ({ name: s.name, roles: s.roles.map((role) => words(ROLE_LABELS, role)).join(', '), decided: s.rolesDecided ? 'Yes' : 'Suggested', status: words(STATUS_LABELS, s.status), units: s.departments.join(', ') || null, id: s.id })),
        },
      },
      {
        heading: 'Exclusions',
        table: { sheet: 'Exclusions', title: 'Exclusions', columns: [{ key: 'name', label: 'Excluded', width: 40 }, { key: 'justification', label: 'Justification', width: 60 }, { key: 'id', label: 'ID', width: 38 }], rows: scope.exclusions.map((e) => ({ ...e })) },
      },
    ],
  };
}

/**
 * The scope statement as CSV: one record per statement, `section, item, detail`, so that the
 * context, boundaries and systems all travel in a file a spreadsheet opens.
 */
export function exportScopeCsv(scope: ScopeStatement): string {
  const rows: [string, string, string][] = [
    ['organisation', scope.organisation, [scope.context.description, scope.context.sector, scope.context.location].filter(Boolean).join('; ')],
    ...scope.context.internalIssues.map((issue): [string, string, string] => ['internal issue (4.1)', issue, '']),
    ...scope.context.externalIssues.map((issue): [string, string, string] => ['external issue (4.1)', issue, '']),
    ...scope.context.interestedParties.map((p): [string, string, string] => ['interested party (4.2)', p.party, p.requirements]),
    ['boundaries (4.3)', scope.boundaries ?? '', `units: ${scope.units.join('; ')}`],
    ['interfaces (4.3)', scope.interfaces ?? '', ''],
    ['dependencies (4.3)', scope.dependencies ?? '', ''],
    ...scope.thirdParties.map((t): [string, string, string] => ['third party', t.vendor, `${t.systems.join('; ')} (due diligence: ${t.dueDiligence})`]),
    ...scope.systems.map((s): [string, string, string] => ['ai system', s.name, `${s.id}; roles: ${s.roles.join(', ')}${s.rolesDecided ? '' : ' (suggested)'}; status: ${s.status}; units: ${s.departments.join(', ')}`]),
    ...scope.exclusions.map((e): [string, string, string] => ['exclusion', e.name, `${e.id}; ${e.justification}`]),
  ];
  return toCsv(['section', 'item', 'detail'], rows);
}
