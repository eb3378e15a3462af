/**
 * The false-assurance suite: small documents that say "no", "not yet", "only if", "maybe" about a
 * control in many different ways (and, so a reader that says no to everything fails, documents
 * that say yes in tricky ways). The reader must never read a control as present that the document
 * does not affirm.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { prepareSystem } from '../../src/core/pipeline.js';
import { FEATURE_NAMES, TRAIT_NAMES } from '../../src/core/vocabulary.js';
import { FIXTURES, kb } from '../helpers.js';
import { sameComponent } from './score.js';

const Case = z.strictObject({
  id: z.string(),
  way: z.string(),
  file: z.string().default('doc.md'),
  doc: z.string(),
  expect: z.array(
    z.strictObject({
      feature: z.enum(FEATURE_NAMES as [string, ...string[]]).optional(),
      trait: z.enum(TRAIT_NAMES as [string, ...string[]]).optional(),
      component: z.string().optional(),
      state: z.enum(['present', 'partial', 'absent', 'unknown', 'not-present']),
    }),
  ),
});
const cases = z.strictObject({ cases: z.array(Case) }).parse(parse(readFileSync(join(FIXTURES, 'false-assurance.yaml'), 'utf8'))).cases;

function accepts(expected: string, found: string | undefined): boolean {
  if (expected === 'present') return found === 'present';
  // Wrong is worse than missing: any reading but "present" is safe for a control the doc does not affirm.
  return found !== 'present';
}

describe('false-assurance suite', () => {
  it('has at least 25 ways of saying no and some ways of saying yes', () => {
    const no = cases.filter((c) => c.expect.some((e) => e.state !== 'present'));
    expect(new Set(no.map((c) => c.way)).size).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.expect.every((e) => e.state === 'present')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { system } = prepareSystem({ docs: [{ file: c.file, text: c.doc }], declared: [], technologies: kb().technologies });
    for (const e of c.expect) {
      if (e.feature) {
        const found = system.features[e.feature as keyof typeof system.features];
        expect(accepts(e.state, found?.state), `${c.way}: ${e.feature} read as ${found?.state ?? 'nothing'} (${found?.evidence[0]?.quote ?? ''}), expected ${e.state}`).toBe(true);
      } else {
        const component = system.components.find((x) => sameComponent(x, [e.component!]));
        const found = component?.traits.find((t) => t.trait === e.trait)?.state;
        expect(accepts(e.state, found), `${c.way}: ${e.component}/${e.trait} read as ${found ?? (component ? 'nothing' : 'no such component')}, expected ${e.state} — components: ${system.components.map((x) => x.name).join(', ')}`).toBe(true);
      }
    }
  });
});
