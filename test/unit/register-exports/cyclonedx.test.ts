import { describe, expect, it } from 'vitest';
import { deterministicSerialNumber, ORGANISATION_BOM_REF, toCycloneDx } from '../../../src/register/exports/cyclonedx.js';
import { validateCycloneDx } from '../../../src/register/exports/cyclonedx-validate.js';
import { ENTRIES } from './fixtures.js';

const OPTIONS = { organisation: 'Example GmbH', timestamp: '2025-06-01T12:00:00Z', toolVersion: '0.1.0' };

describe('toCycloneDx', () => {
  const bom = toCycloneDx(ENTRIES, OPTIONS);

  it('validates against the CycloneDX 1.6 JSON schema', async () => {
    expect(await validateCycloneDx(bom)).toEqual([]);
    // What the CLI writes is what was validated.
    expect(await validateCycloneDx(JSON.parse(JSON.stringify(bom)))).toEqual([]);
  });

  it('validates an empty inventory too', async () => {
    expect(await validateCycloneDx(toCycloneDx([], OPTIONS))).toEqual([]);
  });

  it('has the 1.6 header and the organisation as metadata.component', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe('2025-06-01T12:00:00Z');
    expect(bom.metadata.component).toMatchObject({ name: 'Example GmbH', 'bom-ref': ORGANISATION_BOM_REF });
    expect(bom.metadata.tools.components).toEqual([{ type: 'application', name: 'unshadow', version: '0.1.0' }]);
  });

  it('puts SaaS in services and SDKs/frameworks in components with stable bom-refs', () => {
    expect(bom.services.map((s) => s['bom-ref'])).toEqual([
      'unshadow:6f1c2a90-6666-4a7e-9d2e-0a1b2c3d4e06',
      'unshadow:hirevue',
      'unshadow:openai-api',
      'unshadow:openai-chatgpt',
      'unshadow:otter',
    ]);
    expect(bom.components.map((c) => [c['bom-ref'], c.type])).toEqual([
      ['unshadow:openai-api/sdk', 'library'],
      ['unshadow:pytorch', 'framework'],
    ]);
    const chatgpt = bom.services.find((s) => s['bom-ref'] === 'unshadow:openai-chatgpt')!;
    expect(chatgpt).toMatchObject({
      name: 'ChatGPT Enterprise',
      provider: { name: 'OpenAI' },
      description: 'Drafting, summarising and translating internal documents',
      data: [
        { flow: 'bi-directional', classification: 'personal' },
        { flow: 'bi-directional', classification: 'customer' },
      ],
    });
    expect(chatgpt.properties).toEqual(
      expect.arrayContaining([
        { name: 'unshadow:category', value: 'chat_assistant' },
        { name: 'unshadow:status', value: 'approved_with_conditions' },
        { name: 'unshadow:riskTier', value: 'minimal' },
        { name: 'unshadow:exposure', value: 'medium' },
      ]),
    );
    const otter = bom.services.find((s) => s['bom-ref'] === 'unshadow:otter')!;
    expect(otter.data).toEqual([{ flow: 'bi-directional', classification: 'personal' }]);
    expect(otter.properties.some((p) => p.name === 'unshadow:riskTier')).toBe(false);
    expect(bom.components.find((c) => c.name === 'PyTorch')).toMatchObject({ manufacturer: { name: 'Meta' }, description: 'ML framework / SDK' });
  });

  it('links the organisation to everything and an SDK to its service', () => {
    const all = [...bom.components, ...bom.services].map((x) => x['bom-ref']!).sort();
    expect(bom.dependencies).toEqual([
      { ref: ORGANISATION_BOM_REF, dependsOn: all },
      { ref: 'unshadow:openai-api/sdk', dependsOn: ['unshadow:openai-api'] },
    ]);
  });

  it('gives the same bom-refs and serial number for the same entries in any order', () => {
    const again = toCycloneDx([...ENTRIES].reverse(), { ...OPTIONS, timestamp: '2025-07-01T00:00:00Z' });
    expect(again.serialNumber).toBe(bom.serialNumber);
    expect(again.services).toEqual(bom.services);
    expect(again.components).toEqual(bom.components);
    expect(JSON.stringify(toCycloneDx(ENTRIES, OPTIONS))).toBe(JSON.stringify(bom));
    expect(deterministicSerialNumber(ENTRIES.map((e) => e.id))).toBe(bom.serialNumber);
    expect(toCycloneDx(ENTRIES.slice(1), OPTIONS).serialNumber).not.toBe(bom.serialNumber);
  });

  it('uses a given serial number and rejects a malformed one', () => {
    const uuid = '3e671687-395b-41f5-a30f-a58921a69b79';
    expect(toCycloneDx(ENTRIES, { ...OPTIONS, serialNumber: uuid }).serialNumber).toBe(`urn:uuid:${uuid}`);
    expect(toCycloneDx(ENTRIES, { ...OPTIONS, serialNumber: `urn:uuid:${uuid}` }).serialNumber).toBe(`urn:uuid:${uuid}`);
    expect(() => toCycloneDx(ENTRIES, { ...OPTIONS, serialNumber: 'not-a-uuid' })).toThrow(/serialNumber/);
  });

  it('keeps bom-refs unique when two entries share a catalog id', () => {
    const twin = { ...ENTRIES[2]!, id: '6f1c2a90-9999-4a7e-9d2e-0a1b2c3d4e09' };
    const refs = toCycloneDx([...ENTRIES, twin], OPTIONS).services.map((s) => s['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).toContain('unshadow:otter:6f1c2a90-9999-4a7e-9d2e-0a1b2c3d4e09');
  });
});

describe('validateCycloneDx', () => {
  it('reports what is wrong with an invalid BOM', async () => {
    const bom = JSON.parse(JSON.stringify(toCycloneDx(ENTRIES, OPTIONS))) as Record<string, any>;
    bom.specVersion = '9.9';
    bom.serialNumber = 'urn:uuid:NOT-A-UUID';
    bom.metadata.timestamp = 'yesterday';
    delete bom.services[0].name;
    bom.components[0].type = 'spreadsheet';
    bom.services[1].unexpected = true;
    const errors = await validateCycloneDx(bom);
    expect(errors.length).toBeGreaterThan(0);
    const text = errors.join('\n');
    expect(text).toContain('/serialNumber');
    expect(text).toContain('/metadata/timestamp');
    expect(text).toContain('/services/0');
    expect(text).toContain('/components/0/type');
    expect(text).toContain('unexpected');
  });

  it('rejects something that is not a BOM at all', async () => {
    expect((await validateCycloneDx({ hello: 'world' })).length).toBeGreaterThan(0);
    expect((await validateCycloneDx('nope')).length).toBeGreaterThan(0);
  });
});
