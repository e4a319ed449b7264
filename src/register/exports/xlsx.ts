/**
 * A document as an XLSX workbook, written to a stream as it is built (exceljs's streaming
 * writer: each row is committed and leaves memory, and no shared-string table grows with the
 * file). First sheet: the document control, summary and approval block; then the prose of the
 * sections; then one sheet per table. Cells are written as values, never formulas: a name that
 * starts with `=` stays text.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { approvalRows, type AuditDocument, controlRows, sheetName } from './document.js';

export async function writeDocumentXlsx(doc: AuditDocument, stream: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = doc.control.generator;
  workbook.title = `${doc.control.title} — ${doc.control.organisation}`;
  workbook.created = new Date(doc.control.generatedAt);

  const cover = workbook.addWorksheet('Document control');
  cover.columns = [{ width: 22 }, { width: 90 }, { width: 16 }, { width: 24 }];
  const title = cover.addRow([`${doc.control.title} — ${doc.control.organisation}`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value] of controlRows(doc.control)) {
    const row = cover.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  cover.addRow([]).commit();
  for (const line of doc.summary) cover.addRow(['', line]).commit();
  cover.addRow([]).commit();
  const head = cover.addRow(['Approval', 'Name', 'Date', 'Signature']);
  head.font = { bold: true };
  head.commit();
  for (const [role, name, date] of approvalRows(doc.control)) cover.addRow([role, name, date, '']).commit();
  cover.commit();

  // The prose of the document (context, boundaries, notes), section by section, before its tables.
  const prose = doc.sections.filter((section) => section.paragraphs?.length || section.items?.length);
  if (prose.length > 0) {
    const statement = workbook.addWorksheet('Statement');
    statement.columns = [{ width: 40 }, { width: 110 }];
    for (const section of prose) {
      const heading = statement.addRow([section.heading]);
      heading.font = { bold: true };
      heading.commit();
      for (const paragraph of section.paragraphs ?? []) {
        const row = statement.addRow(['', paragraph]);
        row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
        row.commit();
      }
      for (const item of section.items ?? []) statement.addRow(['', `• ${item}`]).commit();
      statement.addRow([]).commit();
    }
    statement.commit();
  }

  const used = new Set(['Document control', 'Statement']);
  for (const section of doc.sections) {
    if (!section.table) continue;
    let name = sheetName(section.table.sheet);
    for (let n = 2; used.has(name); n++) name = sheetName(`${section.table.sheet.slice(0, 27)} ${n}`);
    used.add(name);
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = section.table.columns.map((column) => ({ header: column.label, key: column.key, width: column.width ?? 18 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const record of section.table.rows) {
      const row = sheet.addRow(section.table.columns.map((column) => record[column.key] ?? null));
      row.alignment = { wrapText: true, vertical: 'top' };
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}
