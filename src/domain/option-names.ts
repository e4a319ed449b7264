/**
 * Options are camelCase in JSON and kebab-case on the command line; messages name the flag,
 * which is what a CLI user types and an API user still recognises.
 */
export function optionName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** zod issues as "--page-size: expected a number; --url: invalid URL". */
export function describeOptionIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `--${optionName(String(issue.path[0] ?? ''))}: ${issue.message}`).join('; ');
}
