import { describe, expect, it } from 'vitest';
import {
  compareThreats,
  coverageOf,
  displayName,
  generateCatalogThreats,
  monitoringOf,
  resolveReferences,
  riskOf,
} from '../../src/core/generate.js';
import { assignDisplayIds, displayId, sha256, threatKey } from '../../src/core/ids.js';
import { SystemModelSchema, type SystemModel } from '../../src/core/system.js';
import type { Threat } from '../../src/core/threat.js';
import { CATEGORIES, RISK_LEVELS } from '../../src/core/vocabulary.js';
import { exampleDoc, extract, kb, md } from '../helpers.js';

function catalog(system: SystemModel) {
  const data = kb();
  return generateCatalogThreats({ system, entries: data.entries, registry: data.registry });
}

const fraudSystem = extract([exampleDoc('fraud-scoring')]);
const supportSystem = extract([exampleDoc('support-bot')]);
const fraud = catalog(fraudSystem);
const support = catalog(supportSystem);

const on = (threats: Threat[], entry: string) => threats.filter((t) => t.entry === entry);
const componentOf = (system: typeof fraudSystem, id: string) => system.components.find((c) => c.id === id)!;

describe('riskOf: likelihood × impact', () => {
  it.each([
    [1, 1, 'low'],
    [1, 2, 'medium'],
    [1, 3, 'medium'],
    [2, 2, 'elevated'],
    [2, 4, 'elevated'],
    [3, 3, 'high'],
    [3, 4, 'high'],
    [4, 4, 'critical'],
  ] as const)('%i × %i is %s', (l, i, risk) => {
    expect(riskOf(l, i)).toBe(risk);
    expect(riskOf(i, l)).toBe(risk);
  });

  it('every product in 1..4 × 1..4 maps by the documented thresholds', () => {
    for (let l = 1; l <= 4; l++)
      for (let i = 1; i <= 4; i++) {
        const p = l * i;
        const expected = p <= 1 ? 'low' : p <= 3 ? 'medium' : p <= 8 ? 'elevated' : p <= 12 ? 'high' : 'critical';
        expect(riskOf(l, i)).toBe(expected);
      }
  });
});

describe('fraud-scoring: a predictive-ML system without an LLM', () => {
  it('raises no prompt-injection threat at all', () => {
    expect(fraud.threats.length).toBeGreaterThan(5);
    for (const t of fraud.threats) {
      expect(t.surface, t.key).not.toBe('prompt-injection');
      expect(t.entry ?? '', t.key).not.toMatch(/prompt-injection/);
      expect(t.key).not.toMatch(/prompt-injection/);
    }
  });

  it('raises feedback-loop-label-poisoning on the ml-model', () => {
    const ts = on(fraud.threats, 'feedback-loop-label-poisoning');
    expect(ts.length).toBeGreaterThanOrEqual(1);
    expect(ts.every((t) => t.components.every((id) => componentOf(fraudSystem, id).kind === 'ml-model'))).toBe(true);
  });

  it.each([
    'evasion-adversarial-examples',
    'model-extraction-via-api',
    'unsafe-model-deserialization',
    'scoring-endpoint-flooding',
    'no-audit-trail-model-decisions',
  ])('raises %s', (entry) => {
    expect(on(fraud.threats, entry).length).toBeGreaterThanOrEqual(1);
  });

  it('raises no LLM-only threat', () => {
    for (const entry of ['direct-prompt-injection', 'system-prompt-leakage', 'markdown-image-exfiltration', 'excessive-agency-side-effect-tools'])
      expect(on(fraud.threats, entry)).toEqual([]);
  });
});

