import { contextFor, evaluate, explainFailure, leaves, reasonsFor, type Evaluation } from './conditions.js';
import { assignDisplayIds, threatKey } from './ids.js';
import type { Condition, KnowledgeEntry, Registry } from './knowledge.js';
import { capitalize, render, type TemplateVariables } from './template.js';
import type { Component, Evidence, SystemModel } from './system.js';
import type { CoverageCell, CoverageRow, MonitoringItem, Reference, Threat } from './threat.js';
import {
  CATEGORIES,
  FEATURES,
  IMPACT_LABELS,
  LIKELIHOOD_LABELS,
  RISK_LEVELS,
  TRAITS,
  type Category,
  type Feature,
  type RiskLevel,
} from './vocabulary.js';

export interface CatalogInput {
  system: SystemModel;
  entries: readonly KnowledgeEntry[];
  registry: Registry;
}

export interface CatalogResult {
  threats: Threat[];
  coverage: CoverageRow[];
  monitoring: MonitoringItem[];
  questions: string[];
  notes: string[];
}

/** Threagile-style scoring: likelihood (1–4) × impact (1–4). */
export function riskOf(likelihood: number, impact: number): RiskLevel {
  const p = likelihood * impact;
  if (p <= 1) return 'low';
  if (p <= 3) return 'medium';
  if (p <= 8) return 'elevated';
  if (p <= 12) return 'high';
  return 'critical';
}

const GENERIC_NOUN =
  /\b(tool|service|api|index|store|agent|pipeline|widget|queue|model|server|job|bucket|app|gateway|engine|database|db|warehouse|cache|dag|logs?|memory|prompt|ui|frontend|backend|worker|registry|hub|endpoint|classifier|cms|dashboard|portal|bot|assistant|repository|repo|dataset|data|topic|system|interface|plugin|function|store)\b/i;

/** How a component reads inside a sentence: "the refund tool", but "OpenAI GPT-4o" as written. */
export function displayName(name: string, technology?: string): string {
  const firstWord = name.split(/\s+/)[0] ?? '';
  // A product keeps its capital ("the Airflow training DAG"): a capital inside the word, or the product the docs name.
  const product = technology !== undefined && technology.split(/\s+/).some((w) => w.toLowerCase() === firstWord.toLowerCase());
  const brand = product || /[A-Z0-9]/.test(firstWord.slice(1)) || /^[a-z]+[A-Z]/.test(firstWord);
  if (!GENERIC_NOUN.test(name)) return name;
  const lead = brand ? firstWord : firstWord.toLowerCase();
  return `the ${[lead, ...name.split(/\s+/).slice(1)].join(' ')}`;
}

function modelOf(system: SystemModel, target: Component): Component | undefined {
  if (target.kind === 'llm' || target.kind === 'ml-model') return target;
  return system.components.find((c) => c.kind === 'llm') ?? system.components.find((c) => c.kind === 'ml-model');
}

function fill(template: string, vars: TemplateVariables): string {
  return render(template, vars).replace(/\b(the|a|an) the\b/gi, 'the').replace(/\s+/g, ' ').trim();
}

/** An entry's threat grammar with the placeholders filled in. */
export function statementOf(entry: Pick<KnowledgeEntry, 'threat'>, vars: TemplateVariables): Threat['statement'] {
  const f = (t: string) => fill(t, vars);
  return {
    source: f(entry.threat.source),
    prerequisites: f(entry.threat.prerequisites),
    action: f(entry.threat.action),
    impact: f(entry.threat.impact),
    assets: entry.threat.assets.map(f),
  };
}

/** Words a prerequisite may open with, joining it to the source without help ("…who can post", "…with a session"). */
export const PREREQUISITE_JOINER = /^(?:with|who|whose|through|via|once|after|when|whenever|if|by|using|from|in|on|at|while|holding|having)\b/;

/** The threat grammar as one sentence: "Source prerequisites can action, which leads to impact, affecting assets." */
export function sentenceOf(t: Threat['statement']): string {
  const assets = t.assets.length > 1 ? `${t.assets.slice(0, -1).join(', ')} and ${t.assets.at(-1)}` : t.assets[0]!;
  const prerequisites = PREREQUISITE_JOINER.test(t.prerequisites) ? t.prerequisites : `with ${t.prerequisites}`;
  return `${capitalize(t.source)} ${prerequisites} can ${t.action}, which leads to ${t.impact}, affecting ${assets}.`;
}

