import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../../src/kb/index.js';
import { exampleDoc, extract, kb } from '../helpers.js';

const index = new KnowledgeIndex(kb());
const top = (query: string, n = 3) => index.search(query, n).map((h) => h.entry.id);

describe('KnowledgeIndex.search', () => {
  it.each([
    ['vector index poisoning', ['indirect-prompt-injection', 'vector-store-unauthenticated-access', 'cross-tenant-retrieval-leak', 'memory-poisoning', 'embedding-inversion']],
    ['pickle', ['unsafe-model-deserialization']],
    ['jailbreak', ['direct-prompt-injection', 'prompt-obfuscation-guardrail-bypass']],
    ['denial of wallet', ['unbounded-consumption-denial-of-wallet']],
  ])('"%s" returns a sensible entry in the top 3', (query, sensible) => {
    const ids = top(query);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.some((id) => sensible.includes(id)), `${query}: ${ids.join(', ')}`).toBe(true);
  });

  it('"pickle" ranks unsafe-model-deserialization first', () => {
    expect(top('pickle', 1)).toEqual(['unsafe-model-deserialization']);
  });

  it('finds entries by external reference id', () => {
    expect(top('LLM07:2025', 5)).toContain('system-prompt-leakage');
  });

  it('is deterministic, ranked by score, and honours the limit', () => {
    const a = index.search('prompt injection', 10);
    const b = index.search('prompt injection', 10);
    expect(a.map((h) => h.entry.id)).toEqual(b.map((h) => h.entry.id));
    expect(a).toHaveLength(10);
    const scores = a.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(index.search('prompt injection', 2)).toHaveLength(2);
  });

  it('returns nothing for gibberish and applies a filter', () => {
    expect(index.search('qwxzzkv plorf', 5)).toEqual([]);
    const onlyDos = index.search('flooding', 10, (e) => e.categories.includes('denial-of-service'));
    expect(onlyDos.length).toBeGreaterThan(0);
    for (const h of onlyDos) expect(h.entry.categories).toContain('denial-of-service');
  });
});

describe('KnowledgeIndex.list / get / applicable', () => {
  it('lists by category and surface, sorted by id', () => {
    const rep = index.list({ category: 'repudiation' });
    expect(rep.length).toBeGreaterThan(0);
    for (const e of rep) expect(e.categories).toContain('repudiation');
    expect(rep.map((e) => e.id)).toEqual([...rep.map((e) => e.id)].sort());
    const both = index.list({ category: 'tampering', surface: 'supply-chain' });
    for (const e of both) expect(e.categories.includes('tampering') && e.surfaces.includes('supply-chain')).toBe(true);
    expect(index.list().length).toBe(kb().entries.length);
  });

  it('gets an entry by id', () => {
    expect(index.get('indirect-prompt-injection')?.title).toMatch(/Indirect prompt injection/);
    expect(index.get('nope')).toBeUndefined();
  });

  it('applicable entries follow the system: no prompt injection for the fraud scorer', () => {
    const fraud = index.applicable(extract([exampleDoc('fraud-scoring')])).map((e) => e.id);
    const support = index.applicable(extract([exampleDoc('support-bot')])).map((e) => e.id);
    expect(fraud).toContain('evasion-adversarial-examples');
    expect(fraud).not.toContain('indirect-prompt-injection');
    expect(support).toContain('indirect-prompt-injection');
  });

  it('retrieveForCategory returns up to k applicable entries of that category', () => {
    const system = extract([exampleDoc('support-bot')]);
    const applicable = new Set(index.applicable(system).map((e) => e.id));
    const got = index.retrieveForCategory(system, 'elevation-of-privilege', 4);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThanOrEqual(4);
    for (const e of got) {
      expect(e.categories).toContain('elevation-of-privilege');
      expect(applicable.has(e.id)).toBe(true);
    }
  });
});
