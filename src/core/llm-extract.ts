import { z } from 'zod';
import type { SourceDocument } from './read/source.js';
import { slugify } from './extract/builder.js';
import type { LlmSession } from './llm-session.js';
import { asData, type PromptTemplate } from './prompt.js';
import { readControl } from './read/reading.js';
import { FACT_STATES, statePhrase, type Component, type Evidence, type FactState, type FeatureFact, type SystemModel } from './system.js';
import { COMPONENT_KINDS, FEATURE_NAMES, FEATURES, isControl, type ComponentKind, type Feature } from './vocabulary.js';

const S = z.string();

export function extractionWireSchema(files: readonly string[]) {
  const Ev = z.strictObject({ file: z.enum(files as [string, ...string[]]), line: z.number(), quote: S });
  return z.strictObject({
    purpose: S.nullable(),
    components: z.array(z.strictObject({ name: S, kind: z.enum(COMPONENT_KINDS), description: S.nullable(), evidence: z.array(Ev) })),
    flows: z.array(z.strictObject({ from: S, to: S, data: S.nullable(), evidence: z.array(Ev) })),
    features: z.array(
      z.strictObject({
        feature: z.enum(FEATURE_NAMES as [string, ...string[]]),
        state: z.enum(FACT_STATES),
        condition: S.nullable(),
        components: z.array(S),
        evidence: z.array(Ev),
      }),
    ),
  });
}
export type ExtractionWire = z.infer<ReturnType<typeof extractionWireSchema>>;

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Finds a quote in the source: on the cited line (±2), else anywhere in the file, and returns
 * evidence with the line where it really is and the text exactly as the document shows it.
 */
