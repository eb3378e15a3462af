import { describe, expect, it } from 'vitest';
import { contextFor, describe as describeCondition, evaluate, explainFailure, leaves, reasonsFor } from '../../src/core/conditions.js';
import { ConditionSchema, type Condition } from '../../src/core/knowledge.js';
import { SystemModelSchema, type SystemModel } from '../../src/core/system.js';

const ev = [{ file: 'doc.md', line: 1, quote: 'x' }];

/** rag present, tool-approval absent, everything else unknown; one tool with side effects, approval unknown. */
const system: SystemModel = SystemModelSchema.parse({
  name: 'Test system',
  components: [
    { id: 'gpt', name: 'GPT-4o', kind: 'llm' },
    { id: 'refund-tool', name: 'Refund tool', kind: 'tool', traits: [{ trait: 'side-effects', evidence: ev }] },
    { id: 'lookup-tool', name: 'Lookup tool', kind: 'tool', traits: [{ trait: 'side-effects', state: 'absent', evidence: ev }] },
  ],
  features: {
    llm: { state: 'present', evidence: ev },
    rag: { state: 'present', evidence: ev },
    'tool-approval': { state: 'absent', evidence: ev },
  },
});
const ctx = contextFor(system);
const refund = system.components.find((c) => c.id === 'refund-tool')!;
const lookup = system.components.find((c) => c.id === 'lookup-tool')!;

const run = (cond: Condition, target?: (typeof system.components)[number]) => evaluate(cond, contextFor(system, target));

describe('evaluate: leaves', () => {
  it('a feature leaf holds only when the feature is detected present', () => {
    expect(evaluate({ feature: 'rag' }, ctx).matched).toBe(true);
    expect(evaluate({ feature: 'tool-approval' }, ctx).matched).toBe(false); // absent
    expect(evaluate({ feature: 'mcp' }, ctx).matched).toBe(false); // unknown counts as absent
  });

  it('a kind leaf reads the system at system level and the target at target level', () => {
    expect(evaluate({ kind: 'tool' }, ctx).matched).toBe(true);
    expect(evaluate({ kind: 'vector-store' }, ctx).matched).toBe(false);
    expect(run({ kind: 'tool' }, refund).matched).toBe(true);
    expect(run({ kind: 'llm' }, refund).matched).toBe(false);
  });

  it('a trait leaf reads the target component: present, absent and unknown', () => {
    expect(run({ trait: 'side-effects' }, refund).matched).toBe(true);
    expect(run({ trait: 'side-effects' }, lookup).matched).toBe(false);
    expect(run({ trait: 'requires-approval' }, refund).matched).toBe(false);
    // No target: a trait is unknown.
    expect(evaluate({ trait: 'side-effects' }, ctx).matched).toBe(false);
  });
});

describe('evaluate: all / any / not', () => {
  it('all needs every branch, any needs one', () => {
    expect(evaluate({ all: [{ feature: 'llm' }, { feature: 'rag' }] }, ctx).matched).toBe(true);
    expect(evaluate({ all: [{ feature: 'llm' }, { feature: 'mcp' }] }, ctx).matched).toBe(false);
    expect(evaluate({ any: [{ feature: 'mcp' }, { feature: 'rag' }] }, ctx).matched).toBe(true);
    expect(evaluate({ any: [{ feature: 'mcp' }, { feature: 'pii' }] }, ctx).matched).toBe(false);
  });

  it('not over a present fact fails; not over an absent fact holds without assumptions', () => {
    expect(evaluate({ not: { feature: 'rag' } }, ctx)).toEqual({ matched: false, assumedAbsent: [] });
    expect(evaluate({ not: { feature: 'tool-approval' } }, ctx)).toEqual({ matched: true, assumedAbsent: [] });
  });

  it('not over an unknown fact holds and records the fact in assumedAbsent', () => {
    expect(evaluate({ not: { feature: 'rate-limiting' } }, ctx)).toEqual({ matched: true, assumedAbsent: ['rate-limiting'] });
  });

  it('an unknown fact outside a not is not recorded as an assumption', () => {
    const e = evaluate({ any: [{ feature: 'mcp' }, { feature: 'rag' }] }, ctx);
    expect(e).toEqual({ matched: true, assumedAbsent: [] });
  });

  it('a trait under not on a target records the owner and trait', () => {
    const cond: Condition = { all: [{ trait: 'side-effects' }, { not: { trait: 'requires-approval' } }] };
    expect(run(cond, refund)).toEqual({ matched: true, assumedAbsent: ['Refund tool: requires-approval'] });
    expect(run(cond, lookup)).toEqual({ matched: false, assumedAbsent: [] });
  });

  it('assumptions are sorted, de-duplicated and dropped when the condition fails', () => {
    const cond: Condition = {
      all: [{ feature: 'llm' }, { not: { feature: 'rate-limiting' } }, { not: { feature: 'drift-monitoring' } }, { not: { feature: 'rate-limiting' } }],
    };
    expect(evaluate(cond, ctx)).toEqual({ matched: true, assumedAbsent: ['drift-monitoring', 'rate-limiting'] });
    const failing: Condition = { all: [{ not: { feature: 'rate-limiting' } }, { feature: 'mcp' }] };
    expect(evaluate(failing, ctx)).toEqual({ matched: false, assumedAbsent: [] });
  });

  it('double negation reads the fact itself', () => {
    expect(evaluate({ not: { not: { feature: 'rag' } } }, ctx).matched).toBe(true);
    expect(evaluate({ not: { not: { feature: 'mcp' } } }, ctx).matched).toBe(false);
  });
});

