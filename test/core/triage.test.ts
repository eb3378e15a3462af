import { describe, expect, it } from 'vitest';
import { displayId, threatKey } from '../../src/core/ids.js';
import { applyTriage, TriageFileSchema } from '../../src/core/triage.js';
import { buildModel, exampleDoc } from '../helpers.js';

const model = buildModel([exampleDoc('support-bot')]);
const shared = model.threats.find((t) => t.components.length === 2 && t.entry === 'tool-argument-injection')!;
const single = model.threats.find((t) => t.components.length === 1)!;
const triage = (decisions: Record<string, unknown>) => TriageFileSchema.parse({ decisions });

describe('applyTriage', () => {
  it('the support-bot model has a threat two tools share, keyed by the entry and both tools', () => {
    expect(shared.components).toEqual(['order-lookup-tool', 'refund-tool']);
    expect(shared.key).toBe('tool-argument-injection@order-lookup-tool@refund-tool');
  });

  it('applies a decision by key or by display id; the key wins when both are given', () => {
    const r = applyTriage(
      model.threats,
      triage({
        [single.key]: { status: 'mitigated', owner: 'platform' },
        [single.id]: { status: 'accepted', reason: 'older decision by id' },
        [shared.id]: { status: 'in-progress', ticket: 'SEC-7' },
      }),
    );
    expect(r.applied).toBe(2);
    expect(r.threats.find((t) => t.key === single.key)).toMatchObject({ status: 'mitigated', triage: { owner: 'platform' } });
    expect(r.threats.find((t) => t.key === shared.key)).toMatchObject({ status: 'in-progress', triage: { ticket: 'SEC-7' } });
    expect(r.orphaned).toEqual([]);
    expect(r.followed).toEqual([]);
  });

  it('a decision made when one tool had the threat alone follows it when another tool joins, by key or by the old id', () => {
    const oldKey = threatKey('tool-argument-injection', ['refund-tool']);
    const byKey = applyTriage(model.threats, triage({ [oldKey]: { status: 'mitigated' } }));
    expect(byKey.threats.find((t) => t.key === shared.key)?.status).toBe('mitigated');
    expect(byKey.followed).toEqual([{ decision: oldKey, threat: shared.id }]);
    expect(byKey.orphaned).toEqual([]);

    const oldId = displayId(shared.category, oldKey);
    const byId = applyTriage(model.threats, triage({ [oldId]: { status: 'accepted', reason: 'refunds are capped' } }));
    expect(byId.threats.find((t) => t.key === shared.key)).toMatchObject({ status: 'accepted', triage: { reason: 'refunds are capped' } });
    expect(byId.followed).toEqual([{ decision: oldId, threat: shared.id }]);
  });

  it('a decision for a component that no threat of that entry names any more is reported, never dropped', () => {
    const gone = threatKey('tool-argument-injection', ['email-tool']);
    const r = applyTriage(model.threats, triage({ [gone]: { status: 'mitigated' }, 'E-000000': { status: 'open' } }));
    expect(r.applied).toBe(0);
    expect(r.orphaned).toEqual(['E-000000', gone].sort());
    expect(r.threats.every((t) => t.status === 'open')).toBe(true);
  });
});
