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

const TOKEN = /[^\s,;:!?()"`[\]{}<>|*]+/g;

/** The words of a normalised text as `mentions` reads them. */
function tokensOf(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[0].replace(/^['.]+|['.]+$/g, '')).filter(Boolean);
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
  /** First words of aliases, to skip words no alias starts with. */
  firstWords: Set<string>;
  byAlias: Map<string, Draft>;
  /** Aliases that do not start with a letter or digit, matched by search. */
  odd: Array<{ alias: string; draft: Draft }>;
  /** The most words in any alias. */
  maxWords: number;
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
  private readonly products = new Map<string, Draft>();
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
    if (this.kindIndex) {
      const list = this.kindIndex.get(kind);
      if (list) list.push(draft);
      else this.kindIndex.set(kind, [draft]);
    }
    if (this.wordIndex) this.indexWords(this.wordIndex, draft);
    return draft;
  }

  /** The component a draft found in an index stands for now: itself, or what it was merged into. */
  private live(d: Draft | undefined): Draft | undefined {
    if (!d) return undefined;
    return this.drafts.get(d.component.id) === d ? d : this.resolve(d.component.id);
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
    this.unlistKind(draft);
    draft.component.kind = kind;
    if (this.kindIndex) this.kindIndex.set(kind, [...(this.kindIndex.get(kind) ?? []), draft]);
  }

  private unlistKind(draft: Draft): void {
    const list = this.kindIndex?.get(draft.component.kind);
    const at = list?.indexOf(draft) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  }

  /**
   * After a merge or removal the alias and word indexes may still hold the old component; lookups
   * map it to what it became (`live`), so no index is rebuilt and the cost stays linear.
   */
  private forget(draft: Draft): void {
    this.unlistKind(draft);
  }

  private uniqueId(id: string): string {
    if (!this.drafts.has(id) && !this.actors.has(id)) return id;
    for (let n = 2; ; n++) if (!this.drafts.has(`${id}-${n}`) && !this.actors.has(`${id}-${n}`)) return `${id}-${n}`;
  }

  findByAlias(name: string): Draft | undefined {
    return this.live(this.index().byAlias.get(norm(name)));
  }

  /**
   * A component of a compatible kind whose name contains `name` as whole words, or the reverse.
   * Looked up through an index of name words, so the cost does not grow with the system's size.
   */
  containing(name: string, kinds: readonly ComponentKind[]): Draft | undefined {
    const key = norm(name);
    if (key.length < 4) return undefined;
    const words = key.split(' ');
    const index = this.nameWords();
    // Components whose name contains every word of `name`: start from the rarest word.
    let rarest: Set<Draft> | undefined;
    for (const w of words) {
      const set = index.get(w);
      if (!set) {
        rarest = undefined;
        break;
      }
      if (!rarest || set.size < rarest.size) rarest = set;
    }
    // A word shared by dozens of names says nothing about which one is meant.
    if (rarest && rarest.size <= 40) for (const d of rarest) if (this.drafts.get(d.component.id) === d && kinds.includes(d.component.kind) && containsWord(this.keyOf(d), key)) return d;
    // Components whose whole name is a run of words inside `name`: exact lookups.
    const names = this.index().byAlias;
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 1; j <= words.length; j++) {
        if (j - i === words.length || j - i < 2) continue;
        const d = this.live(names.get(words.slice(i, j).join(' ')));
        if (d && kinds.includes(d.component.kind) && this.keyOf(d) === words.slice(i, j).join(' ')) return d;
      }
    }
    return undefined;
  }

  private nameKeys = new WeakMap<Draft, string>();
  private wordIndex: Map<string, Set<Draft>> | undefined;

  /** A component's normalised name; names never change once a component exists. */
  private keyOf(d: Draft): string {
    let k = this.nameKeys.get(d);
    if (k === undefined) {
      k = norm(d.component.name);
      this.nameKeys.set(d, k);
    }
    return k;
  }

  private nameWords(): Map<string, Set<Draft>> {
    if (this.wordIndex) return this.wordIndex;
    const index = new Map<string, Set<Draft>>();
    for (const d of this.drafts.values()) this.indexWords(index, d);
    this.wordIndex = index;
    return index;
  }

  private indexWords(index: Map<string, Set<Draft>>, d: Draft): void {
    for (const w of this.keyOf(d).split(' ')) {
      const set = index.get(w);
      if (set) set.add(d);
      else index.set(w, new Set([d]));
    }
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
    this.forget(from);
    this.drafts.delete(a.id);
    this.redirects.set(a.id, b.id);
  }

  /** Drops a component; flows and boundaries that name it are dropped when the system is finalised. */
  remove(draft: Draft): void {
    this.forget(draft);
    this.drafts.delete(draft.component.id);
    this.removed.add(draft.component.id);
  }

  private readonly removed = new Set<string>();

  /** The product's component, if one stands for it ("Qdrant" → the help-centre index). */
  productOwner(name: string): Draft | undefined {
    return this.live(this.products.get(name));
  }

  setProductOwner(name: string, draft: Draft): void {
    if (!this.productOwner(name)) this.products.set(name, draft);
  }

  /** An id recorded earlier, as it stands now: a component's current id, an actor's id, or undefined if removed. */
  private current(id: string): string | undefined {
    if (this.actors.has(id)) return id;
    return this.resolve(id)?.component.id;
  }

  /** The data flows, with merged components' ids followed, removed ones dropped, loops and duplicates gone. */
  finalFlows(): DataFlow[] {
    const out: DataFlow[] = [];
    const seen = new Set<string>();
    for (const f of this.flows) {
      const from = this.current(f.from);
      const to = this.current(f.to);
      if (!from || !to || from === to) continue;
      const key = `${from}\0${to}\0${f.data ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...f, from, to });
    }
    return out;
  }

  /** Trust boundaries with their components' current ids. */
  finalBoundaries(): Array<{ id: string; name: string; components: string[] }> {
    return [...this.boundaries.values()]
      .map((b) => ({ ...b, components: [...new Set(b.components.map((c) => this.current(c)).filter((c): c is string => c !== undefined))] }))
      .filter((b) => b.components.length > 0);
  }

  /** How many components of these kinds there are, and the first: without building a list. */
  countOfKinds(kinds: readonly ComponentKind[]): { count: number; first: Draft | undefined } {
    this.ofKind(kinds[0] ?? 'service');
    let count = 0;
    let first: Draft | undefined;
    for (const k of kinds) {
      const list = this.kindIndex!.get(k) ?? [];
      count += list.length;
      first ??= list[0];
    }
    return { count, first };
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

  private indexAlias(index: AliasIndex, draft: Draft, raw: string): void {
    // The same word split the text gets in `mentions`, so "help-centre index (pgvector)" is found.
    const alias = tokensOf(raw).join(' ') || raw;
    if (!index.byAlias.has(alias)) index.byAlias.set(alias, draft);
    if (alias !== raw && !index.byAlias.has(raw)) index.byAlias.set(raw, draft);
    const first = /^[a-z0-9]/.test(alias) ? alias.split(' ')[0]! : undefined;
    if (!first) index.odd.push({ alias, draft });
    else index.firstWords.add(first);
    index.maxWords = Math.max(index.maxWords, alias.split(' ').length);
  }

  /** Aliases indexed by their first word, so a sentence is matched in time linear in its words, not in the system's size. */
  private index(): AliasIndex {
    if (this.aliasIndex) return this.aliasIndex;
    const index: AliasIndex = { firstWords: new Set(), byAlias: new Map(), odd: [], maxWords: 1 };
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
    const index = this.index();
    const found = new Map<Draft, { start: number; end: number }>();
    const note = (d: Draft, start: number, end: number) => {
      const seen = found.get(d);
      if (!seen || start < seen.start) found.set(d, { start, end });
    };
    // Words with their offsets; at each word try the aliases of 1..N words that start there, longest
    // first: a constant number of exact lookups per word, whatever the size of the system.
    const words: Array<{ w: string; start: number; end: number }> = [];
    for (const m of n.matchAll(TOKEN)) {
      const w = m[0].replace(/^['.]+|['.]+$/g, '');
      if (!w) continue;
      const lead = m[0].indexOf(w);
      words.push({ w, start: m.index + lead, end: m.index + lead + w.length });
    }
    for (let i = 0; i < words.length; i++) {
      if (!index.firstWords.has(words[i]!.w)) continue;
      let key = '';
      let best: { draft: Draft; end: number } | undefined;
      for (let k = i; k < words.length && k < i + index.maxWords; k++) {
        key = k === i ? words[k]!.w : `${key} ${words[k]!.w}`;
        const d = index.byAlias.get(key);
        if (d) best = { draft: d, end: words[k]!.end };
      }
      const live = best ? this.live(best.draft) : undefined;
      if (best && live) note(live, words[i]!.start, best.end);
    }
    for (const { alias, draft } of index.odd) {
      const at = wordIndex(n, alias);
      const live = this.live(draft);
      if (at >= 0 && live) note(live, at, at + alias.length);
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
