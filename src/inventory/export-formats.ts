/** The documents `export` writes and their formats, apart from the writers so that a command's help lists them without loading them. */
export const EXPORT_KINDS = ['register', 'cyclonedx', 'soa', 'scope', 'incidents'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
/**
 * `md` and `xlsx` are the documents people read, with document control and every code in words;
 * `json-document` is the same document for GRC tools (`{document, summary, sections, rows}`);
 * `csv` and `json` are the rows alone, with codes, for scripts (their shape only grows).
 */
export const EXPORT_FORMATS = ['md', 'csv', 'json', 'json-document', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
