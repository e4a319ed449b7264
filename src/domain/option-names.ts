/**
 * Options are camelCase in JSON and kebab-case on the command line; messages name the flag on
 * the command line and the form's label over the API.
 */
export function optionName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** What a validation issue carries that its wording needs (a zod issue has all of it). */
export interface OptionIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  keys?: string[];
  values?: unknown[];
}

/** zod's own English, which names types and codes; a message a schema wrote itself says more. */
const GENERIC = /^(Invalid|Too (small|big)|Unrecognized key)/;

const TYPE_WORDS: Record<string, string> = { number: 'a number', int: 'a whole number', boolean: 'true or false', string: 'text', object: 'an object', array: 'a list' };
const FORMAT_WORDS: Record<string, string> = { url: 'a URL such as https://example.com', email: 'an e-mail address', uuid: 'an id such as 0f8fad5b-d9cb-469f-a165-70867728950e' };

/**
 * One issue's problem in words, without the field's name: "required", "at most 999", or the
 * schema's own message. `given` is what the caller sent, so that a field left out reads
 * "required" rather than zod's "expected string, received undefined".
 */
export function optionProblem(issue: OptionIssue, given: Record<string, unknown> = {}): string {
  if (!GENERIC.test(issue.message)) return issue.message;
  const field = String(issue.path[0] ?? '');
  const value = given[field];
  const missing = value === undefined || value === null || value === '';
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'required' : `expected ${TYPE_WORDS[issue.expected ?? ''] ?? issue.expected ?? 'another value'}`;
    case 'too_small':
      if (issue.origin === 'string') return missing || Number(issue.minimum) <= 1 ? 'required' : `at least ${issue.minimum} characters`;
      return `at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `at most ${issue.maximum} characters` : `at most ${issue.maximum}`;
    case 'invalid_format':
      return `expected ${FORMAT_WORDS[issue.format ?? ''] ?? `a valid ${issue.format ?? 'value'}`}`;
    case 'invalid_value':
      return `expected one of ${(issue.values ?? []).map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown option${issue.keys?.length === 1 ? '' : 's'} ${(issue.keys ?? []).map((key) => `'${key.slice(0, 60)}'`).join(', ')}`;
    default:
      return issue.message;
  }
}

/**
 * The options each issue is about, with its problem: an unknown option is an issue of the
 * object, named by its keys.
 */
export function issuesByOption(issues: readonly OptionIssue[], given: Record<string, unknown> = {}): [string, string][] {
  return issues.flatMap((issue): [string, string][] =>
    issue.code === 'unrecognized_keys' && issue.path.length === 0 ? (issue.keys ?? []).map((key) => [key, 'unknown option']) : [[String(issue.path[0] ?? ''), optionProblem(issue, given)]],
  );
}

/** zod issues as "--page-size: expected a number; --url: expected a URL such as https://example.com". */
export function describeOptionIssues(issues: readonly OptionIssue[], given: Record<string, unknown> = {}): string {
  return issuesByOption(issues, given)
    .map(([name, problem]) => `--${optionName(name)}: ${problem}`)
    .join('; ');
}