describe('support-bot: a RAG assistant with tools', () => {
  const store = supportSystem.components.find((c) => c.kind === 'vector-store')!;
  const refund = supportSystem.components.find((c) => c.kind === 'tool' && /refund/i.test(c.name))!;
  const lookup = supportSystem.components.find((c) => c.kind === 'tool' && /lookup/i.test(c.name))!;
  const widget = supportSystem.components.find((c) => /widget/i.test(c.name))!;

  it('raises indirect-prompt-injection on the vector store', () => {
    expect(on(support.threats, 'indirect-prompt-injection').map((t) => t.components)).toContainEqual([store.id]);
  });

  it('raises excessive-agency-side-effect-tools on the refund tool, not on the order-lookup tool', () => {
    const ts = on(support.threats, 'excessive-agency-side-effect-tools');
    expect(ts.map((t) => t.components)).toContainEqual([refund.id]);
    expect(ts.some((t) => t.components.includes(lookup.id))).toBe(false);
  });

  it('raises output-rendering-xss or markdown-image-exfiltration on the chat widget', () => {
    const ts = [...on(support.threats, 'output-rendering-xss'), ...on(support.threats, 'markdown-image-exfiltration')];
    expect(ts.some((t) => t.components.includes(widget.id))).toBe(true);
  });

  it('writes the component into the threat text ("the refund tool")', () => {
    const t = on(support.threats, 'excessive-agency-side-effect-tools').find((x) => x.components.includes(refund.id))!;
    expect(t.text).toContain('the refund tool');
    expect(t.text).not.toMatch(/\{(component|system|model)\}/);
    expect(t.text).toMatch(/^[A-Z].* can .*, which leads to .*, affecting .*\.$/);
    expect(t.title).toMatch(/— Refund tool$/);
    expect(t.evidence.length).toBeGreaterThan(0);
  });

  it('fills every placeholder in the statement, scenario, mitigation descriptions and red-team tests', () => {
    for (const { threats } of [fraud, support]) {
      const templated = threats.map((t) => ({
        statement: t.statement,
        text: t.text,
        scenario: t.scenario,
        descriptions: t.mitigations.map((m) => m.description),
        red_team: t.red_team,
      }));
      const text = JSON.stringify(templated);
      expect(text).not.toMatch(/\{(component|system|model)\}/);
      expect(text).not.toMatch(/\b(the|a|an) the\b/i);
    }
  });

  // Regression test: three knowledge entries (adversarial-concept-drift, agent-configuration-tampering,
  // safety-eval-regression) put {component} in mitigations[].monitoring.signal; generate.ts copies
  // monitoring verbatim, so "{component}" reaches THREAT_MODEL.md, and kb lint does not flag it.
  it('leaves no unfilled placeholder anywhere in a threat (monitoring signals included)', () => {
    for (const { threats } of [fraud, support]) expect(JSON.stringify(threats).match(/.{0,60}\{(component|system|model)\}.{0,20}/g)).toBeNull();
  });

  it('raises once per matching component and records assumptions', () => {
    const keys = support.threats.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of support.threats) for (const a of t.assumed_absent) expect(support.questions.join('\n')).toContain(t.id);
  });
});

describe('ids', () => {
  it('every id is a category letter and 6 hex digits, unique, and derived from the key', () => {
    for (const { threats } of [fraud, support]) {
      const ids = threats.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const t of threats) {
        expect(t.id).toMatch(/^[STRIDE]-[0-9a-f]{6}$/);
        expect(t.id).toBe(displayId(t.category, t.key));
        expect(t.id.slice(2)).toBe(sha256(t.key).slice(0, 6));
      }
    }
  });

  it('a threat id depends only on its key: the same key in a different system gets the same id', () => {
    const other = extract([
      md('# Other shop bot\n\nThe assistant uses GPT-4o with function calling.\n\n## Tools\n\n- **Refund tool** — issues refunds to the customer.\n'),
    ]);
    const result = catalog(other);
    const a = on(result.threats, 'excessive-agency-side-effect-tools').find((t) => t.components.includes('refund-tool'));
    const b = on(support.threats, 'excessive-agency-side-effect-tools').find((t) => t.components.includes('refund-tool'));
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a!.key).toBe(b!.key);
    expect(a!.id).toBe(b!.id);
  });

  it('threatKey sorts component ids', () => {
    expect(threatKey('entry', ['b', 'a'])).toBe('entry@a@b');
    expect(threatKey('entry', ['x'])).toBe('entry@x');
  });

  it('assignDisplayIds lengthens only colliding ids', () => {
    // Find two keys whose hashes share the first 6 hex digits (birthday search, deterministic).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair && i < 200_000; i++) {
      const key = `k${i}`;
      const prefix = sha256(key).slice(0, 6);
      const prev = seen.get(prefix);
      if (prev) pair = [prev, key];
      else seen.set(prefix, key);
    }
    expect(pair).toBeDefined();
    const [k1, k2] = pair!;
    const items = [
      { key: k1, category: 'tampering' as const },
      { key: k2, category: 'tampering' as const },
      { key: 'unrelated', category: 'spoofing' as const },
    ];
    const ids = assignDisplayIds(items);
    expect(ids.get('unrelated')).toBe(displayId('spoofing', 'unrelated'));
    expect(ids.get(k1)).not.toBe(ids.get(k2));
    expect(ids.get(k1)).toMatch(/^T-[0-9a-f]{8,}$/);
    expect(ids.get(k2)).toMatch(/^T-[0-9a-f]{8,}$/);
    // Same keys in a different category do not collide with each other's letter.
    expect(assignDisplayIds([{ key: k1, category: 'tampering' }, { key: k2, category: 'spoofing' }]).get(k1)).toBe(displayId('tampering', k1));
  });
});

