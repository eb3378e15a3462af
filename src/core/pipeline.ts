import type { SourceDocument } from './extract/document.js';
import { extractSystem } from './extract/extract.js';
import { generateCatalogThreats } from './generate.js';
import type { KnowledgeEntry, Registry } from './knowledge.js';
import { applyTriage, type TriageFile } from './triage.js';
import type { Component, SystemModel } from './system.js';
import { ThreatModelSchema, type Provenance, type ThreatModel, type ValidationReport } from './threat.js';

export interface OfflineInput {
  /** Prose documents (Markdown, text, Mermaid) for extraction. */
  docs: SourceDocument[];
  /** Systems declared in system.yaml / .json files; they win over what extraction found. */
  declared: SystemModel[];
  entries: readonly KnowledgeEntry[];
  registry: Registry;
  provenance: Omit<Provenance, 'mode' | 'model' | 'prompts'>;
  name?: string;
  triage?: { file: string; data: TriageFile };
}

function mergeComponent(into: Component, from: Component): Component {
  const traits = [...into.traits];
  for (const t of from.traits) {
    const i = traits.findIndex((x) => x.trait === t.trait);
    if (i >= 0) traits[i] = t;
    else traits.push(t);
  }
  return {
    ...into,
    name: from.name,
    kind: from.kind,
    ...(from.description ? { description: from.description } : {}),
    traits: traits.sort((a, b) => a.trait.localeCompare(b.trait)),
    evidence: [...from.evidence, ...into.evidence],
  };
}

/** Merges declared systems over the extracted one: declared names, kinds, traits and features win. */
export function mergeSystems(extracted: SystemModel, declared: readonly SystemModel[]): SystemModel {
  let out = extracted;
  for (const d of declared) {
    const components = new Map(out.components.map((c) => [c.id, c]));
    for (const c of d.components) components.set(c.id, components.has(c.id) ? mergeComponent(components.get(c.id)!, c) : c);
    const actors = new Map(out.actors.map((a) => [a.id, a]));
    for (const a of d.actors) actors.set(a.id, a);
    const flows = [...out.flows];
    for (const f of d.flows) if (!flows.some((x) => x.from === f.from && x.to === f.to && x.data === f.data)) flows.push(f);
    const boundaries = new Map(out.boundaries.map((b) => [b.id, b]));
    for (const b of d.boundaries) boundaries.set(b.id, b);
    out = {
      name: d.name,
      ...(d.purpose ?? out.purpose ? { purpose: (d.purpose ?? out.purpose)! } : {}),
      actors: [...actors.values()].sort((a, b) => a.id.localeCompare(b.id)),
      components: [...components.values()].sort((a, b) => a.id.localeCompare(b.id)),
      flows,
      boundaries: [...boundaries.values()],
      features: { ...out.features, ...d.features },
      limitations: [...new Set([...out.limitations, ...d.limitations])],
      assumptions: [...new Set([...out.assumptions, ...d.assumptions])],
      questions: [...new Set([...out.questions, ...d.questions])],
    };
  }
  return out;
}

/** The offline pipeline: extract, merge, generate catalog threats, assemble the validated model. */
export function buildOfflineThreatModel(input: OfflineInput): ThreatModel {
  const extracted = extractSystem(input.docs, input.name === undefined ? {} : { name: input.name });
  let system = input.docs.length > 0 ? mergeSystems(extracted, input.declared) : mergeSystems({ ...extracted, name: input.declared[0]?.name ?? extracted.name }, input.declared);
  if (input.name !== undefined) system = { ...system, name: input.name };
  const result = generateCatalogThreats({ system, entries: input.entries, registry: input.registry });
  const triage = applyTriage(result.threats, input.triage?.data);
  const applicable = new Set(result.threats.map((t) => t.entry));
  const triageNotes = input.triage
    ? [
        `Triage: ${triage.applied} decision(s) applied from ${input.triage.file}.`,
        ...triage.orphaned.map((k) => `Triage decision "${k}" in ${input.triage!.file} matches no threat any more; review and remove it.`),
      ]
    : [];
  const validation: ValidationReport = {
    mode: 'offline',
    calls: 0,
    accepted: 0,
    repaired: 0,
    rejected: 0,
    reasons: [],
    notes: [
      `Offline mode: ${result.threats.length} catalog threats from ${applicable.size} of ${input.entries.length} knowledge entries; no LLM calls.`,
      ...result.notes,
      ...triageNotes,
    ],
  };
  return ThreatModelSchema.parse({
    schema_version: 1,
    provenance: { ...input.provenance, mode: 'offline', model: null, prompts: [] },
    system,
    threats: triage.threats,
    coverage: result.coverage,
    monitoring: result.monitoring,
    questions: result.questions,
    findings: [],
    validation,
  });
}
