/**
 * A draft ISO/IEC 42001 clause 4.3 scope statement (`unshadow export scope`): the AI systems in
 * scope with the organisation's role for each, the units covered, and exclusions with their
 * justification. A draft for people to edit, derived only from the register. Pure.
 */
import type { OrgRole } from '../../domain/register.js';
import { markdownTable } from './markdown.js';
import type { RegisterExportEntry } from './register.js';

export interface ScopeStatement {
  organisation: string;
  systems: { id: string; name: string; roles: OrgRole[]; rolesDecided: boolean; status: string; departments: string[] }[];
  units: string[];
  roles: OrgRole[];
  exclusions: { id: string; name: string; justification: string }[];
}

const ROLE_LABELS: Record<OrgRole, string> = {
  ai_customer: 'AI customer (user)',
  ai_provider: 'AI provider',
  ai_producer: 'AI producer (developer)',
  ai_partner: 'AI partner',
};

const nameOf = (entry: RegisterExportEntry) => `${entry.product} (${entry.vendor})`;

export function scopeStatement(entries: readonly RegisterExportEntry[], organisation: string): ScopeStatement {
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
  return {
    organisation,
    systems,
    units: [...new Set(systems.flatMap((s) => s.departments))].sort(),
    roles: (Object.keys(ROLE_LABELS) as OrgRole[]).filter((role) => systems.some((s) => s.roles.includes(role))),
    exclusions: sorted
      .filter((entry) => entry.status === 'not_ai')
      .map((entry) => ({ id: entry.id, name: nameOf(entry), justification: 'reviewed and judged not an AI system (a false positive of discovery)' })),
  };
}

export function scopeMarkdown(scope: ScopeStatement): string {
  const undecided = scope.systems.filter((s) => !s.rolesDecided).length;
  const lines = [
    `# Scope of the AI management system — ${scope.organisation} (draft, ISO/IEC 42001 clause 4.3)`,
    '',
    `The AI management system of ${scope.organisation} covers the ${scope.systems.length} AI system(s) listed below, discovered by unshadow from licences, OAuth grants, code dependencies and expenses, in the organisation's role(s) of ${scope.roles.map((role) => ROLE_LABELS[role]).join(', ') || 'none recorded'}.`,
    '',
    `Organisational units covered: ${scope.units.join(', ') || 'none recorded yet (record departments with `unshadow review <id> --department …`)'}.`,
    '',
    ...(undecided > 0 ? [`${undecided} system(s) show the role unshadow suggested from the evidence; a reviewer has not confirmed it yet.`, ''] : []),
    '## AI systems in scope',
    '',
    markdownTable(
      ['AI system', 'Role(s)', 'Role decided', 'Status', 'Units'],
      scope.systems.map((s) => [s.name, s.roles.map((role) => ROLE_LABELS[role]).join(', '), s.rolesDecided ? 'yes' : 'suggested', s.status.replace(/_/g, ' '), s.departments.join(', ')]),
    ).trimEnd(),
    '',
    '## Exclusions',
    '',
    scope.exclusions.length === 0 ? 'None.' : markdownTable(['Excluded', 'Justification'], scope.exclusions.map((e) => [e.name, e.justification])).trimEnd(),
    '',
  ];
  return lines.join('\n');
}
