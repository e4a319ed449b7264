import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import type { RequiredPermission } from '../domain/connector.js';
import { optionName } from '../domain/option-names.js';

/**
 * Each kind of connection's options in words, from the schema that validates them: the help of
 * `connections add <kind>`, the console's generated form and the field names in validation
 * errors all come from the options' zod schema (titles, descriptions, defaults) and the
 * connector's secret fields.
 */

/** The expense import as a connection: a file to import on every scan (added from the CLI only). */
export const expenseConnectionSchema = z.strictObject({
  file: z.string().min(1).describe('The card or expense export (CSV) to import on every scan').meta({ title: 'File' }),
  format: z.string().optional().describe('Force a layout: ramp, brex, expensify, concur, navan, chase, amex or generic').meta({ title: 'Layout' }),
  currency: z.string().optional().describe('The currency of files without a currency column (default USD)').meta({ title: 'Currency' }),
});

/** A network connection that watches a folder of proxy, DNS or firewall logs (added from the CLI only). */
export const networkConnectionSchema = z.strictObject({
  folder: z.string().min(1).describe('The folder the logs are written to (a mounted object-store prefix works too); each scan imports the files it has not read yet').meta({ title: 'Folder' }),
  pattern: z.string().min(1).optional().describe('Which files of the folder are logs, e.g. *.log.gz (default every file)').meta({ title: 'File pattern' }),
  format: z.string().optional().describe('Force a log format (zscaler-nss, netskope, paloalto-url, umbrella-dns, cloudflare-gateway, squid, w3c, generic…); recognised by content otherwise').meta({ title: 'Log format' }),
  map: z.string().optional().describe('For the generic format: column=field pairs (time, host, url, user, device, bytesOut, bytesIn, action, requests)').meta({ title: 'Column map' }),
});

export interface OptionSpec {
  /** As stored and sent over the API (camelCase). */
  name: string;
  /** As typed on the command line (--kebab-case). */
  flag: string;
  /** As a form labels it. */
  label: string;
  description: string;
  required: boolean;
  secret: boolean;
  default?: unknown;
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** The values it takes, when they are few. */
  choices?: string[];
  /** `uri`, `email`: what a form's input type can check before sending. */
  format?: string;
  /** A secret of several lines (a key file): a text area, not a one-line field. */
  multiline?: boolean;
  minimum?: number;
  maximum?: number;
}

interface JsonProperty {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

interface JsonObjectSchema {
  properties?: Record<string, JsonProperty>;
  required?: string[];
  [key: string]: unknown;
}

/** The schema that validates a kind's options; undefined for a kind nobody knows. */
export function optionsSchemaOf(kind: string): z.ZodType | undefined {
  const connector = CONNECTORS[kind];
  if (connector) return connector.optionsSchema as z.ZodType;
  return kind === 'expenses' ? expenseConnectionSchema : kind === 'network' ? networkConnectionSchema : undefined;
}

const secretFieldsOf = (kind: string) => CONNECTORS[kind]?.secretFields ?? {};

/** "graphUrl" → "Graph url": only for an option a connector gave no title (none should). */
const fallbackLabel = (name: string) => optionName(name).replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

function jsonSchemaOf(schema: z.ZodType | undefined): JsonObjectSchema {
  return schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObjectSchema) : { properties: {} };
}

/** The fields of an options schema (an object of them), in its words: a connection's, an upload's. */
export function optionFields(schema: z.ZodType | undefined): OptionSpec[] {
  const json = jsonSchemaOf(schema);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    flag: `--${optionName(name)}`,
    label: property.title ?? fallbackLabel(name),
    description: property.description ?? name,
    required: required.has(name) && property.default === undefined,
    secret: false,
    ...(property.default !== undefined ? { default: property.default } : {}),
    type: property.type === 'number' || property.type === 'integer' || property.type === 'boolean' ? property.type : 'string',
    ...(property.enum ? { choices: property.enum.map(String) } : {}),
    ...(property.format ? { format: property.format } : {}),
    ...(property.minimum !== undefined ? { minimum: property.minimum } : property.exclusiveMinimum !== undefined ? { minimum: property.exclusiveMinimum } : {}),
    ...(property.maximum !== undefined ? { maximum: property.maximum } : {}),
  }));
}

export function connectionOptions(kind: string): OptionSpec[] {
  const secrets = Object.entries(secretFieldsOf(kind)).map(
    ([name, field]): OptionSpec => ({ name, flag: `--${optionName(name)}`, label: field.label, description: field.help, required: field.required ?? false, secret: true, type: 'string', ...(field.multiline ? { multiline: true } : {}) }),
  );
  return [...optionFields(optionsSchemaOf(kind)), ...secrets];
}

const YES = new Set(['true', 'yes', '1']);
const NO = new Set(['false', 'no', '0']);

/**
 * Option values typed as words on a command line (`--include-archived false`) as the schema
 * takes them: yes/no options become booleans; any other word is left for the schema to refuse.
 */
export function optionsFromWords(kind: string, given: Record<string, string>): Record<string, unknown> {
  const booleans = new Set(connectionOptions(kind).filter((option) => option.type === 'boolean').map((option) => option.name));
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => {
      if (!booleans.has(name)) return [name, value];
      const word = value.trim().toLowerCase();
      return [name, YES.has(word) ? true : NO.has(word) ? false : value];
    }),
  );
}

/** How a form names an option (and how an API error about it names it). */
export function optionLabel(kind: string, name: string): string {
  return connectionOptions(kind).find((option) => option.name === name)?.label ?? name;
}

/** What the console needs to build a kind's form, and what an integrator reads in the API. */
export interface ConnectorDescription {
  kind: string;
  label: string;
  description: string;
  streams: readonly string[];
  fields: OptionSpec[];
  /** JSON Schema (2020-12) of a new connection's options and secrets together; secrets are write-only. */
  schema: Record<string, unknown>;
  permissions: readonly RequiredPermission[];
}

export function describeConnector(kind: string): ConnectorDescription {
  const connector = CONNECTORS[kind];
  if (!connector) throw new Error(`no connector '${kind}'`);
  const json = jsonSchemaOf(optionsSchemaOf(kind));
  const secrets = Object.entries(connector.secretFields);
  const schema = {
    ...json,
    properties: { ...json.properties, ...Object.fromEntries(secrets.map(([name, field]) => [name, { type: 'string', title: field.label, description: field.help, writeOnly: true, format: 'password' }])) },
    required: [...(json.required ?? []).filter((name) => json.properties?.[name]?.default === undefined), ...secrets.filter(([, field]) => field.required).map(([name]) => name)],
  };
  return { kind, label: connector.label, description: connector.description, streams: connector.streams, fields: connectionOptions(kind), schema, permissions: connector.permissions };
}

/** Every connector a connection can be added for over the API (file connections come from the CLI or an upload). */
export const describeConnectors = (): ConnectorDescription[] => Object.keys(CONNECTORS).sort().map(describeConnector);
