import type { ClauseReading } from '../read/reading.js';
import type { Actor, Component, DataFlow, Evidence } from '../system.js';
import type { Technology } from '../technology.js';
import type { ComponentKind, Feature, Trait } from '../vocabulary.js';

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

/** Lower-case, with hyphens, underscores, dots between words and runs of spaces read as one space. */
export function norm(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[-_/]+|\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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

export function containsWord(haystack: string, needle: string): boolean {
  return wordIndex(haystack, needle) >= 0;
}

const evidenceKeys = new WeakMap<Evidence[], Set<string>>();

/** Adds evidence to a list unless the list already cites that line: constant time per call. */
export function addEvidence(list: Evidence[], e: Evidence): void {
  let keys = evidenceKeys.get(list);
  if (!keys) {
    keys = new Set(list.map((x) => `${x.file}\0${x.line}`));
    evidenceKeys.set(list, keys);
  }
  const key = `${e.file}\0${e.line}`;
  if (keys.has(key)) return;
  keys.add(key);
  list.push(e);
}

/** How a component was found, strongest first. */
export type Origin = 'declared' | 'diagram' | 'table' | 'definition' | 'heading' | 'name' | 'technology' | 'phrase';

export const ORIGIN_STRENGTH: Record<Origin, number> = {
  declared: 6,
  diagram: 5,
  table: 5,
  definition: 4,
  heading: 4,
  name: 3,
  technology: 2,
  phrase: 1,
};

export interface Draft {
  component: Component;
  aliases: string[];
  origin: Origin;
  /** Named only with a category word ("the LLM", "a vector store"), not a name of its own. */
  generic: boolean;
  /** The product from the vocabulary it is, when the docs name one. */
  product?: Technology;
}

/** A fact as one clause states it, with the components it is about. */
export interface Statement {
  feature?: Feature;
  trait?: Trait;
  reading: ClauseReading;
  /** Component ids, or the whole system, or nothing the reader could place. */
  subjects: string[] | 'system' | 'unplaced';
  evidence: Evidence;
}

type AliasIndex = {
  byFirstWord: Map<string, Array<{ alias: string; draft: Draft }>>;
  byAlias: Map<string, Draft>;
  odd: Array<{ alias: string; draft: Draft }>;
};

const KIND_SUFFIX = /\s+(tool|service|api|server|model|store|db|database|index|agent|pipeline|job|worker|queue|bucket|cache)$/i;

/** The system as it is being read: components with their aliases, actors, flows, statements. */
export class SystemBuilder {
  readonly drafts = new Map<string, Draft>();
  readonly actors = new Map<string, Actor>();
  readonly flows: DataFlow[] = [];
  private readonly flowKeys = new Set<string>();
  readonly boundaries = new Map<string, { id: string; name: string; components: string[] }>();
  readonly statements: Statement[] = [];
  /** Sentences that state a fact the reader could not attach to anything. */
  readonly unplaced: Evidence[] = [];
  /** The component that stands for each product ("Qdrant" → the help-centre index). */
  readonly byTechnology = new Map<string, Draft>();
  /** Where merged components went, so ids recorded earlier still resolve. */
  private readonly redirects = new Map<string, string>();
  private aliasIndex: AliasIndex | undefined;
  private kindIndex: Map<ComponentKind, Draft[]> | undefined;

  addComponent(name: string, kind: ComponentKind, evidence: Evidence, origin: Origin, extraAliases: string[] = [], generic = false): Draft {
    const existing = this.drafts.get(slugify(name)) ?? this.findByAlias(name);
    if (existing) {
      addEvidence(existing.component.evidence, evidence);
      for (const a of extraAliases) this.addAlias(existing, a);
      if (ORIGIN_STRENGTH[origin] > ORIGIN_STRENGTH[existing.origin]) existing.origin = origin;
      if (!generic) existing.generic = false;
      return existing;
    }
    const aliases = new Set<string>([norm(name), ...extraAliases.map(norm)]);
    // "the refund" for "Refund tool": a tool is often named by what it does. Other parts keep their full
    // names ("Orders service" is not every mention of "orders").
    const core = name.replace(KIND_SUFFIX, '').trim();
    if ((kind === 'tool' || kind === 'agent') && core.length >= 4 && norm(core) !== norm(name) && !/^(the|an?|our)$/i.test(core) && !generic) aliases.add(norm(core));
    const head = name.split(/\s[-–—(]\s?|\(|,/)[0]!.trim();
    if (head.length >= 4 && head !== name) aliases.add(norm(head));
    const draft: Draft = {
      component: { id: this.uniqueId(slugify(name)), name, kind, traits: [], evidence: [evidence] },
      aliases: [...aliases].filter((a) => a.length >= 2),
      origin,
      generic,
    };
    this.drafts.set(draft.component.id, draft);
    if (this.aliasIndex) for (const a of draft.aliases) this.indexAlias(this.aliasIndex, draft, a);
    this.kindIndex = undefined;
    return draft;
  }

  /** The component an id recorded earlier now stands for (after merges). */
  resolve(id: string): Draft | undefined {
    let current = id;
    for (let i = 0; i < 20 && !this.drafts.has(current); i++) {
      const next = this.redirects.get(current);
      if (!next) return undefined;
      current = next;
    }
    return this.drafts.get(current);
  }

  setKind(draft: Draft, kind: ComponentKind): void {
    draft.component.kind = kind;
    this.kindIndex = undefined;
  }

  private uniqueId(id: string): string {
    if (!this.drafts.has(id) && !this.actors.has(id)) return id;
    for (let n = 2; ; n++) if (!this.drafts.has(`${id}-${n}`) && !this.actors.has(`${id}-${n}`)) return `${id}-${n}`;
  }

  findByAlias(name: string): Draft | undefined {
    return this.index().byAlias.get(norm(name));
  }

  /** A component of a compatible kind whose name contains `name` as whole words, or the reverse. */
  containing(name: string, kinds: readonly ComponentKind[]): Draft | undefined {
    const key = norm(name);
    if (key.length < 4) return undefined;
    for (const d of this.drafts.values()) {
      if (!kinds.includes(d.component.kind)) continue;
      const n = norm(d.component.name);
      if (containsWord(n, key) || containsWord(key, n)) return d;
    }
    return undefined;
  }

  addAlias(draft: Draft, alias: string): void {
    const a = norm(alias);
    if (a.length < 2 || draft.aliases.includes(a)) return;
    draft.aliases.push(a);
    if (this.aliasIndex) this.indexAlias(this.aliasIndex, draft, a);
  }

  /** Folds one component into another: evidence, traits, aliases, flows and boundaries follow. */
  merge(from: Draft, into: Draft): void {
    const a = from.component;
    const b = into.component;
    for (const e of a.evidence) addEvidence(b.evidence, e);
    for (const t of a.traits) if (!b.traits.some((x) => x.trait === t.trait)) b.traits.push(t);
    for (const alias of from.aliases) this.addAlias(into, alias);
    if (!b.description && a.description) b.description = a.description;
    if (!b.technology && a.technology) b.technology = a.technology;
    if (!into.product && from.product) into.product = from.product;
    if (!from.generic) into.generic = false;
    if (ORIGIN_STRENGTH[from.origin] > ORIGIN_STRENGTH[into.origin]) into.origin = from.origin;
    for (const f of this.flows) {
      if (f.from === a.id) f.from = b.id;
      if (f.to === a.id) f.to = b.id;
    }
    for (let i = this.flows.length - 1; i >= 0; i--) if (this.flows[i]!.from === this.flows[i]!.to) this.flows.splice(i, 1);
    for (const boundary of this.boundaries.values()) boundary.components = [...new Set(boundary.components.map((c) => (c === a.id ? b.id : c)))];
    for (const s of this.statements) if (Array.isArray(s.subjects)) s.subjects = [...new Set(s.subjects.map((x) => (x === a.id ? b.id : x)))];
    for (const [tech, d] of this.byTechnology) if (d === from) this.byTechnology.set(tech, into);
    this.drafts.delete(a.id);
    this.redirects.set(a.id, b.id);
    this.aliasIndex = undefined;
    this.kindIndex = undefined;
  }

  remove(draft: Draft): void {
    this.drafts.delete(draft.component.id);
    const id = draft.component.id;
    for (let i = this.flows.length - 1; i >= 0; i--) if (this.flows[i]!.from === id || this.flows[i]!.to === id) this.flows.splice(i, 1);
    for (const boundary of this.boundaries.values()) boundary.components = boundary.components.filter((c) => c !== id);
    for (const [tech, d] of this.byTechnology) if (d === draft) this.byTechnology.delete(tech);
    this.aliasIndex = undefined;
    this.kindIndex = undefined;
  }

  ofKind(...kinds: ComponentKind[]): Draft[] {
    if (!this.kindIndex) {
      this.kindIndex = new Map();
      for (const d of this.drafts.values()) {
        const list = this.kindIndex.get(d.component.kind);
        if (list) list.push(d);
        else this.kindIndex.set(d.component.kind, [d]);
      }
    }
    if (kinds.length === 1) return this.kindIndex.get(kinds[0]!) ?? [];
    return kinds.flatMap((k) => this.kindIndex!.get(k) ?? []);
  }

  addFlow(flow: DataFlow): void {
    const key = `${flow.from}\0${flow.to}\0${flow.data ?? ''}`;
    if (this.flowKeys.has(key)) return;
    this.flowKeys.add(key);
    this.flows.push(flow);
  }

  private indexAlias(index: AliasIndex, draft: Draft, alias: string): void {
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
  private index(): AliasIndex {
    if (this.aliasIndex) return this.aliasIndex;
    const index: AliasIndex = { byFirstWord: new Map(), byAlias: new Map(), odd: [] };
    for (const d of this.drafts.values()) for (const alias of d.aliases) this.indexAlias(index, d, alias);
    this.aliasIndex = index;
    return index;
  }

  /**
   * Components a text names, with the offset (in the text) of each first mention. The longest
   * alias wins where two start at the same word ("Orders service" over "Orders").
   */
  mentions(text: string): Array<{ draft: Draft; start: number; end: number }> {
    // A length-preserving normal form, so offsets in it are offsets in `text`.
    const n = text.toLowerCase().replace(/[‘’]/g, "'").replace(/[-_/]|\.(?=\s|$)/g, ' ');
    const { byFirstWord, odd } = this.index();
    const found = new Map<Draft, { start: number; end: number }>();
    const note = (d: Draft, start: number, end: number) => {
      const seen = found.get(d);
      if (!seen || start < seen.start) found.set(d, { start, end });
    };
    for (const word of n.matchAll(/[a-z0-9]+/g)) {
      const at = word.index;
      let best: { alias: string; draft: Draft } | undefined;
      for (const candidate of byFirstWord.get(word[0]) ?? []) {
        if (!n.startsWith(candidate.alias, at)) continue;
        const after = n[at + candidate.alias.length] ?? ' ';
        if (/[a-z0-9]/.test(after)) continue;
        if (!best || candidate.alias.length > best.alias.length) best = candidate;
      }
      if (best) note(best.draft, at, at + best.alias.length);
    }
    for (const { alias, draft } of odd) {
      const at = wordIndex(n, alias);
      if (at >= 0) note(draft, at, at + alias.length);
    }
    return [...found.entries()].map(([draft, r]) => ({ draft, ...r })).sort((a, b) => a.start - b.start);
  }

  state(statement: Statement): void {
    this.statements.push(statement);
  }
}

export function stripKindSuffix(name: string): string {
  return name.replace(KIND_SUFFIX, '').trim();
}

export type { Reading } from '../read/reading.js';