export function locateQuote(docs: ReadonlyMap<string, string[]>, e: { file: string; line: number; quote: string }): Evidence | undefined {
  const lines = docs.get(e.file);
  const needle = squash(e.quote.replace(/^["“']|["”']$/g, ''));
  if (!lines || needle.length < 4) return undefined;
  const near = [e.line, e.line - 1, e.line + 1, e.line - 2, e.line + 2];
  const order = [...near, ...lines.map((_, i) => i + 1)];
  for (const n of order) {
    const line = lines[n - 1];
    if (line === undefined) continue;
    const hay = squash(line);
    const at = hay.indexOf(needle);
    if (at < 0) continue;
    // Return the document's own text for the quote: the trimmed line, or the matched span of it.
    const trimmed = line.trim();
    const exact = trimmed.toLowerCase().indexOf(e.quote.trim().toLowerCase());
    const quote = exact >= 0 ? trimmed.slice(exact, exact + e.quote.trim().length) : trimmed.slice(0, 200);
    return { file: e.file, line: n, quote: quote || trimmed };
  }
  return undefined;
}

function numbered(docs: readonly SourceDocument[]): string {
  return docs
    .map((d) => [`### file: ${d.file}`, ...d.text.split('\n').map((l, i) => `${i + 1}| ${l}`)].join('\n'))
    .join('\n\n');
}

export interface ExtractionOutcome {
  system: SystemModel;
  dropped: number;
  added: { components: number; features: number; flows: number };
  /** Where the model's reading and the rules' disagree, and which reading was kept. */
  disagreements: string[];
}

/** How much a state assures that a control is in place: the safer reading of a control is the lower. */
const ASSURANCE: Record<FactState, number> = { absent: 0, unknown: 1, partial: 2, present: 3 };

function norm(name: string): string {
  return name.toLowerCase().replace(/[-_\s]+/g, ' ').trim();
}

function findComponent(system: SystemModel, name: string, kind?: ComponentKind): Component | undefined {
  const key = norm(name);
  return (
    system.components.find((c) => norm(c.name) === key || c.id === slugify(name)) ??
    system.components.find((c) => (kind === undefined || c.kind === kind) && (norm(c.name).includes(key) || key.includes(norm(c.name))) && key.length >= 4)
  );
}

/**
 * Merges what the model extracted into what the rules found. Rules win where they have a fact:
 * they are transparent. The model adds components, flows and features the rules missed.
 */
export function mergeExtraction(system: SystemModel, wire: ExtractionWire, docs: readonly SourceDocument[]): ExtractionOutcome {
  const byFile = new Map(docs.map((d) => [d.file, d.text.split('\n')]));
  let dropped = 0;
  const verify = (list: ExtractionWire['components'][number]['evidence']): Evidence[] => {
    const out: Evidence[] = [];
    for (const e of list) {
      const found = locateQuote(byFile, e);
      if (found) out.push(found);
      else dropped++;
    }
    return out;
  };
  const components = system.components.map((c) => ({ ...c, evidence: [...c.evidence] }));
  const next: SystemModel = { ...system, components, flows: [...system.flows], features: { ...system.features } };
  const added = { components: 0, features: 0, flows: 0 };

  for (const c of wire.components) {
    const evidence = verify(c.evidence);
    if (evidence.length === 0) continue;
    const existing = findComponent(next, c.name, c.kind);
    if (existing) {
      for (const e of evidence) if (!existing.evidence.some((x) => x.file === e.file && x.line === e.line)) existing.evidence.push(e);
      continue;
    }
    let id = slugify(c.name);
    while (next.components.some((x) => x.id === id)) id = `${id}-2`;
    next.components.push({ id, name: c.name.trim(), kind: c.kind, ...(c.description ? { description: c.description.trim() } : {}), traits: [], evidence });
    added.components++;
  }
  next.components.sort((a, b) => a.id.localeCompare(b.id));

  for (const f of wire.flows) {
    const evidence = verify(f.evidence);
    const from = findComponent(next, f.from);
    const to = findComponent(next, f.to);
    if (evidence.length === 0 || !from || !to || from.id === to.id) continue;
    if (next.flows.some((x) => x.from === from.id && x.to === to.id)) continue;
    next.flows.push({ from: from.id, to: to.id, ...(f.data ? { data: f.data } : {}), crosses_boundary: false, evidence });
    added.flows++;
  }

  const disagreements: string[] = [];
  for (const f of wire.features) {
    const evidence = verify(f.evidence);
    if (evidence.length === 0) continue;
    const name = f.feature as Feature;
    const control = isControl(name);
    let state: FactState = f.state;
    // The model may say a control is in place only if its own quote reads as a plain yes.
    if (control && state === 'present') {
      const r = evidence.map((e) => readControl(e.quote, e.quote));
      if (r.some((x) => x.reading !== 'affirmed')) state = r.some((x) => x.reading === 'conditional') ? 'partial' : 'unknown';
    }
    const scope = f.components.map((c) => findComponent(next, c)?.id).filter((x): x is string => x !== undefined);
    const modelFact: FeatureFact = {
      state,
      ...(f.condition && state === 'partial' ? { condition: f.condition.trim() } : {}),
      ...(state === 'partial' && scope.length ? { scope } : {}),
      evidence: evidence.map((e) => ({ ...e, reading: `read by the model as ${state}` })),
    };
    const rules = next.features[name];
    if (rules === undefined) {
      next.features[name] = modelFact;
      added.features++;
      continue;
    }
    if (rules.state === state) continue;
    // The safer reading wins: for a control the one that assures less, for a capability the one that says it is there.
    const modelSafer = control ? ASSURANCE[state] < ASSURANCE[rules.state] : state === 'present' && rules.state !== 'present';
    const where = (e: Evidence | undefined) => (e ? ` (${e.file}:${e.line})` : '');
    disagreements.push(
      `${name}: the rules read ${statePhrase(rules)}${where(rules.evidence[0])}, the model ${statePhrase(modelFact)}${where(modelFact.evidence[0])}; kept the safer reading, ${modelSafer ? statePhrase(modelFact) : statePhrase(rules)}.`,
    );
    if (modelSafer) next.features[name] = { ...modelFact, evidence: [...modelFact.evidence, ...rules.evidence].slice(0, 5) };
  }
  if (!next.purpose && wire.purpose) next.purpose = wire.purpose.trim();
  return { system: next, dropped, added, disagreements };
}

/** One call: the model reads the (redacted) documents as numbered data and returns a cited system model. */
export async function extractWithLlm(
  session: LlmSession,
  template: PromptTemplate,
  system: SystemModel,
  docs: readonly SourceDocument[],
): Promise<ExtractionOutcome> {
  if (docs.length === 0) return { system, dropped: 0, added: { components: 0, features: 0, flows: 0 }, disagreements: [] };
  const files = docs.map((d) => d.file);
  const wire = extractionWireSchema(files);
  const results = await session.run({
    task: 'extract-system',
    template,
    vars: {
      documents: asData('documents', numbered(docs)),
      kinds: COMPONENT_KINDS.join(', '),
      features: Object.entries(FEATURES).map(([k, v]) => `- ${k}: ${v}`).join('\n'),
      files: files.join(', '),
    },
    schemaName: 'system_model',
    wire,
    wrap: (items) => items[0] as ExtractionWire,
    check: (value) => ({ accepted: [value], repairable: [], rejected: [] }),
    countsThreats: false,
  });
  const value = results[0];
  if (!value) return { system, dropped: 0, added: { components: 0, features: 0, flows: 0 }, disagreements: [] };
  return mergeExtraction(system, value, docs);
}
