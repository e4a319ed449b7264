import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ManifestParseError, isRecord } from '../util.js';

export type XmlNode = Record<string, unknown>;

/** Parse XML into plain objects (attributes prefixed with @_, all values kept as strings); throws ManifestParseError with line. */
export function parseXml(content: string): XmlNode {
  const text = content.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ManifestParseError(`invalid XML (line ${valid.err.line}): ${valid.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: true,
    processEntities: true,
  });
  const doc: unknown = parser.parse(text);
  if (!isRecord(doc)) throw new ManifestParseError('empty XML document');
  return doc;
}

/** Text of an element that may have been parsed as a string or as { '#text': ... }. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (isRecord(v) && typeof v['#text'] === 'string') return v['#text'].trim() || undefined;
  return undefined;
}

/** Every element with the given tag anywhere below `node` (case-insensitive tag match). */
export function findAll(node: unknown, tag: string, out: XmlNode[] = []): XmlNode[] {
  const lower = tag.toLowerCase();
  if (Array.isArray(node)) {
    for (const n of node) findAll(n, tag, out);
  } else if (isRecord(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('@_') || k === '#text') continue;
      if (k.toLowerCase() === lower) {
        for (const item of Array.isArray(v) ? v : [v]) out.push(isRecord(item) ? item : { '#text': item });
      } else {
        findAll(v, tag, out);
      }
    }
  }
  return out;
}
