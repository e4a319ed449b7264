import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import { optionName } from '../domain/option-names.js';
import { expenseConnectionSchema } from './connection-input.js';

/**
 * Each kind of connection's options in words, from the schema that validates them: the help of
 * `connections add <kind>` and the fields of the console's form say the same things.
 */
export interface OptionSpec {
  /** As stored and sent over the API (camelCase). */
  name: string;
  /** As typed on the command line (--kebab-case). */
  flag: string;
  description: string;
  required: boolean;
  secret: boolean;
  default?: unknown;
  type: 'string' | 'number' | 'integer' | 'boolean';
}

interface JsonProperty {
  type?: string;
  description?: string;
  default?: unknown;
}

export function connectionOptions(kind: string): OptionSpec[] {
  const connector = CONNECTORS[kind];
  const schema = connector ? connector.optionsSchema : kind === 'expenses' ? expenseConnectionSchema : undefined;
  if (!schema) return [];
  const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(json.required ?? []);
  const options: OptionSpec[] = Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    flag: `--${optionName(name)}`,
    description: property.description ?? name,
    required: required.has(name) && property.default === undefined,
    secret: false,
    ...(property.default !== undefined ? { default: property.default } : {}),
    type: property.type === 'number' || property.type === 'integer' || property.type === 'boolean' ? property.type : 'string',
  }));
  for (const name of connector?.secretOptions ?? []) {
    options.push({ name, flag: `--${optionName(name)}`, description: connector?.secretHelp?.[name] ?? 'A secret', required: false, secret: true, type: 'string' });
  }
  return options;
}
