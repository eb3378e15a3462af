/**
 * The threat models aitm writes, read as a reviewer would: on the three examples and on every case
 * of the reading corpus (docs aitm's rules were not written against), every rendered sentence is
 * free of template artefacts and short, no two threats are clones, every component either has a
 * threat or says why not, and risk uses the scale rather than one level.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/core/render/markdown.js';
import type { ThreatModel } from '../../src/core/threat.js';
import { RISK_LEVELS } from '../../src/core/vocabulary.js';
import { artefacts } from '../kb/artefacts.js';
import { caseFiles, ownCases } from '../reading/score.js';
import { buildModel, EXAMPLE_NAMES, exampleDoc, FIXTURES, sourceDoc } from '../helpers.js';

const examples = EXAMPLE_NAMES.map((name) => [name, buildModel([exampleDoc(name)])] as const);
const corpus = ownCases(join(FIXTURES, 'reading'))
  .map((c) => {
    const docs = caseFiles(c.dir, c.expected).filter((f) => !/\.(ya?ml|json)$/.test(f) || !/system/.test(f)).map(sourceDoc);
    try {
      return [c.name, buildModel(docs)] as const;
    } catch {
      return undefined;
    }
  })
  .filter((x): x is readonly [string, ThreatModel] => x !== undefined);
const all = [...examples, ...corpus];
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe('rendered threats read cleanly', () => {
  it('the corpus renders (at least 30 cases with threats)', () => {
    expect(corpus.filter(([, m]) => m.threats.length > 0).length).toBeGreaterThanOrEqual(30);
  });

  it.each(all.map(([n, m]) => [n, m] as const))('%s: every statement, misuse case and mitigation free of artefacts; statements short', (_name, model) => {
    for (const t of model.threats) {
      // The catalog's sentences are held to 45 words with short names; real component names may add a few.
      expect(words(t.text), t.text).toBeLessThanOrEqual(52);
      const texts = [t.statement.source, t.statement.prerequisites, t.statement.action, t.statement.impact, ...t.statement.assets, t.scenario.misactor, t.scenario.goal, ...t.scenario.steps];
      for (const x of texts) expect(artefacts(x), `${t.id}: ${x}`).toEqual([]);
      for (const m of t.mitigations) expect(/\{\w+\}/.test(m.description), m.description).toBe(false);
      expect(t.scenario.goal, t.id).not.toMatch(/^to\s/i);
    }
  });

  it.each(all.map(([n, m]) => [n, m] as const))('%s: no clones — one threat per knowledge entry and role', (_name, model) => {
    const keys = model.threats.filter((t) => t.origin === 'catalog').map((t) => t.entry);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it.each(all.map(([n, m]) => [n, m] as const))('%s: every component has a threat or says why not', (_name, model) => {
    const md = renderMarkdown(model);
    const touched = new Set(model.threats.flatMap((t) => t.components));
    for (const c of model.system.components) if (!touched.has(c.id)) expect(md, c.name).toMatch(new RegExp(`\\n- ${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no threat applies`));
  });
});

describe('risk separates the serious from the routine', () => {
  it('each example uses at least three levels, no level holds more than 70% of its threats, and the three use at least four', () => {
    const used = new Set<string>();
    for (const [name, model] of examples) {
      const counts = new Map<string, number>();
      for (const t of model.threats) counts.set(t.risk, (counts.get(t.risk) ?? 0) + 1);
      expect(counts.size, name).toBeGreaterThanOrEqual(3);
      for (const [, n] of counts) expect(n / model.threats.length, name).toBeLessThanOrEqual(0.7);
      for (const r of counts.keys()) used.add(r);
    }
    expect([...used].filter((r) => (RISK_LEVELS as readonly string[]).includes(r)).length).toBeGreaterThanOrEqual(4);
  });
});
