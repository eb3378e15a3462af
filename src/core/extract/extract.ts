import type { Actor, Component, DataFlow, Evidence, FeatureFact, SystemModel } from '../system.js';
import type { ComponentKind, Feature, Trait } from '../vocabulary.js';
import { parseDocument, sentences, type ParsedDocument, type SourceDocument } from './document.js';
import type { MermaidGraph } from './mermaid.js';
import {
  ACTOR_PATTERN,
  actorTrust,
  CONTROL_FEATURES,
  FEATURE_FROM_TRAIT,
  FEATURE_RULES,
  FUTURE_SECTION,
  KIND_RULES,
  NEGATION,
  NEGATION_BREAK,
  PROSE_COMPONENT_RULES,
  TRAIT_FROM_FEATURE,
  TRAIT_RULES,
  READING_CALL,
  WRITING_CALL,
} from './rules.js';

/** Kebab-case id from a name: "Help-centre index" → "help-centre-index". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'component';
}

export function classifyKind(label: string, shape?: string): ComponentKind {
  for (const rule of KIND_RULES) if (rule.pattern.test(label)) return rule.kind;
  return shape === 'cylinder' ? 'datastore' : 'service';
}

function isActorLabel(label: string): boolean {
  return ACTOR_PATTERN.test(label.trim());
}

const QUOTE_MAX = 200;

/** A verbatim piece of the source line around a match: the document shows exactly this text. */
function quoteOf(raw: string, match: string): string {
  const line = raw.trim();
  const at = line.indexOf(match);
  if (line.length <= QUOTE_MAX || at < 0) return line.length <= QUOTE_MAX ? line : clip(line, 0);
  const parts = sentences(line);
  const hit = parts.find((p) => p.start <= at && at < p.start + p.text.length);
  const sentence = hit ? hit.text.trim() : line;
  if (sentence.length <= QUOTE_MAX) return sentence;
  return clip(line, Math.max(0, at - 60));
}

function clip(text: string, from: number): string {
  const piece = text.slice(from, from + QUOTE_MAX);
  const end = piece.lastIndexOf(' ');
  return (end > QUOTE_MAX / 2 ? piece.slice(0, end) : piece).trim();
}

function isNegated(sentenceBefore: string): boolean {
  const m = NEGATION.exec(sentenceBefore);
  if (!m) return false;
  const after = sentenceBefore.slice(m.index + m[1]!.length);
  return !NEGATION_BREAK.test(after) && after.split(/\s+/).filter(Boolean).length <= 6;
}

interface Draft {
  component: Component;
  aliases: string[];
}

const ABSENCE_WINS: ReadonlySet<Trait> = new Set<Trait>(['requires-approval', 'rate-limited', 'side-effects']);

class SystemBuilder {
  readonly drafts = new Map<string, Draft>();
  readonly actors = new Map<string, Actor>();
  readonly flows: DataFlow[] = [];
  readonly boundaries = new Map<string, { id: string; name: string; components: string[] }>();
  readonly features = new Map<Feature, { present: Evidence[]; absent: Evidence[] }>();