describe('explainFailure', () => {
  it('names absent and unknown features differently', () => {
    expect(explainFailure({ feature: 'tool-approval' }, ctx)).toBe('tool-approval is absent');
    expect(explainFailure({ feature: 'mcp' }, ctx)).toBe('no evidence of mcp');
  });

  it('names a missing kind at system and at target level', () => {
    expect(explainFailure({ kind: 'vector-store' }, ctx)).toBe('no vector-store component');
    expect(explainFailure({ kind: 'llm' }, contextFor(system, refund))).toBe('is not an llm');
  });

  it('explains the first failing branch of all, every branch of any, and a not that holds', () => {
    expect(explainFailure({ all: [{ feature: 'llm' }, { feature: 'mcp' }, { feature: 'pii' }] }, ctx)).toBe('no evidence of mcp');
    expect(explainFailure({ any: [{ feature: 'mcp' }, { feature: 'tool-approval' }] }, ctx)).toBe(
      'no evidence of mcp and tool-approval is absent',
    );
    expect(explainFailure({ not: { feature: 'rag' } }, ctx)).toBe('rag holds');
  });

  it('names the target component for traits', () => {
    expect(explainFailure({ trait: 'side-effects' }, contextFor(system, lookup))).toBe('Lookup tool: side-effects is absent');
    expect(explainFailure({ trait: 'requires-approval' }, contextFor(system, refund))).toBe('no evidence of Refund tool: requires-approval');
  });
});

describe('describe and leaves', () => {
  const cond: Condition = {
    all: [{ feature: 'llm' }, { any: [{ feature: 'rag' }, { kind: 'tool' }] }, { not: { feature: 'tool-approval' } }],
  };

  it('renders a condition as a short expression', () => {
    expect(describeCondition(cond)).toBe('(llm and (rag or kind tool) and not tool-approval)');
    expect(describeCondition({ all: [{ trait: 'side-effects' }] })).toBe('trait side-effects');
    expect(describeCondition({ any: [{ kind: 'llm' }] })).toBe('kind llm');
  });

  it('lists every leaf in order', () => {
    expect(leaves(cond)).toEqual([{ feature: 'llm' }, { feature: 'rag' }, { kind: 'tool' }, { feature: 'tool-approval' }]);
  });

  it('the condition schema rejects unknown features, empty lists and mixed keys', () => {
    expect(ConditionSchema.safeParse(cond).success).toBe(true);
    expect(ConditionSchema.safeParse({ feature: 'telepathy' }).success).toBe(false);
    expect(ConditionSchema.safeParse({ all: [] }).success).toBe(false);
    expect(ConditionSchema.safeParse({ feature: 'llm', kind: 'tool' }).success).toBe(false);
  });
});

describe('reasonsFor: the facts that made a condition hold', () => {
  const cond = (c: unknown) => ConditionSchema.parse(c);

  it('every branch of an all, the first holding branch of an any, and what a not found missing', () => {
    expect(reasonsFor(cond({ all: [{ feature: 'llm' }, { any: [{ feature: 'tools' }, { feature: 'rag' }, { feature: 'llm' }] }, { not: { feature: 'tool-approval' } }] }), ctx)).toEqual([
      { feature: 'llm', negated: false },
      { feature: 'rag', negated: false },
      { feature: 'tool-approval', negated: true },
    ]);
  });

  it('under a not, an any holds by every branch failing and an all by its first failing branch', () => {
    expect(reasonsFor(cond({ not: { any: [{ feature: 'tools' }, { feature: 'mcp' }] } }), ctx)).toEqual([
      { feature: 'tools', negated: true },
      { feature: 'mcp', negated: true },
    ]);
    expect(reasonsFor(cond({ not: { all: [{ feature: 'rag' }, { feature: 'tools' }] } }), ctx)).toEqual([{ feature: 'tools', negated: true }]);
  });

  it('traits are read on the target; a condition that does not hold gives no reasons; kinds are left out', () => {
    expect(reasonsFor(cond({ all: [{ kind: 'tool' }, { trait: 'side-effects' }] }), contextFor(system, refund))).toEqual([{ trait: 'side-effects', negated: false }]);
    expect(reasonsFor(cond({ trait: 'side-effects' }), contextFor(system, lookup))).toEqual([]);
  });
});

