import { brainstorm, type KnowledgeRetriever } from './brainstorm.js';
import type { SourceDocument } from './read/source.js';
import { assess, extractSystem } from './extract/extract.js';
import { InputError } from './errors.js';
import { TechnologyIndex, type Technology } from './technology.js';
import { compareThreats, coverageOf, generateCatalogThreats, monitoringOf, questionsOf } from './generate.js';
import { assignDisplayIds } from './ids.js';
import type { KnowledgeEntry, Registry } from './knowledge.js';
import { extractWithLlm } from './llm-extract.js';
import { BudgetExhausted, LlmSession, type Budget } from './llm-session.js';
import type { PromptTemplate } from './prompt.js';
import { findInstructionLikeText } from './redact.js';
import type { Component, SystemModel } from './system.js';
import { ThreatModelSchema, type Finding, type Provenance, type ReadingReport, type Threat, type ThreatModel, type ValidationReport } from './threat.js';
import { applyTriage, type TriageFile } from './triage.js';
import type { Llm } from './llm.js';

export interface OfflineInput {
  /** Prose documents (Markdown, text, Mermaid), already redacted. */
  docs: SourceDocument[];
  /** Systems declared in system.yaml / .json files; they win over what extraction found. */
  declared: SystemModel[];
  entries: readonly KnowledgeEntry[];
  registry: Registry;
  /** The reader's vocabulary (knowledge/technologies.yaml). */
  technologies: readonly Technology[];
  provenance: Omit<Provenance, 'mode' | 'model' | 'prompts'>;
  name?: string;
  triage?: { file: string; data: TriageFile };
  /** Findings made before the core saw the documents (redacted secrets). */
  findings?: Finding[];
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
    const purpose = d.purpose ?? out.purpose;
    out = {
      name: d.name,
      ...(purpose ? { purpose } : {}),
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

const indexes = new WeakMap<readonly Technology[], TechnologyIndex>();

function technologyIndex(technologies: readonly Technology[]): TechnologyIndex {
  let index = indexes.get(technologies);
  if (!index) {
    index = new TechnologyIndex(technologies);
    indexes.set(technologies, index);
  }
  return index;
}

/** Rule-based extraction merged with the declared system files, and what the reader made of the docs. */
export function prepareSystem(input: Pick<OfflineInput, 'docs' | 'declared' | 'name' | 'technologies'>): { system: SystemModel; reading: ReadingReport } {
  const { system: extracted, report } = extractSystem(input.docs, {
    technologies: technologyIndex(input.technologies),
    ...(input.name === undefined ? {} : { name: input.name }),
  });
  const base = input.docs.length > 0 ? extracted : { ...extracted, name: input.declared[0]?.name ?? extracted.name };
  const merged = mergeSystems(base, input.declared);
  const system = input.name !== undefined ? { ...merged, name: input.name } : merged;
  return { system, reading: input.declared.length > 0 ? { ...report, ...assess(system) } : report };
}

/** A reading with no component at all is bad input: there is nothing to threat-model. */
export function requireComponents(system: SystemModel, reading: ReadingReport, withModel: boolean): void {
  if (system.components.length > 0) return;
  const files = reading.documents.map((d) => d.file);
  throw new InputError(`no component found in ${files.length === 1 ? files[0] : `${files.length} documents`}: aitm could not tell what the system is made of`, {
    hint: `Add a component table ("| Component | What it is |"), a Mermaid flowchart, or a system.yaml (schema/system.schema.json) next to the docs${withModel ? '' : ', or run with a model (OPENAI_API_KEY or OPENAI_BASE_URL) so it reads the prose'}.`,
  });
}

interface AssembleInput {
  input: OfflineInput;
  system: SystemModel;
  reading: ReadingReport;
  threats: Threat[];
  provenance: Provenance;
  validation: Omit<ValidationReport, 'notes'> & { notes: string[] };
}

/** Triage, coverage, monitoring, questions and findings; validated against the schema it is written in. */
function assemble({ input, system, reading, threats, provenance, validation }: AssembleInput): ThreatModel {
  const triage = applyTriage(threats, input.triage?.data);
  const triageNotes = input.triage
    ? [
        `Triage: ${triage.applied} decision(s) applied from ${input.triage.file}.`,
        ...triage.followed.map((f) => `Triage decision "${f.decision}" in ${input.triage!.file} now applies to ${f.threat}: the components sharing that threat changed; re-key the decision as ${f.threat}.`),
        ...triage.orphaned.map((k) => `Triage decision "${k}" in ${input.triage!.file} matches no threat any more; review and remove it.`),
      ]
    : [];
  const sorted = [...triage.threats].sort(compareThreats);
  return ThreatModelSchema.parse({
    schema_version: 1,
    provenance,
    system,
    threats: sorted,
    coverage: coverageOf(system, input.entries, sorted),
    monitoring: monitoringOf(sorted),
    questions: questionsOf(system, input.entries, sorted),
    findings: [...(input.findings ?? []), ...findInstructionLikeText(input.docs)],
    reading,
    validation: { ...validation, notes: [...validation.notes, ...triageNotes] },
  });
}

/** The offline pipeline: extract, merge, generate catalog threats, assemble the validated model. */
export function buildOfflineThreatModel(input: OfflineInput): ThreatModel {
  const { system, reading } = prepareSystem(input);
  requireComponents(system, reading, false);
  const result = generateCatalogThreats({ system, entries: input.entries, registry: input.registry });
  const applicable = new Set(result.threats.map((t) => t.entry));
  return assemble({
    input,
    system,
    reading,
    threats: result.threats,
    provenance: { ...input.provenance, mode: 'offline', model: null, prompts: [] },
    validation: {
      mode: 'offline',
      calls: 0,
      accepted: 0,
      repaired: 0,
      rejected: 0,
      reasons: [],
      notes: [`Offline mode: ${result.threats.length} catalog threats from ${applicable.size} of ${input.entries.length} knowledge entries; no LLM calls.`, ...result.notes],
      usage: null,
    },
  });
}

export interface LlmInput extends OfflineInput {
  llm: Llm;
  kb: KnowledgeRetriever;
  prompts: { extract: PromptTemplate; brainstorm: PromptTemplate; repair: PromptTemplate };
  budget: Budget;
  concurrency: number;
  topK: number;
  maxThreatsPerCategory: number;
  /** USD per million tokens, when the model has a configured price. */
  price?: { input: number; output: number };
  signal?: AbortSignal;
}

/**
 * The LLM pipeline: rules first, then the model adds what the docs state that the rules missed
 * (cited, verified), then catalog threats, then grounded misuse cases per STRIDE-AI category.
 * A budget cap stops it cleanly: what was validated so far is kept and the model says it is partial.
 */
export async function buildLlmThreatModel(input: LlmInput): Promise<ThreatModel> {
  const session = new LlmSession(input.llm, input.prompts.repair, input.budget, input.signal);
  const prepared = prepareSystem(input);
  let system = prepared.system;
  const notes: string[] = [];

  try {
    const extraction = await extractWithLlm(session, input.prompts.extract, system, input.docs);
    system = extraction.system;
    notes.push(
      `System extraction by the model added ${extraction.added.components} component(s), ${extraction.added.flows} flow(s) and ${extraction.added.features} feature(s) to what the rules found.`,
    );
    notes.push(...extraction.disagreements.map((d) => `Reading disagreement — ${d}`));
    if (extraction.dropped > 0) {
      session.reject('extraction claim dropped: its quote is not in the source', extraction.dropped);
      notes.push(`${extraction.dropped} extraction claim(s) dropped because their quotes could not be found in the documents.`);
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    session.partial = true;
    notes.push(`System extraction by the model skipped: ${error.message}.`);
  }

  const reading = prepared.system === system ? prepared.reading : { ...prepared.reading, ...assess(system) };
  requireComponents(system, reading, true);
  const catalog = generateCatalogThreats({ system, entries: input.entries, registry: input.registry });
  const ideas = await brainstorm(session, input.kb, {
    system,
    catalog: catalog.threats,
    registry: input.registry,
    template: input.prompts.brainstorm,
    topK: input.topK,
    maxThreatsPerCategory: input.maxThreatsPerCategory,
    concurrency: input.concurrency,
  });
  notes.push(...ideas.categoriesSkipped.map((c) => `Brainstorming ${c}.`));

  const all = [...catalog.threats, ...ideas.threats.map(({ id: _id, ...t }) => t)];
  const ids = assignDisplayIds(all);
  const threats: Threat[] = all.map((t) => ({ ...t, id: ids.get(t.key)! }));
  const usage = session.usage;
  const cost = input.price ? (usage.input * input.price.input + usage.output * input.price.output) / 1_000_000 : null;
  const { extract, brainstorm: bs, repair } = input.prompts;
  return assemble({
    input,
    system,
    reading,
    threats,
    provenance: {
      ...input.provenance,
      mode: 'llm',
      model: { name: input.llm.model, provider: input.llm.provider },
      prompts: [extract, bs, repair].map((p) => ({ name: p.name, sha256: p.sha256 })),
    },
    validation: {
      mode: 'llm',
      calls: usage.calls,
      accepted: session.accepted,
      repaired: session.repaired,
      rejected: session.rejected,
      reasons: [...session.reasons.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([reason, count]) => ({ reason, count })),
      notes: [
        ...(session.partial ? ['PARTIAL: a budget cap stopped the run; the threats below are what was validated before it.'] : []),
        `${catalog.threats.length} catalog threats and ${ideas.threats.length} model threats; ${usage.calls} call(s), ${usage.cacheHits} answered from the cache.`,
        ...notes,
        ...catalog.notes,
      ],
      usage: {
        calls: usage.calls,
        cache_hits: usage.cacheHits,
        input_tokens: usage.input,
        output_tokens: usage.output,
        cost_usd: cost === null ? null : Math.round(cost * 1_000_000) / 1_000_000,
        partial: session.partial,
        per_call: session.records.map((r) => ({ task: r.task, input_tokens: r.usage.input, output_tokens: r.usage.output, cached: r.cached, outcome: r.outcome })),
      },
    },
  });
}