  addComponent(name: string, kind: ComponentKind, evidence: Evidence, extraAliases: string[] = []): Draft {
    const id = slugify(name);
    const existing = this.drafts.get(id) ?? this.findByAlias(name);
    if (existing) {
      addEvidence(existing.component.evidence, evidence);
      for (const a of extraAliases) this.addAlias(existing, a);
      return existing;
    }
    const aliases = new Set<string>([norm(name), ...extraAliases.map(norm)]);
    const core = name.replace(/\s+(tool|service|api|server|model|store|db|database|index|agent|pipeline)$/i, '').trim();
    if (core.length >= 4 && norm(core) !== norm(name) && !/^(the|an?|our)$/i.test(core)) aliases.add(norm(core));
    const head = name.split(/\s[-–—(]\s?|\(|,/)[0]!.trim();
    if (head.length >= 4 && head !== name) aliases.add(norm(head));
    const draft: Draft = {
      component: { id: this.uniqueId(id), name, kind, traits: [], evidence: [evidence] },
      aliases: [...aliases].filter((a) => a.length >= 3),
    };
    this.drafts.set(draft.component.id, draft);
    if (this.aliasIndex) for (const a of draft.aliases) this.indexAlias(this.aliasIndex, draft, a);
    return draft;
  }

  private uniqueId(id: string): string {
    if (!this.drafts.has(id) && !this.actors.has(id)) return id;
    for (let n = 2; ; n++) if (!this.drafts.has(`${id}-${n}`) && !this.actors.has(`${id}-${n}`)) return `${id}-${n}`;
  }

  findByAlias(name: string): Draft | undefined {
    return this.index().byAlias.get(norm(name));
  }

  /** A component of the same kind whose name contains `name` as whole words ("Zendesk agent queue" for "Agent queue"). */
  containing(name: string, kind: ComponentKind): Draft | undefined {
    const key = norm(name);
    if (key.length < 4) return undefined;
    return [...this.drafts.values()].find(
      (d) => d.component.kind === kind && (containsWord(norm(d.component.name), key) || containsWord(key, norm(d.component.name))),
    );
  }

  /** Folds one component into another: evidence, traits, aliases, flows and boundaries follow. */
  merge(from: Draft, into: Draft): void {
    const a = from.component;
    const b = into.component;
    for (const e of a.evidence) addEvidence(b.evidence, e);
    for (const t of a.traits) for (const e of t.evidence) this.trait(into, t.trait as Trait, t.present, e);
    for (const alias of from.aliases) this.addAlias(into, alias);
    for (const f of this.flows) {
      if (f.from === a.id) f.from = b.id;
      if (f.to === a.id) f.to = b.id;
    }
    for (let i = this.flows.length - 1; i >= 0; i--) if (this.flows[i]!.from === this.flows[i]!.to) this.flows.splice(i, 1);
    for (const boundary of this.boundaries.values())
      boundary.components = [...new Set(boundary.components.map((c) => (c === a.id ? b.id : c)))];
    this.drafts.delete(a.id);
    this.touch();
  }

  ofKind(kind: ComponentKind): Draft[] {
    return [...this.drafts.values()].filter((d) => d.component.kind === kind);
  }

  /** Components a sentence names. */
  mentioned(sentence: string): Draft[] {
    return this.mentions(sentence).map((m) => m.draft);
  }

  private aliasIndex: { byFirstWord: Map<string, Array<{ alias: string; draft: Draft }>>; byAlias: Map<string, Draft>; odd: Array<{ alias: string; draft: Draft }> } | undefined;

  /** Call after any change to components or their aliases. */
  touch(): void {
    this.aliasIndex = undefined;
  }

  addAlias(draft: Draft, alias: string): void {
    const a = norm(alias);
    if (a.length < 3 || draft.aliases.includes(a)) return;
    draft.aliases.push(a);
    if (this.aliasIndex) this.indexAlias(this.aliasIndex, draft, a);
  }

  private indexAlias(index: NonNullable<SystemBuilder['aliasIndex']>, draft: Draft, alias: string): void {
    if (!index.byAlias.has(alias)) index.byAlias.set(alias, draft);
    const first = /^[a-z0-9]+/.exec(alias)?.[0];
    if (!first) index.odd.push({ alias, draft });
    else {
      const list = index.byFirstWord.get(first);
      if (list) list.push({ alias, draft });
      else index.byFirstWord.set(first, [{ alias, draft }]);
    }
  }

  /** Aliases indexed by their first word, so a sentence is matched in time linear in its words, not in the system's size. */
  private index() {
    if (this.aliasIndex) return this.aliasIndex;
    const byFirstWord = new Map<string, Array<{ alias: string; draft: Draft }>>();
    const byAlias = new Map<string, Draft>();
    const odd: Array<{ alias: string; draft: Draft }> = [];
    const index = { byFirstWord, byAlias, odd };
    for (const d of this.drafts.values()) for (const alias of d.aliases) this.indexAlias(index, d, alias);
    this.aliasIndex = index;
    return index;
  }

  /** Components a sentence names, with the position of the first mention (in the normalised text). */
  mentions(sentence: string): Array<{ draft: Draft; at: number }> {
    const text = norm(sentence);
    const { byFirstWord, odd } = this.index();
    const first = new Map<Draft, number>();
    const note = (d: Draft, at: number) => {
      const seen = first.get(d);
      if (seen === undefined || at < seen) first.set(d, at);
    };
    for (const word of text.matchAll(/[a-z0-9]+/g)) {
      const at = word.index;
      if (at > 0 && /[a-z0-9]/.test(text[at - 1]!)) continue;
      for (const { alias, draft } of byFirstWord.get(word[0]) ?? []) {
        if (!text.startsWith(alias, at)) continue;
        const after = text[at + alias.length] ?? ' ';
        if (!/[a-z0-9]/.test(after)) note(draft, at);
      }
    }
    for (const { alias, draft } of odd) {
      const at = wordIndex(text, alias);
      if (at >= 0) note(draft, at);
    }
    return [...first.entries()].map(([draft, at]) => ({ draft, at }));
  }

  feature(feature: Feature, present: boolean, evidence: Evidence): void {
    const entry = this.features.get(feature) ?? { present: [], absent: [] };
    addEvidence(present ? entry.present : entry.absent, evidence);
    this.features.set(feature, entry);
  }

  trait(draft: Draft, trait: Trait, present: boolean, evidence: Evidence): void {
    const existing = draft.component.traits.find((t) => t.trait === trait);
    if (existing) {
      // For safeguards (and "read-only"), a stated absence wins: a partial control is a gap.
      // For everything else, any evidence of presence wins.
      if (existing.present !== present) existing.present = ABSENCE_WINS.has(trait) ? false : true;
      addEvidence(existing.evidence, evidence);
      return;
    }
    draft.component.traits.push({ trait, present, evidence: [evidence] });
  }
}

/** Lower-case, with hyphens, underscores and runs of spaces read as one space. */
function norm(text: string): string {
  return text.toLowerCase().replace(/[-_\s]+/g, ' ').trim();
}

function wordIndex(haystack: string, needle: string): number {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return -1;
    const before = at === 0 ? ' ' : haystack[at - 1]!;
    const after = haystack[at + needle.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
    from = at + 1;
  }
}

function containsWord(haystack: string, needle: string): boolean {
  return wordIndex(haystack, needle) >= 0;
}

function addEvidence(list: Evidence[], e: Evidence): void {
  if (list.some((x) => x.file === e.file && x.line === e.line)) return;
  list.push(e);
}

function readDiagram(b: SystemBuilder, doc: ParsedDocument, graph: MermaidGraph, rawLines: string[]): void {
  const ids = new Map<string, string>();
  for (const node of graph.nodes) {
    const evidence: Evidence = { file: doc.file, line: node.line, quote: quoteOf(rawLines[node.line - 1] ?? node.label, node.label) };
    const label = node.label;
    if (isActorLabel(label)) {
      const id = slugify(label);
      if (!b.actors.has(id)) b.actors.set(id, { id, name: label, trust: actorTrust(label), evidence: [evidence] });
      ids.set(node.id, id);
      continue;
    }
    const draft = b.addComponent(label, classifyKind(label, node.shape), evidence, node.id.length >= 3 ? [node.id] : []);
    ids.set(node.id, draft.component.id);
  }
  for (const sg of graph.subgraphs) {
    const id = slugify(sg.label);
    const boundary = b.boundaries.get(id) ?? { id, name: sg.label, components: [] };
    for (const n of sg.nodes) {
      const cid = ids.get(n);
      if (cid && !boundary.components.includes(cid)) boundary.components.push(cid);
    }
    b.boundaries.set(id, boundary);
  }
  const zone = new Map(graph.nodes.map((n) => [n.id, n.subgraph]));
  for (const e of graph.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to || from === to) continue;
    const za = zone.get(e.from);
    const zb = zone.get(e.to);
    const raw = rawLines[e.line - 1] ?? '';
    const flow: DataFlow = {
      from,
      to,
      ...(e.label ? { data: e.label } : {}),
      crosses_boundary: za !== undefined && zb !== undefined && za !== zb,
      evidence: [{ file: doc.file, line: e.line, quote: quoteOf(raw, e.label ?? e.to) }],
    };
    if (!b.flows.some((f) => f.from === flow.from && f.to === flow.to && f.data === flow.data)) b.flows.push(flow);
  }
}

const COMPONENT_SECTION = /\b(components?|architecture|building blocks|services|system design|moving parts|what'?s in it|tools?|models?|data stores?|inventory)\b/i;
const TOOL_SECTION = /\btools?\b|\bfunctions?\b|\bactions\b/i;
const DEFINITION =
  /^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:(?:\*\*|__)`?([A-Za-z][^*_`]{1,48}?)`?(?:\*\*|__)|`([A-Za-z][\w .-]{1,40}?)(?:\([^`]*\))?`|([A-Z][\w .()/&'-]{1,40}?))\s*(?:\(.{0,80}\)`?)?\s*(?:[:—–]|\s-\s)\s*(.+)$/;
const TABLE_HEADER = /^(component|name|service|part|element|system|tool|model|store|what)s?$/i;

/** A component defined in a table row or a "**Name** — description" line of a components section. */
function definitionOf(raw: string): { name: string; description: string; callable?: true; table?: true } | undefined {
  if (/^\s*\|/.test(raw)) {
    const cells = raw.split('|').slice(1, -1).map((c) => c.replace(/\*\*|__|`/g, '').trim());
    const name = cells[0];
    if (!name || TABLE_HEADER.test(name) || /^[-: ]+$/.test(name)) return undefined;
    return { name, description: cells.slice(1).filter(Boolean).join('; '), table: true };
  }
  const m = DEFINITION.exec(raw);
  if (!m) return undefined;
  const bold = m[1] !== undefined || m[2] !== undefined;
  const listed = /^\s*([-*+]|\d+[.)])\s+/.test(raw);
  if (!bold && !listed) return undefined;
  // `create_ticket(summary, …)` or `lookup_user`: a function the model calls.
  const callable = m[2] !== undefined && (/\(/.test(raw.slice(0, raw.indexOf(m[4]!))) || /_/.test(m[2]));
  return { name: (m[1] ?? m[2] ?? m[3]!).trim(), description: m[4]!.replace(/\*\*|__|`/g, '').trim(), ...(callable ? { callable } : {}) };
}

function readDefinitions(b: SystemBuilder, doc: ParsedDocument, rawLines: string[]): void {
  for (const p of doc.prose) {
    if (p.isHeading || !p.heading || !COMPONENT_SECTION.test(p.heading)) continue;
    const raw = rawLines[p.line - 1] ?? '';
    const def = definitionOf(raw);
    if (!def) continue;
    const { name, description } = def;
    if (name.split(/\s+/).length > 6 || isActorLabel(name) || /^(note|notes|status|owner|example)s?$/i.test(name)) continue;
    let kind = classifyKind(name);
    if (kind === 'service') kind = classifyKind(`${name} ${description}`);
    if ((def.callable || TOOL_SECTION.test(p.heading)) && !['tool', 'mcp-server', 'agent'].includes(kind)) kind = 'tool';
    const evidence: Evidence = { file: doc.file, line: p.line, quote: quoteOf(raw, name) };
    const firstCell = description.split(';')[0]!.trim();
    const firstWords = firstCell.split(/[,(]/)[0]!.trim();
    // In a table, the second column often names the product the diagram drew ("Logging | Datadog Logs").
    const existing =
      b.findByAlias(name) ??
      b.containing(name, kind) ??
      (def.table && firstCell ? (b.findByAlias(firstCell) ?? b.findByAlias(firstWords)) : undefined);
    const draft = existing ? b.addComponent(existing.component.name, existing.component.kind, evidence, [name]) : b.addComponent(name, kind, evidence);
    if (!draft.component.description && description) draft.component.description = description.slice(0, 240);
    if (def.callable && draft.component.kind === 'tool') {
      if (WRITING_CALL.test(name)) b.trait(draft, 'side-effects', true, evidence);
      else if (READING_CALL.test(name)) b.trait(draft, 'side-effects', false, evidence);
    }
  }
}

/** Kinds a prose phrase may name when the doc drew the thing as something close ("vector store" for a memory). */
const COMPATIBLE_KINDS: Partial<Record<ComponentKind, ComponentKind[]>> = {
  'vector-store': ['vector-store', 'memory', 'datastore'],
  memory: ['memory', 'vector-store', 'datastore'],
  tool: ['tool', 'mcp-server'],
  dataset: ['dataset', 'datastore'],
};

function readProseComponents(b: SystemBuilder, doc: ParsedDocument, rawLines: string[]): void {
  for (const p of doc.prose) {
    for (const s of sentences(p.text)) {
      for (const rule of PROSE_COMPONENT_RULES) {
        const m = rule.pattern.exec(s.text);
        if (!m) continue;
        if (isNegated(s.text.slice(0, m.index))) continue;
        const name = rule.name(m).trim();
        const evidence: Evidence = { file: doc.file, line: p.line, quote: quoteOf(rawLines[p.line - 1] ?? p.text, m[0]) };
        const named = b.findByAlias(name);
        if (named) {
          addEvidence(named.component.evidence, evidence);
          continue;
        }
        const sameKind = b.ofKind(rule.kind);
        const compatible = COMPATIBLE_KINDS[rule.kind] ?? [rule.kind];
        const mentioned = b.mentioned(s.text).filter((d) => compatible.includes(d.component.kind));
        const target = mentioned[0] ?? (sameKind.length >= 1 ? sameKind[0] : undefined);
        // A generic phrase ("the LLM") names an existing component of that kind; a specific one
        // ("Qwen2.5-Coder") becomes an alias of it when it is the only one.
        if (target && (sameKind.length === 1 || mentioned.length > 0)) {
          addEvidence(target.component.evidence, evidence);
          b.addAlias(target, name);
          continue;
        }
        if (sameKind.length > 1) continue;
        b.addComponent(name, rule.kind, evidence);
      }
    }
  }
}

function readFacts(b: SystemBuilder, doc: ParsedDocument, rawLines: string[]): void {
  let blockOwner: Draft | undefined;
  let previousLine = -1;
  for (const p of doc.prose) {
    const raw = rawLines[p.line - 1] ?? p.text;
    // Lines right under "**Refund** — …" (no blank line between) speak about the refund tool.
    const def = p.isHeading ? undefined : definitionOf(raw);
    const defined = def ? b.findByAlias(def.name) : undefined;
    if (defined) blockOwner = defined;
    else if (p.isHeading || p.line !== previousLine + 1) blockOwner = undefined;
    previousLine = p.line;
    const sectionOwner = p.heading ? (b.findByAlias(p.heading) ?? b.mentioned(p.heading)[0]) : undefined;
    const future = p.heading !== undefined && FUTURE_SECTION.test(p.heading);
    for (const s of sentences(p.text)) {
      for (const rule of FEATURE_RULES) {
        const m = rule.pattern.exec(s.text);
        if (!m) continue;
        const negated = isNegated(s.text.slice(0, m.index));
        let present = rule.absent ? negated : !negated;
        // A question ("do we need a human review step?") states no fact about a control.
        if (CONTROL_FEATURES.has(rule.feature) && /\?\s*$/.test(s.text)) continue;
        // A control that is planned is not in place; anything else said about the future is not a fact yet.
        if (future) {
          if (!CONTROL_FEATURES.has(rule.feature)) continue;
          present = false;
        }
        // A heading names a topic ("## Guardrails"), not a control that is in place.
        if (p.isHeading && CONTROL_FEATURES.has(rule.feature)) continue;
        b.feature(rule.feature, present, { file: doc.file, line: p.line, quote: quoteOf(raw, m[0]) });
      }
      if (future) continue;
      const mentions = b.mentions(s.text);
      for (const rule of TRAIT_RULES) {
        const m = rule.pattern.exec(s.text);
        if (!m) continue;
        const negated = isNegated(s.text.slice(0, m.index));
        const present = rule.absent ? negated : !negated;
        const evidence = { file: doc.file, line: p.line, quote: quoteOf(raw, m[0]) };
        const eligible = (d: Draft | undefined): d is Draft => d !== undefined && rule.kinds.includes(d.component.kind);
        // The trait belongs to the component named closest to the words that state it, else to the
        // component whose definition or section the sentence is in.
        const at = norm(s.text.slice(0, m.index)).length;
        const named = mentions.filter((x) => eligible(x.draft));
        const nearest = Math.min(...named.map((x) => Math.abs(x.at - at)));
        let targets = named.filter((x) => Math.abs(x.at - at) === nearest).map((x) => x.draft);
        if (targets.length === 0 && eligible(blockOwner)) targets = [blockOwner];
        if (targets.length === 0 && eligible(sectionOwner)) targets = [sectionOwner];
        if (targets.length === 0 && mentions.length === 0 && !blockOwner && !SITUATIONAL.has(rule.trait)) {
          const candidates = rule.kinds.flatMap((k) => b.ofKind(k));
          if (candidates.length === 1) targets = candidates;
        }
        for (const d of targets) b.trait(d, rule.trait, present, evidence);
      }
    }
  }
}

/** Traits too situational to pin on a component the sentence does not name. */
const SITUATIONAL: ReadonlySet<Trait> = new Set<Trait>(['side-effects', 'requires-approval', 'public', 'contains-pii']);

const STRONG_ML = /xgboost|lightgbm|catboost|classifier|recommender|\branker\b|random forest|gradient[- ]boost|regression|neural net|collaborative filtering|scor(er|ing)|fraud|churn|risk|forecast/i;

/**
 * In an LLM product, a box labelled just "Base model" or "Model server" is the LLM, not a
 * predictive model: fold it into the LLM unless the prose speaks of predictive ML.
 */
function foldGenericModels(b: SystemBuilder): void {
  const llms = b.ofKind('llm');
  const predictiveProse = b.features.get('predictive-ml')?.present.length ?? 0;
  if (llms.length === 0 || predictiveProse > 0) return;
  for (const d of b.ofKind('ml-model')) {
    if (STRONG_ML.test(`${d.component.name} ${d.component.description ?? ''}`)) continue;
    if (llms.length === 1) b.merge(d, llms[0]!);
    else d.component.kind = 'llm';
  }
}

/** Without an LLM or agent, a "tool" is an ordinary application (an admin tool), not something a model calls. */
function demoteToolsWithoutModel(b: SystemBuilder): void {
  if (b.ofKind('llm').length > 0 || b.ofKind('agent').length > 0 || (b.features.get('llm')?.present.length ?? 0) > 0) return;
  for (const d of b.ofKind('tool')) d.component.kind = 'service';
}

const FEEDBACK_SOURCE = /feedback|reports?\b|ratings?|thumbs|clicks?|labels?|flags?|dispute|chargeback|corrections?/i;

/** A path in the data flows from a feedback source to training: the model learns from feedback. */
function feedbackPaths(b: SystemBuilder): void {
  const training = new Set(b.ofKind('training-pipeline').map((d) => d.component.id));
  if (training.size === 0) return;
  const named = (id: string) => b.drafts.get(id)?.component.name ?? b.actors.get(id)?.name ?? id;
  for (const start of [...b.drafts.keys(), ...b.actors.keys()]) {
    const startFlows = b.flows.filter((f) => f.from === start);
    if (!FEEDBACK_SOURCE.test(named(start)) && !startFlows.some((f) => FEEDBACK_SOURCE.test(f.data ?? ''))) continue;
    const queue: Array<{ id: string; path: DataFlow[] }> = [{ id: start, path: [] }];
    const seen = new Set([start]);
    while (queue.length > 0) {
      const { id, path } = queue.shift()!;
      if (training.has(id) && path.length > 0) {
        for (const f of path) for (const e of f.evidence) b.feature('learns-from-feedback', true, e);
        break;
      }
      if (path.length >= 4) continue;
      for (const f of b.flows.filter((x) => x.from === id && !seen.has(x.to))) {
        seen.add(f.to);
        queue.push({ id: f.to, path: [...path, f] });
      }
    }
  }
}

function deriveFeatures(b: SystemBuilder): void {
  const has = (k: ComponentKind) => b.ofKind(k);
  const fromComponents = (feature: Feature, drafts: Draft[]) => {
    for (const d of drafts) b.feature(feature, true, d.component.evidence[0]!);
  };
  fromComponents('llm', has('llm'));
  fromComponents('predictive-ml', has('ml-model'));
  fromComponents('tools', has('tool'));
  fromComponents('mcp', has('mcp-server'));
  fromComponents('in-house-training', has('training-pipeline'));
  fromComponents('persistent-memory', has('memory'));
  if (has('vector-store').length > 0 && has('llm').length > 0) fromComponents('rag', has('vector-store'));
  if (has('agent').length >= 2) fromComponents('multi-agent', has('agent'));
  for (const rule of FEATURE_FROM_TRAIT) {
    for (const k of rule.kinds)
      for (const d of has(k)) {
        const t = d.component.traits.find((x) => x.trait === rule.trait && x.present);
        if (t) for (const e of t.evidence) b.feature(rule.feature, true, e);
      }
  }
}

function deriveTraits(b: SystemBuilder, features: SystemModel['features']): void {
  // Running code or commands is a side effect, whatever else the tool does.
  for (const d of [...b.ofKind('tool'), ...b.ofKind('agent'), ...b.ofKind('mcp-server')]) {
    const runs = d.component.traits.find((t) => t.trait === 'executes-code' && t.present);
    if (runs && !d.component.traits.some((t) => t.trait === 'side-effects')) d.component.traits.push({ trait: 'side-effects', present: true, evidence: [...runs.evidence] });
  }
  for (const rule of TRAIT_FROM_FEATURE) {
    const fact = features[rule.feature];
    if (!fact?.present) continue;
    const candidates = rule.kinds.flatMap((k) => b.ofKind(k));
    if (candidates.length !== 1) continue;
    const d = candidates[0]!;
    if (!d.component.traits.some((t) => t.trait === rule.trait)) d.component.traits.push({ trait: rule.trait, present: true, evidence: [...fact.evidence] });
  }
}

function resolveFeatures(b: SystemBuilder): SystemModel['features'] {
  const out: SystemModel['features'] = {};
  // Prose first: a sentence in the design doc explains a fact better than a line of YAML.
  const structured = (e: Evidence) => (/\.(ya?ml|json)$/i.test(e.file) ? 1 : 0);
  const byLine = (a: Evidence, c: Evidence) => structured(a) - structured(c) || a.file.localeCompare(c.file) || a.line - c.line;
  for (const [feature, { present, absent }] of [...b.features.entries()].sort(([a], [c]) => a.localeCompare(c))) {
    const isPresent = CONTROL_FEATURES.has(feature) ? present.length > 0 && absent.length === 0 : present.length > 0;
    const evidence = (isPresent ? present : [...absent, ...present]).sort(byLine).slice(0, 5);
    const fact: FeatureFact = { present: isPresent, evidence };
    out[feature] = fact;
  }
  return out;
}

const DOC_WORDS = /^(architecture|design|design doc(ument)?|system design|technical design|overview|architecture overview|rfc[- ]?\d*|one-pager|tech spec)$/i;

/** "Acme Support Assistant — Architecture" → "Acme Support Assistant": the system, not the document. */
export function systemNameOf(title: string): string {
  const parts = title.split(/\s+[—–-]\s+|:\s+/).map((p) => p.trim()).filter(Boolean);
  const kept = parts.filter((p) => !DOC_WORDS.test(p));
  return (kept.length > 0 ? kept : parts).join(' — ');
}

export interface ExtractOptions {
  name?: string;
}

/** Offline extraction: transparent rules over the documents; every fact carries its evidence. */
export function extractSystem(docs: SourceDocument[], options: ExtractOptions = {}): SystemModel {
  const b = new SystemBuilder();
  const parsed = docs.map((d) => ({ doc: parseDocument(d), raw: d.text.split('\n') }));
  for (const { doc, raw } of parsed) for (const g of doc.diagrams) readDiagram(b, doc, g, raw);
  for (const { doc, raw } of parsed) readDefinitions(b, doc, raw);
  for (const { doc, raw } of parsed) readProseComponents(b, doc, raw);
  for (const { doc, raw } of parsed) readFacts(b, doc, raw);
  foldGenericModels(b);
  demoteToolsWithoutModel(b);
  feedbackPaths(b);
  deriveFeatures(b);
  let features = resolveFeatures(b);
  deriveTraits(b, features);
  deriveFeatures(b);
  features = resolveFeatures(b);

  const first = parsed.find((p) => p.doc.title)?.doc;
  const purpose = parsed.map((p) => p.doc.purpose).find((x) => x !== undefined);
  const components = [...b.drafts.values()].map((d) => d.component).sort((x, y) => x.id.localeCompare(y.id));
  for (const c of components) c.traits.sort((x, y) => x.trait.localeCompare(y.trait));
  return {
    name: options.name ?? (first?.title ? systemNameOf(first.title) : 'Unnamed system'),
    ...(purpose ? { purpose: purpose.text } : {}),
    actors: [...b.actors.values()].sort((x, y) => x.id.localeCompare(y.id)),
    components,
    flows: b.flows,
    boundaries: [...b.boundaries.values()].filter((x) => x.components.length > 0),
    features,
    limitations: [],
    assumptions: [],
    questions: [],
  };
}