describe('ordering, coverage, monitoring', () => {
  it('threats are sorted by category, then highest risk, then key', () => {
    const sorted = [...support.threats].sort(compareThreats);
    expect(sorted.map((t) => t.key)).toEqual(support.threats.map((t) => t.key));
    const cats = support.threats.map((t) => CATEGORIES.indexOf(t.category));
    expect(cats).toEqual([...cats].sort((a, b) => a - b));
  });

  it('every threat has a valid risk from its likelihood and impact, and a rationale', () => {
    for (const t of [...fraud.threats, ...support.threats]) {
      expect(RISK_LEVELS).toContain(t.risk);
      expect(t.risk).toBe(riskOf(t.likelihood, t.impact));
      expect(t.rationale).toMatch(/likelihood .*\(\d\/4\).*impact .*\(\d\/4\)/i);
      expect(t.mitigations.length).toBeGreaterThan(0);
      for (const m of t.mitigations) expect(m.monitoring.signal.length * m.monitoring.alert.length).toBeGreaterThan(0);
    }
  });

  it('likelihood adjustments read system features (rag-sources-user-writable raises indirect injection)', () => {
    const t = on(support.threats, 'indirect-prompt-injection')[0]!;
    expect(t.rationale).toMatch(/raised because users or third parties can write to the retrieved sources/);
    expect(t.likelihood).toBe(4);
  });

  it('coverage has one row per component and six cells, each covered, n/a or gap', () => {
    expect(support.coverage.map((r) => r.component)).toEqual(supportSystem.components.map((c) => c.id));
    const ids = new Set(support.threats.map((t) => t.id));
    for (const row of support.coverage) {
      expect(Object.keys(row.cells).sort()).toEqual([...CATEGORIES].sort());
      for (const cell of Object.values(row.cells)) {
        if (cell.state === 'covered') for (const id of cell.threats) expect(ids.has(id)).toBe(true);
        else expect(cell.reason.length).toBeGreaterThan(0);
      }
    }
    // The same function gives the same answer when called directly.
    expect(coverageOf(supportSystem, kb().entries, support.threats)).toEqual(support.coverage);
  });

  it('monitoring rows link back to existing threats, highest risk first', () => {
    const ids = new Set(support.threats.map((t) => t.id));
    expect(support.monitoring.length).toBeGreaterThan(0);
    for (const row of support.monitoring) for (const id of row.threats) expect(ids.has(id)).toBe(true);
    const rank = (row: (typeof support.monitoring)[number]) =>
      Math.max(...row.threats.map((id) => RISK_LEVELS.indexOf(support.threats.find((t) => t.id === id)!.risk)));
    const ranks = support.monitoring.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(monitoringOf(support.threats)).toEqual(support.monitoring);
  });

  it('resolveReferences names registry ids and drops unknown ones', () => {
    const refs = resolveReferences(kb().registry, ['LLM01:2025', 'ASI02', 'NOPE-1']);
    expect(refs.map((r) => r.id)).toEqual(['LLM01:2025', 'ASI02']);
    expect(refs[0]!.name).toBe('Prompt Injection');
  });
});

describe('displayName', () => {
  it.each([
    ['Refund tool', 'the refund tool'],
    ['Chat widget', 'the chat widget'],
    ['OpenAI GPT-4o', 'OpenAI GPT-4o'],
    ['Qdrant', 'Qdrant'],
  ])('%s → %s', (name, expected) => {
    expect(displayName(name)).toBe(expected);
  });

  // Regression test: the brand test needs two capitals after the first letter, so "GitHub" (one internal capital)
  // is lower-cased: "the github MCP server".
  it('keeps a brand with one internal capital as written (GitHub)', () => {
    expect(displayName('GitHub MCP server')).toBe('the GitHub MCP server');
  });
});

