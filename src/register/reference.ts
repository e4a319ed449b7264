/**
 * ISO/IEC 42001 and EU AI Act reference ids, bundled with the source so the register works
 * without ../shared at runtime. The JSON files are copies of shared/reference/iso42001/
 * (annex-a.json, clauses.json, eu-ai-act.json); use these ids, not the ones articles cite.
 */
import annexAJson from './reference/annex-a.json' with { type: 'json' };
import clausesJson from './reference/clauses.json' with { type: 'json' };
import euAiActJson from './reference/eu-ai-act.json' with { type: 'json' };

export interface AnnexAControl {
  id: string;
  /** A.2 … A.10 */
  group: string;
  groupTitle: string;
  /** A.6.1 or A.6.2 for the A.6 controls. */
  subgroup?: string;
  title: string;
  objective: string;
  annexBGuidance: string;
}

export interface Clause {
  id: string;
  title: string;
  level?: number;
  parent?: string;
  normative?: boolean;
  note?: string;
}

export interface AnnexIIIArea {
  point: string;
  area: string;
  subpoints: Record<string, string>;
}

export interface ProhibitedPractice {
  id: string;
  summary: string;
}

export const ANNEX_A_CONTROLS: readonly AnnexAControl[] = annexAJson as AnnexAControl[];
export const CLAUSES: readonly Clause[] = clausesJson as Clause[];
export const ANNEX_III: readonly AnnexIIIArea[] = euAiActJson.annexIII as AnnexIIIArea[];

const prohibitedTier = euAiActJson.tiers.find((t) => t.tier === 'prohibited');
export const PROHIBITED_PRACTICES: readonly ProhibitedPractice[] = (prohibitedTier?.practices ?? []) as ProhibitedPractice[];

const transparencyTier = euAiActJson.tiers.find((t) => t.article === 'Art. 50');
export const TRANSPARENCY_OBLIGATIONS: readonly { id: string; role: string; summary: string }[] =
  (transparencyTier?.obligations ?? []) as { id: string; role: string; summary: string }[];

const controlsById = new Map(ANNEX_A_CONTROLS.map((c) => [c.id, c]));
const clausesById = new Map(CLAUSES.map((c) => [c.id, c]));

export function control(id: string): AnnexAControl {
  const found = controlsById.get(id);
  if (!found) throw new Error(`unknown ISO/IEC 42001 Annex A control ${id}`);
  return found;
}

export function clause(id: string): Clause {
  const found = clausesById.get(id);
  if (!found) throw new Error(`unknown ISO/IEC 42001 clause ${id}`);
  return found;
}

export function annexIIIArea(point: string): AnnexIIIArea {
  const found = ANNEX_III.find((a) => a.point === point);
  if (!found) throw new Error(`unknown EU AI Act Annex III point ${point}`);
  return found;
}

export function prohibitedPractice(id: string): ProhibitedPractice {
  const found = PROHIBITED_PRACTICES.find((p) => p.id === id);
  if (!found) throw new Error(`unknown EU AI Act Art. 5 practice ${id}`);
  return found;
}

export function transparencyObligation(id: string): { id: string; role: string; summary: string } {
  const found = TRANSPARENCY_OBLIGATIONS.find((o) => o.id === id);
  if (!found) throw new Error(`unknown EU AI Act Art. 50 obligation ${id}`);
  return found;
}
