import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONNECTORS } from '../../../connectors/index.js';
import { ROOT } from '../../helpers/cli.js';

/**
 * The permission tables of the connector READMEs are the admin's instructions; the same
 * permissions as data drive `connections test` and the console's form. They must say the same.
 */

/** The README's table with a stream column and a permission or scope column: its rows as cells. */
function permissionTable(markdown: string): { header: string[]; rows: string[][] } {
  const tables = markdown.split(/\n(?!\|)/).map((block) => block.split('\n').filter((line) => line.startsWith('|')));
  for (const lines of tables) {
    const cells = lines.map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
    const header = cells[0]?.map((cell) => cell.toLowerCase()) ?? [];
    if (header[0] === 'stream' && header.some((cell) => /permission|scope/.test(cell))) return { header, rows: cells.slice(2) };
  }
  throw new Error('no permission table');
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

describe('connector permissions as data and in the README', () => {
  for (const connector of Object.values(CONNECTORS).filter((c) => c.permissions.length > 0)) {
    it(`${connector.kind}: the README's table lists exactly the permissions the connector declares`, () => {
      const { header, rows } = permissionTable(readFileSync(join(ROOT, 'connectors', connector.kind, 'README.md'), 'utf8'));
      const columns = header.flatMap((name, i) => (/permission|scope/.test(name) ? [i] : []));
      const streams = new Set(connector.streams);
      const listed = new Set<string>();
      const cells = new Map<string, string>();
      for (const row of rows) {
        const stream = ticked(row[0]!)[0]!;
        expect(streams.has(stream), `README stream ${stream}`).toBe(true);
        const text = columns.map((i) => row[i]).join(' ');
        cells.set(stream, `${cells.get(stream) ?? ''} ${text}`);
        // Backticked permission names; not streams ("which `licence-holders` needs anyway") or paths.
        for (const name of columns.flatMap((i) => ticked(row[i]!))) if (!streams.has(name) && !/[/\s]/.test(name)) listed.add(`${stream} ${name}`);
      }
      const declared = new Set(connector.permissions.flatMap((p) => p.streams.flatMap((stream) => [p.name, ...(p.alternatives ?? [])].map((name) => `${stream} ${name}`))));
      expect([...listed].sort()).toEqual([...declared].sort());
      expect([...cells.keys()].sort()).toEqual([...connector.streams].sort());
      for (const permission of connector.permissions) {
        for (const stream of permission.streams) if (permission.fineGrained) expect(cells.get(stream), `${permission.name} fine-grained`).toContain(permission.fineGrained);
      }
    });
  }

  for (const connector of Object.values(CONNECTORS)) {
    it(`${connector.kind}: every permission belongs to its streams, every secret and option has a label and help`, () => {
      for (const permission of connector.permissions) {
        expect(permission.streams.length).toBeGreaterThan(0);
        for (const stream of permission.streams) expect(connector.streams).toContain(stream);
        expect(permission.purpose.length).toBeGreaterThan(10);
      }
      expect(Object.keys(connector.secretFields).sort()).toEqual([...connector.secretOptions].sort());
      const properties = (z.toJSONSchema(connector.optionsSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { title?: string; description?: string }> }).properties;
      for (const [name, property] of Object.entries(properties)) {
        expect(property.title, `${connector.kind}.${name} title`).toBeTruthy();
        expect(property.description, `${connector.kind}.${name} description`).toBeTruthy();
        // The form's words, not the command line's.
        expect(property.description, `${connector.kind}.${name}`).not.toMatch(/--[a-z]/);
      }
      for (const field of Object.values(connector.secretFields)) expect(field.help).not.toMatch(/--[a-z]/);
    });
  }
});