describe('generateCatalogThreats on a hand-written system', () => {
  it('attaches nothing when no entry applies, and explains n/a cells', () => {
    const system = SystemModelSchema.parse({ name: 'Static site', components: [{ id: 'web', name: 'Web server', kind: 'service' }] });
    const result = catalog(system);
    expect(result.threats).toEqual([]);
    expect(result.coverage).toHaveLength(1);
    expect(Object.values(result.coverage[0]!.cells).every((c) => c.state !== 'covered')).toBe(true);
  });

  it('an unknown control becomes an open question naming the threats that assume it absent', () => {
    const ev = [{ file: 'd.md', line: 1, quote: 'q' }];
    const system = SystemModelSchema.parse({
      name: 'Scorer',
      components: [{ id: 'model', name: 'Fraud model', kind: 'ml-model', traits: [{ trait: 'returns-scores', evidence: ev }] }],
      features: { 'predictive-ml': { state: 'present', evidence: ev }, 'returns-scores': { state: 'present', evidence: ev } },
    });
    const result = catalog(system);
    const assuming = result.threats.filter((t) => t.assumed_absent.length > 0);
    expect(assuming.length).toBeGreaterThan(0);
    for (const t of assuming) expect(result.questions.some((q) => q.includes(t.id))).toBe(true);
    // Stating the fact removes the assumption.
    const stated = SystemModelSchema.parse({
      ...system,
      features: { ...system.features, 'decision-logging': { state: 'absent', evidence: ev }, 'rate-limiting': { state: 'absent', evidence: ev } },
    });
    const after = catalog(stated);
    for (const t of after.threats) {
      expect(t.assumed_absent).not.toContain('decision-logging');
      expect(t.assumed_absent).not.toContain('rate-limiting');
    }
  });
});

describe('controls in place for some components', () => {
  it('a control the docs put in place for a component removes the threat there, and only there', () => {
    const system = extract([
      md(
        [
          '# Two models',
          '',
          '| Component | What it is |',
          '|---|---|',
          '| Answer service | Python service on ECS |',
          '| Draft service | Python service on ECS |',
          '',
          'The answer service calls GPT-4o; the draft service calls Claude 3.5 Sonnet.',
          'Every prompt sent to GPT-4o is logged to Datadog.',
          '',
        ].join('\n'),
      ),
    ]);
    const logging = system.features['prompt-logging'];
    expect(logging?.state).toBe('present');
    const answer = system.components.find((c) => c.name === 'GPT-4o')!;
    const draft = system.components.find((c) => c.name === 'Claude')!;
    expect(logging?.scope).toEqual([answer.id]);
    const missing = on(catalog(system).threats, 'missing-prompt-and-tool-call-logs');
    expect(missing.map((t) => t.components)).toEqual([[draft.id]]);
    expect(missing[0]!.assumed_absent).toContain('prompt-logging');
  });
});

describe('risk from the facts of each component', () => {
  it('an adjustment may read the scored component\'s traits; a shared threat takes the highest risk and says whose', () => {
    const data = kb();
    const base = data.entries.find((e) => e.id === 'tool-argument-injection')!;
    const entry = {
      ...base,
      impact: { base: 2, adjust: [{ when: { trait: 'side-effects' as const }, by: 2, because: 'the tool changes state' }] },
    };
    const { threats } = generateCatalogThreats({ system: supportSystem, entries: [entry], registry: data.registry });
    expect(threats).toHaveLength(1);
    const t = threats[0]!;
    expect(t.components).toEqual(['order-lookup-tool', 'refund-tool']);
    expect(t.impact).toBe(4);
    expect(t.rationale).toMatch(/^Highest for the refund tool: .*impact very high \(4\/4\), raised because the tool changes state/);
    // Alone, the read-only lookup tool scores lower under the same entry.
    const lookupOnly = { ...supportSystem, components: supportSystem.components.filter((c) => c.id !== 'refund-tool') };
    const alone = generateCatalogThreats({ system: lookupOnly, entries: [entry], registry: data.registry }).threats[0]!;
    expect(alone.impact).toBe(2);
  });
});

