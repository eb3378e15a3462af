/**
 * Every knowledge entry renders to sentences a reviewer can read: one threat statement of at most
 * 45 words in the threat grammar, and a misuse case in plain words — with no template artefacts
 * (empty or doubled slots, "(s)", dangling joins) whatever component or system fills them.
 */
import { describe, expect, it } from 'vitest';
import { PREREQUISITE_JOINER, sentenceOf, statementOf } from '../../src/core/generate.js';
import { render } from '../../src/core/template.js';
import { kb } from '../helpers.js';
import { artefacts } from './artefacts.js';

const FILLS = [
  { component: 'the refund tool', model: 'GPT-4o', system: 'Acme Support Assistant' },
  { component: 'each tool', model: 'the model', system: 'Patchwork' },
];
const MAX_WORDS = 45;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe('threat statements of every knowledge entry', () => {
  const entries = kb().entries;

  it.each(entries.map((e) => [e.id, e] as const))('%s: one sentence of at most 45 words, no artefacts', (_id, entry) => {
    for (const vars of FILLS) {
      const st = statementOf(entry, vars);
      const sentence = sentenceOf(st);
      expect(words(sentence), sentence).toBeLessThanOrEqual(MAX_WORDS);
      expect(st.prerequisites, 'prerequisites open with a joining word (with, who, through…)').toMatch(PREREQUISITE_JOINER);
      for (const slot of [st.source, st.prerequisites, st.action, st.impact, ...st.assets]) expect(artefacts(slot), slot).toEqual([]);
      expect(st.assets.length).toBeLessThanOrEqual(2);
    }
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s: a misuse case in plain words', (_id, entry) => {
    for (const vars of FILLS) {
      const misactor = render(entry.scenario.misactor, vars);
      const goal = render(entry.scenario.goal, vars);
      expect(goal, 'the goal follows "wants to"').not.toMatch(/^to\s/i);
      for (const text of [misactor, goal, ...entry.scenario.steps.map((s) => render(s, vars))]) expect(artefacts(text), text).toEqual([]);
      expect(entry.scenario.steps.length).toBeLessThanOrEqual(4);
      for (const step of entry.scenario.steps) expect(words(render(step, vars)), step).toBeLessThanOrEqual(30);
    }
  });
});