function score(
  spec: KnowledgeEntry['likelihood'],
  ctx: ReturnType<typeof contextFor>,
): { value: number; reasons: string[] } {
  let value = spec.base;
  const reasons: string[] = [];
  for (const adj of spec.adjust) {
    // A rule that raises a score may read a fact in place elsewhere; one that lowers it needs the fact here.
    if (!evaluate(adj.when, { ...ctx, lenient: adj.by > 0 }).matched) continue;
    value += adj.by;
    reasons.push(`${adj.by > 0 ? 'raised' : 'lowered'} because ${adj.because}`);
  }
  return { value: Math.min(4, Math.max(1, value)), reasons };
}

function rationaleOf(l: { value: number; reasons: string[] }, i: { value: number; reasons: string[] }): string {
  const part = (what: string, labels: readonly string[], s: { value: number; reasons: string[] }) =>
    `${what} ${labels[s.value - 1]} (${s.value}/4)${s.reasons.length ? `, ${s.reasons.join('; ')}` : ''}`;
  return `${capitalize(part('likelihood', LIKELIHOOD_LABELS, l))}; ${part('impact', IMPACT_LABELS, i)}.`;
}

function sortEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list
    .filter((e) => {
      const k = `${e.file}:${e.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Why a threat applies to a component: the facts its entry's conditions read there, with their lines. */
function whyOf(entry: KnowledgeEntry, system: SystemModel, inst: Instance): Threat['why'] {
  const target = inst.target;
  const reasons = [
    ...reasonsFor(entry.applies_when, { ...contextFor(system), scope: target, lenient: true }),
    ...(inst.when ? reasonsFor(inst.when, { ...contextFor(system, target), lenient: true }) : []),
  ];
  const out: Threat['why'] = [];
  const seen = new Set<string>();
  for (const r of reasons) {
    const name = r.feature ?? r.trait!;
    const key = `${r.trait ? target.id : ''}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fact = r.feature ? system.features[r.feature] : target.traits.find((t) => t.trait === r.trait);
    out.push({
      fact: name,
      ...(r.trait ? { component: target.id } : {}),
      state: fact?.state ?? 'not-stated',
      wanted: r.negated ? 'absent' : 'present',
      evidence: fact?.evidence[0] ?? null,
    });
  }
  return out;
}

/** Evidence for one threat: the facts its rules read, then the component itself. */
function evidenceFor(entry: KnowledgeEntry, system: SystemModel, target: Component, targetWhen: KnowledgeEntry['targets'][number]['when']): Evidence[] {
  const out: Evidence[] = [];
  for (const leaf of leaves(entry.applies_when)) {
    if ('feature' in leaf) {
      const fact = system.features[leaf.feature];
      if (fact) out.push(...fact.evidence.slice(0, 1));
    }
  }
  if (targetWhen) {
    for (const leaf of leaves(targetWhen)) {
      if ('trait' in leaf) {
        const fact = target.traits.find((t) => t.trait === leaf.trait);
        if (fact) out.push(...fact.evidence.slice(0, 1));
      }
    }
  }
  out.push(...target.evidence.slice(0, 1));
  return sortEvidence(out).slice(0, 5);
}

export function resolveReferences(registry: Registry, ids: readonly string[]): Reference[] {
  const out: Reference[] = [];
  for (const id of ids) {
    for (const data of Object.values(registry.catalogs)) {
      const name = data.entries[id];
      if (name !== undefined) {
        out.push({ id, catalog: `${data.title} ${data.version}`, name });
        break;
      }
    }
  }
  return out;
}

interface Instance {
  entry: KnowledgeEntry;
  target: Component;
  when: KnowledgeEntry['targets'][number]['when'];
  assumed: string[];
}

/** One entry's instances on several components of the same role: one threat that names them all. */
interface Group {
  entry: KnowledgeEntry;
  members: Instance[];
}

const KIND_NOUN: Record<Component['kind'], string> = {
  agent: 'agent',
  dataset: 'dataset',
  datastore: 'data store',
  'external-api': 'external API',
  llm: 'model',
  'mcp-server': 'MCP server',
  memory: 'memory store',
  'ml-model': 'model',
  prompt: 'prompt',
  queue: 'queue',
  service: 'service',
  tool: 'tool',
  'training-pipeline': 'training pipeline',
  ui: 'user interface',
  'vector-store': 'vector store',
};

