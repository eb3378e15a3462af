import { describe, expect, it } from 'vitest';
import { LineIndex, quoteIsAt } from '../../src/core/read/source.js';
import { mergeSystems } from '../../src/core/pipeline.js';
import { renderMarkdown } from '../../src/core/render/markdown.js';
import { SystemModelSchema } from '../../src/core/system.js';
import { ThreatModelSchema } from '../../src/core/threat.js';
import { buildModel, EXAMPLE_NAMES, exampleDoc, md } from '../helpers.js';

describe('buildOfflineThreatModel', () => {
  it.each(EXAMPLE_NAMES)('%s: validates against ThreatModelSchema and survives a JSON round trip', (name) => {
    const model = buildModel([exampleDoc(name)]);
    expect(ThreatModelSchema.safeParse(model).success).toBe(true);
    const reparsed = ThreatModelSchema.parse(JSON.parse(JSON.stringify(model)));
    expect(reparsed).toEqual(model);
    expect(model.threats.length).toBeGreaterThan(5);
    expect(model.validation).toMatchObject({ mode: 'offline', calls: 0, accepted: 0, rejected: 0 });
    expect(model.provenance).toMatchObject({ generator: 'aitm', mode: 'offline', model: null, date: '2026-01-01' });
  });

  it('is deterministic: building twice gives deep-equal models and identical Markdown', () => {
    for (const name of EXAMPLE_NAMES) {
      const a = buildModel([exampleDoc(name)]);
      const b = buildModel([exampleDoc(name)]);
      expect(b).toEqual(a);
      expect(renderMarkdown(b)).toBe(renderMarkdown(a));
    }
  });

  it('threat ids are unique and match the display-id format in every example', () => {
    for (const name of EXAMPLE_NAMES) {
      const ids = buildModel([exampleDoc(name)]).threats.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[STRIDE]-[0-9a-f]{6}$/);
    }
  });

  it('does not depend on the order of the input documents', () => {
    const docs = [exampleDoc('support-bot'), md('# Notes\n\nNo drift monitoring yet.\n', 'notes.md')];
    const a = buildModel(docs);
    const b = buildModel([...docs].reverse());
    expect(b.threats.map((t) => t.id).sort()).toEqual(a.threats.map((t) => t.id).sort());
  });

  it('every threat cites evidence whose quote the cited file shows, starting on the cited line', () => {
    for (const name of EXAMPLE_NAMES) {
      const doc = exampleDoc(name);
      const lines = new LineIndex(doc.text);
      const model = buildModel([doc]);
      for (const t of model.threats) {
        expect(t.evidence.length, t.key).toBeGreaterThan(0);
        for (const e of t.evidence) {
          expect(e.file).toBe(doc.file);
          expect(quoteIsAt(lines, e.line, e.quote), `${t.key} ${e.line}: ${e.quote}`).toBe(true);
        }
      }
    }
  });

  it('--name overrides the title', () => {
    expect(buildModel([exampleDoc('support-bot')], { name: 'Renamed' }).system.name).toBe('Renamed');
  });

  it('the validation report counts catalog threats and entries', () => {
    const model = buildModel([exampleDoc('fraud-scoring')]);
    expect(model.validation.notes[0]).toMatch(new RegExp(`^Offline mode: ${model.threats.length} catalog threats from \\d+ of \\d+ knowledge entries`));
  });
});

describe('declared systems (system.yaml) merged over extraction', () => {
  const ev = [{ file: 'system.yaml', line: 3, quote: 'kind: tool' }];
  const declared = SystemModelSchema.parse({
    name: 'Declared name',
    components: [
      {
        id: 'refund-tool',
        name: 'Refund tool',
        kind: 'tool',
        traits: [{ trait: 'requires-approval', state: 'present', evidence: ev }],
      },
      { id: 'audit-log', name: 'Audit log', kind: 'datastore', evidence: ev },
    ],
    features: { 'tool-approval': { state: 'present', evidence: ev } },
  });

  it('declared names, traits and features win; extracted components are kept', () => {
    const extracted = buildModel([exampleDoc('support-bot')]).system;
    const merged = mergeSystems(extracted, [declared]);
    expect(merged.name).toBe('Declared name');
    const refund = merged.components.find((c) => c.id === 'refund-tool')!;
    expect(refund.traits.find((t) => t.trait === 'requires-approval')?.state).toBe('present');
    expect(refund.traits.find((t) => t.trait === 'side-effects')?.state).toBe('present'); // kept from the doc
    expect(merged.features['tool-approval']?.state).toBe('present');
    expect(merged.components.some((c) => c.id === 'audit-log')).toBe(true);
    expect(merged.components.length).toBe(extracted.components.length + 1);
    const ids = merged.components.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('a declared control feeds the rules: approval lowers likelihood and raises approval-fatigue', () => {
    const without = buildModel([exampleDoc('support-bot')]);
    const withApproval = buildModel([exampleDoc('support-bot')], { declared: [declared] });
    expect(ThreatModelSchema.safeParse(withApproval).success).toBe(true);
    expect(withApproval.system.name).toBe('Declared name');
    const agency = (m: typeof without) => m.threats.find((t) => t.entry === 'excessive-agency-side-effect-tools' && t.components.includes('refund-tool'))!;
    expect(agency(withApproval).likelihood).toBe(agency(without).likelihood - 1);
    expect(agency(withApproval).rationale).toMatch(/lowered because a person approves side-effecting tool calls/);
    expect(without.threats.some((t) => t.entry === 'human-approval-fatigue')).toBe(false);
    expect(withApproval.threats.some((t) => t.entry === 'human-approval-fatigue')).toBe(true);
    // The same threat keeps its id when the system name changes.
    expect(agency(withApproval).id).toBe(agency(without).id);
  });

  it('a declared system alone (no prose) gives a model named after it', () => {
    const model = buildModel([], { declared: [declared] });
    expect(model.system.name).toBe('Declared name');
    expect(ThreatModelSchema.safeParse(model).success).toBe(true);
  });
});
