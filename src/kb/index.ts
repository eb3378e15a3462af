import MiniSearch from 'minisearch';
import { contextFor, evaluate } from '../core/conditions.js';
import type { KnowledgeEntry } from '../core/knowledge.js';
import type { SystemModel } from '../core/system.js';
import type { Category, Surface } from '../core/vocabulary.js';
import { resolveReference } from './lint.js';
import type { KnowledgeBaseData } from './load.js';

export interface SearchHit {
  entry: KnowledgeEntry;
  score: number;
}

interface IndexedDoc {
  id: string;
  title: string;
  summary: string;
  keywords: string;
  body: string;
  references: string;
}

/** BM25 full-text search (minisearch) combined with rule applicability. */
export class KnowledgeIndex {
  private readonly byId: Map<string, KnowledgeEntry>;
  private readonly search_: MiniSearch<IndexedDoc>;

  constructor(readonly data: KnowledgeBaseData) {
    this.byId = new Map(data.entries.map((e) => [e.id, e]));
    this.search_ = new MiniSearch<IndexedDoc>({
      fields: ['title', 'summary', 'keywords', 'body', 'references'],
      storeFields: [],
      searchOptions: {
        boost: { title: 3, keywords: 2.5, references: 2, summary: 1.5 },
        prefix: true,
        fuzzy: 0.2,
        combineWith: 'OR',
      },
    });
    this.search_.addAll(data.entries.map((e) => this.document(e)));
  }

  private document(e: KnowledgeEntry): IndexedDoc {
    const refs = e.references.map((r) => `${r} ${resolveReference(this.data.registry, r)?.name ?? ''}`);
    return {
      id: e.id,
      title: e.title,
      summary: e.summary,
      keywords: [...e.keywords, ...e.categories, ...e.surfaces].join(' '),
      body: [
        e.threat.action,
        e.threat.impact,
        ...e.indicators,
        ...e.mitigations.flatMap((m) => [m.title, m.description]),
      ].join(' '),
      references: refs.join(' '),
    };
  }

  get entries(): readonly KnowledgeEntry[] {
    return this.data.entries;
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** Ranked entries for a free-text query; ties broken by id so results are deterministic. */
  search(query: string, limit = 10, filter?: (e: KnowledgeEntry) => boolean): SearchHit[] {
    const hits = this.search_
      .search(query)
      .map((r) => ({ entry: this.byId.get(String(r.id))!, score: r.score }))
      .filter((h) => (filter ? filter(h.entry) : true));
    hits.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
    return hits.slice(0, limit);
  }

  list(filter: { category?: Category; surface?: Surface } = {}): KnowledgeEntry[] {
    return this.data.entries
      .filter((e) => (filter.category ? e.categories.includes(filter.category) : true))
      .filter((e) => (filter.surface ? e.surfaces.includes(filter.surface) : true))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Entries whose `applies_when` holds for this system. */
  applicable(system: SystemModel): KnowledgeEntry[] {
    const ctx = contextFor(system);
    return this.data.entries.filter((e) => evaluate(e.applies_when, ctx).matched);
  }

  private readonly rankings = new WeakMap<SystemModel, KnowledgeEntry[]>();

  /** All entries ranked against the system's own words; one search per system, shared by every category. */
  private rankedFor(system: SystemModel): KnowledgeEntry[] {
    let ranked = this.rankings.get(system);
    if (!ranked) {
      const query = [system.purpose ?? '', ...system.components.map((c) => `${c.name} ${c.kind}`)].join(' ');
      ranked = this.search(query, this.data.entries.length).map((h) => h.entry);
      this.rankings.set(system, ranked);
    }
    return ranked;
  }

  /**
   * Top-k applicable entries for one category, ranked by BM25 against the system's own words
   * (component names, purpose); used to ground LLM brainstorming.
   */
  retrieveForCategory(system: SystemModel, category: Category, k: number): KnowledgeEntry[] {
    const applicable = new Set(this.applicable(system).filter((e) => e.categories.includes(category)).map((e) => e.id));
    const ranked = this.rankedFor(system).filter((e) => applicable.has(e.id));
    const rest = [...applicable].filter((id) => !ranked.some((e) => e.id === id)).sort();
    return [...ranked, ...rest.map((id) => this.byId.get(id)!)].slice(0, k);
  }
}