/**
 * How the components that share one threat read in its sentences: the one component's name, or
 * "each tool" for several (the title and "Affects" name them) — singular, so the templates' verbs
 * and possessives still agree ("each tool's credentials").
 */
export function groupName(targets: readonly Pick<Component, 'name' | 'kind' | 'technology'>[]): string {
  if (targets.length === 1) return displayName(targets[0]!.name, targets[0]!.technology);
  const kinds = new Set(targets.map((t) => t.kind));
  return `each ${kinds.size === 1 ? KIND_NOUN[targets[0]!.kind] : 'component'}`;
}

/** A threat's title names up to three components, then how many more. */
function titleNames(targets: readonly Pick<Component, 'name' | 'technology'>[]): string {
  const names = targets.map((t) => capitalize(displayName(t.name, t.technology).replace(/^the /, '')));
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** Which components an applicable entry attaches to: the first target spec that matches any. */
function targetsOf(entry: KnowledgeEntry, system: SystemModel): Array<{ target: Component; when: Instance["when"]; evaluation: Evaluation | undefined }> {
  for (const spec of entry.targets) {
    const matched = system.components
      .filter((c) => c.kind === spec.kind)
      .map((c) => ({ target: c, when: spec.when, evaluation: spec.when ? evaluate(spec.when, { ...contextFor(system, c), lenient: true }) : undefined }))
      .filter((m) => m.evaluation === undefined || m.evaluation.matched);
    if (matched.length > 0) return matched;
  }
  return [];
}

function instantiate(group: Group, system: SystemModel, registry: Registry): Omit<Threat, 'id'> {
  const { entry } = group;
  // Each member is scored for itself (a control the docs scope to another component does not lower
  // it); the threat carries the highest risk, explained by the member that has it.
  const scored = group.members
    .map((inst) => {
      const ctx = { ...contextFor(system), scope: inst.target };
      const l = score(entry.likelihood, ctx);
      const i = score(entry.impact, ctx);
      return { inst, l, i, product: l.value * i.value };
    })
    .sort((a, b) => b.product - a.product || a.inst.target.id.localeCompare(b.inst.target.id));
  const lead = scored[0]!;
  const targets = [...group.members].map((m) => m.target).sort((a, b) => a.id.localeCompare(b.id));
  const model = modelOf(system, lead.inst.target);
  const vars: TemplateVariables = {
    component: groupName(targets),
    system: system.name,
    model: model ? displayName(model.name, model.technology) : 'the model',
  };
  const f = (t: string) => fill(t, vars);
  const statement = statementOf(entry, vars);
  const rationale = rationaleOf(lead.l, lead.i);
  return {
    key: threatKey(entry.id, targets.map((t) => t.id)),
    title: `${entry.title} — ${titleNames(targets)}`,
    category: entry.categories[0]!,
    categories: [...entry.categories],
    surface: entry.surfaces[0] ?? null,
    components: targets.map((t) => t.id),
    statement,
    text: sentenceOf(statement),
    scenario: { misactor: f(entry.scenario.misactor), goal: f(entry.scenario.goal), steps: entry.scenario.steps.map((s) => capitalize(f(s))) },
    likelihood: lead.l.value,
    impact: lead.i.value,
    risk: riskOf(lead.l.value, lead.i.value),
    rationale: targets.length > 1 ? `Highest for ${displayName(lead.inst.target.name, lead.inst.target.technology)}: ${rationale.charAt(0).toLowerCase()}${rationale.slice(1)}` : rationale,
    mitigations: entry.mitigations.map((m) => ({
      id: m.id,
      title: m.title,
      description: capitalize(f(m.description)),
      monitoring: { signal: f(m.monitoring.signal), alert: f(m.monitoring.alert) },
    })),
    indicators: [...entry.indicators],
    red_team: entry.red_team.map((r) => ({ title: r.title, procedure: capitalize(f(r.procedure)), expected: capitalize(f(r.expected)) })),
    entry: entry.id,
    references: resolveReferences(registry, entry.references),
    evidence: sortEvidence(group.members.flatMap((m) => evidenceFor(entry, system, m.target, m.when))).slice(0, 5),
    assumed_absent: [...new Set(group.members.flatMap((m) => m.assumed))].sort(),
    why: whyOf(entry, system, lead.inst),
    origin: 'catalog',
    status: 'open',
  };
}

const RISK_RANK = new Map(RISK_LEVELS.map((r, i) => [r, i]));

/** Deterministic order: category, then highest risk first, then key. */
export function compareThreats(a: Pick<Threat, 'category' | 'risk' | 'key'>, b: Pick<Threat, 'category' | 'risk' | 'key'>): number {
  return (
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    RISK_RANK.get(b.risk)! - RISK_RANK.get(a.risk)! ||
    a.key.localeCompare(b.key)
  );
}

const AI_KINDS = ['llm', 'ml-model', 'agent'] as const;
const AI_FEATURES = ['llm', 'predictive-ml'] as const;

/** Catalog threats: applicable knowledge entries × the components they apply to. Offline and deterministic. */
export function generateCatalogThreats(input: CatalogInput): CatalogResult {
  const { system, registry } = input;
  const entries = [...input.entries].sort((a, b) => a.id.localeCompare(b.id));
  const ctx = { ...contextFor(system), lenient: true };
  const groups: Group[] = [];
  const notes: string[] = [];
  // aitm models AI products: with no model anywhere, it says so (the reading's warning) rather than
  // passing off a partial classic review of an ordinary system as a threat model.
  const ai = AI_KINDS.some((k) => ctx.kinds.has(k)) || AI_FEATURES.some((f) => system.features[f]?.state === 'present');
  if (!ai) notes.push('No AI or ML component: no threats were generated; aitm models systems with AI in them.');
  for (const entry of ai ? entries : []) {
    const ev = evaluate(entry.applies_when, ctx);
    if (!ev.matched) continue;
    const targets = targetsOf(entry, system);
    if (targets.length === 0) {
      notes.push(`${entry.id} applies, but no component matches its targets (${entry.targets.map((t) => t.kind).join(', ')}).`);
      continue;
    }
    const members: Instance[] = [];
    for (const t of targets) {
      // Read again for this component: a control the docs put in place for it ("prompts to the model are
      // logged") answers the question the system-wide reading left open.
      const own = evaluate(entry.applies_when, { ...ctx, scope: t.target });
      if (!own.matched) continue;
      const assumed = [...new Set([...own.assumedAbsent, ...(t.evaluation?.assumedAbsent ?? [])])].sort();
      members.push({ entry, target: t.target, when: t.when, assumed });
    }
    // One threat per entry and role: the components that share it are named in the one threat.
    if (members.length > 0) groups.push({ entry, members });
  }
  const drafts = groups.map((g) => instantiate(g, system, registry));
  const ids = assignDisplayIds(drafts);
  const threats: Threat[] = drafts.map((d) => ({ id: ids.get(d.key)!, ...d })).sort(compareThreats);
  return {
    threats,
    coverage: coverageOf(system, entries, threats),
    monitoring: monitoringOf(threats),
    questions: questionsOf(system, entries, threats),
    notes,
  };
}

/** Component × category: covered by threats, not applicable (with the rule's reason), or a gap. */
export function coverageOf(system: SystemModel, entries: readonly KnowledgeEntry[], threats: readonly Threat[]): CoverageRow[] {
  const ctx = contextFor(system);
  const byComponent = new Map<string, Threat[]>();
  for (const t of threats) for (const c of t.components) byComponent.set(c, [...(byComponent.get(c) ?? []), t]);
  return system.components.map((component) => {
    const cells = {} as Record<Category, CoverageCell>;
    const mine = byComponent.get(component.id) ?? [];
    for (const category of CATEGORIES) {
      const covering = mine.filter((t) => t.categories.includes(category));
      if (covering.length > 0) {
        cells[category] = { state: 'covered', threats: covering.map((t) => t.id) };
        continue;
      }
      const candidates = entries.filter((e) => e.categories.includes(category) && e.targets.some((t) => t.kind === component.kind));
      if (candidates.length === 0) {
        cells[category] = { state: 'gap', reason: `no knowledge entry covers ${category} for ${component.kind} components; review by hand` };
        continue;
      }
      const reasons = candidates.slice(0, 3).map((e) => {
        const ev = evaluate(e.applies_when, ctx);
        if (!ev.matched) return `${e.id}: ${explainFailure(e.applies_when, ctx)}`;
        const spec = e.targets.find((t) => t.kind === component.kind && t.when);
        if (spec?.when && !evaluate(spec.when, contextFor(system, component)).matched)
          return `${e.id}: ${explainFailure(spec.when, contextFor(system, component))}`;
        return `${e.id}: raised on another component`;
      });
      const more = candidates.length > 3 ? ` (+${candidates.length - 3} more)` : '';
      cells[category] = { state: 'not-applicable', reason: `${reasons.join('; ')}${more}` };
    }
    return { component: component.id, cells };
  });
}

const RISK_ORDER = (t: Threat) => RISK_RANK.get(t.risk)!;

/** One row per monitoring signal, linked to the threats whose mitigations rely on it. */
export function monitoringOf(threats: readonly Threat[]): MonitoringItem[] {
  const rows = new Map<string, MonitoringItem & { rank: number }>();
  for (const t of threats) {
    for (const m of t.mitigations) {
      const k = `${m.id}|${m.monitoring.signal}`;
      const row = rows.get(k) ?? { signal: m.monitoring.signal, alert: m.monitoring.alert, mitigation: m.title, threats: [], rank: 0 };
      if (!row.threats.includes(t.id)) row.threats.push(t.id);
      row.rank = Math.max(row.rank, RISK_ORDER(t));
      rows.set(k, row);
    }
  }
  return [...rows.values()]
    .sort((a, b) => b.rank - a.rank || b.threats.length - a.threats.length || a.signal.localeCompare(b.signal))
    .map(({ rank: _rank, ...row }) => row);
}

/** The entry question that asks about a fact, when one of the entries that read it has one. */
function questionFor(entries: readonly KnowledgeEntry[], fact: string): string | undefined {
  const negated = (c: Condition, under: boolean): boolean => {
    if ('feature' in c) return under && c.feature === fact;
    if ('all' in c) return c.all.some((x) => negated(x, under));
    if ('any' in c) return c.any.some((x) => negated(x, under));
    if ('not' in c) return negated(c.not, !under);
    return false;
  };
  // The entries that fire when the fact is missing are the ones whose question asks about it.
  return entries.find((e) => e.question && negated(e.applies_when, false))?.question;
}

/** Open questions: facts the docs are silent on that rules assumed absent, with the threats that depend on them. */
/** How to ask about a control trait the docs are silent on, for the components that lack it. */
const TRAIT_QUESTION: Partial<Record<string, (names: string, many: boolean) => string>> = {
  authenticated: (n, many) => `Do callers have to authenticate (a login, token, API key or mutual TLS) before ${n} ${many ? 'serve' : 'serves'} them?`,
  'rate-limited': (n) => `Are requests to ${n} rate-limited or metered per user or client?`,
  'requires-approval': (n) => `Does a person approve each call to ${n} before it runs?`,
};

/** "A", "A and B", "A, B and C": names in a question. */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Open questions: the controls the docs are silent on that rules assumed absent, with the threats
 * that depend on them — one question per control, naming every component it is asked of.
 */
export function questionsOf(system: SystemModel, entries: readonly KnowledgeEntry[], threats: readonly Threat[]): string[] {
  const byFact = new Map<string, { owners: string[]; ids: string[] }>();
  for (const t of threats)
    for (const a of t.assumed_absent) {
      const [owner, trait] = a.includes(': ') ? a.split(': ') : [undefined, a];
      const key = trait!;
      const entry = byFact.get(key) ?? { owners: [], ids: [] };
      if (owner && !entry.owners.includes(owner)) entry.owners.push(owner);
      if (!entry.ids.includes(t.id)) entry.ids.push(t.id);
      byFact.set(key, entry);
    }
  const out: string[] = [...system.questions];
  for (const [fact, { owners, ids }] of [...byFact.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const description = (FEATURES as Record<string, string>)[fact] ?? (TRAITS as Record<string, string>)[fact];
    const trait = owners.length > 0 ? TRAIT_QUESTION[fact] : undefined;
    const ask = trait
      ? trait(listOf([...owners].sort()), owners.length > 1)
      : (questionFor(entries, fact) ?? `${owners.length ? `For ${listOf([...owners].sort())}: is` : 'Is'} this true: ${(description ?? fact).replace(/\.$/, '').toLowerCase()} (\`${fact}\`)?`);
    const list = `${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`;
    out.push(`${ask} The docs do not say, so ${ids.length === 1 ? 'one threat assumes' : `${ids.length} threats assume`} not (${list}).`);
  }
  return out;
}

export type { Feature };
