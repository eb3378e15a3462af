/**
 * Scores a reading against a hand-written expected reading (test/fixtures/reading/README.md):
 * component recall and precision, kind accuracy, features and traits read right, and — the
 * number that must stay at zero — controls read as present that the docs do not affirm.
 * Shared by the reading tests and `npm run eval`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { prepareSystem } from '../../src/core/pipeline.js';
import type { SourceDocument } from '../../src/core/read/source.js';
import type { Component, SystemModel } from '../../src/core/system.js';
import type { Technology } from '../../src/core/technology.js';
import type { ReadingReport } from '../../src/core/threat.js';
import { COMPONENT_KINDS, CONTROL_FEATURES, CONTROL_TRAITS, CONTROLS, FEATURE_NAMES, TRAIT_NAMES } from '../../src/core/vocabulary.js';
import { readSystemFile } from '../../src/io/system-file.js';

const State = z.enum(['present', 'partial', 'absent', 'unknown', 'not-present']);
const Kinds = z.union([z.enum(COMPONENT_KINDS), z.array(z.enum(COMPONENT_KINDS))]);

export const ExpectedSchema = z.strictObject({
  description: z.string(),
  files: z.array(z.string()).optional(),
  system: z.strictObject({ name: z.string().optional(), ai: z.boolean() }),
  components: z.array(z.strictObject({ name: z.string(), aka: z.array(z.string()).optional(), kind: Kinds })),
  optional: z.array(z.string()).default([]),
  not_components: z.array(z.string()).default([]),
  features: z.partialRecord(z.enum(FEATURE_NAMES as [string, ...string[]]), State).default({}),
  traits: z.array(z.strictObject({ component: z.string(), trait: z.enum(TRAIT_NAMES as [string, ...string[]]), state: State })).default([]),
});
export type Expected = z.infer<typeof ExpectedSchema>;

export interface CaseScore {
  name: string;
  expected: number;
  found: number;
  recalled: number;
  correct: number;
  kindRight: number;
  missed: string[];
  extra: string[];
  trapped: string[];
  falsePresent: string[];
  featuresRight: number;
  featuresTotal: number;
  featureMisses: string[];
  name_ok: boolean | null;
  ai_ok: boolean;
  status: ReadingReport['status'];
}

/** Lower case, no markup or punctuation, "the" dropped, a plural "s" dropped. */
export function key(name: string): string {
  return name
    .toLowerCase()
    .replace(/[`*_"“”'’()[\]]/g, ' ')
    .replace(/[-_/.:,]+/g, ' ')
    .replace(/\b(the|a|an)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

function containsWords(hay: string, needle: string): boolean {
  return ` ${hay} `.includes(` ${needle} `);
}

/** Whether a found component is the expected one: same name, an aka, or one name inside the other. */
export function sameComponent(found: Pick<Component, 'name' | 'technology'>, names: string[], byTechnology = true): boolean {
  const f = [key(found.name), ...(found.technology && byTechnology ? [key(found.technology)] : [])].filter(Boolean);
  for (const n of names.map(key)) {
    if (!n) continue;
    for (const x of f) {
      if (x === n) return true;
      const [short, long] = x.length < n.length ? [x, n] : [n, x];
      if (short.length >= 5 && short.includes(' ') && containsWords(long, short)) return true;
      if (short.length >= 4 && containsWords(long, short) && long.split(' ').length <= short.split(' ').length + 1) return true;
    }
  }
  return false;
}

const NOT_PRESENT = new Set(['partial', 'absent', 'unknown', 'not-present']);

function stateMatches(expected: string, found: string | undefined): boolean {
  if (expected === 'not-present') return found !== 'present';
  if (expected === 'absent') return found === 'absent' || found === undefined;
  if (expected === 'unknown') return found === 'unknown' || found === undefined;
  return expected === found;
}

/**
 * A found component as the names it goes by: its name, its product, and the product's other names in
 * the vocabulary ("PostgreSQL" is also "Postgres").
 */
function namesFound(c: Component, technologies: readonly Technology[]): Pick<Component, 'name' | 'technology'>[] {
  const out: Pick<Component, 'name' | 'technology'>[] = [c];
  for (const t of technologies) {
    if (t.name !== c.name && t.name !== c.technology) continue;
    for (const m of t.match) if (!m.startsWith('.')) out.push({ name: m });
  }
  return out;
}

export function scoreReading(name: string, expected: Expected, system: SystemModel, report: ReadingReport, technologies: readonly Technology[] = []): CaseScore {
  const namesOf = (c: Expected['components'][number]) => [c.name, ...(c.aka ?? [])];
  const kindsOf = (c: Expected['components'][number]) => (Array.isArray(c.kind) ? c.kind : [c.kind]);
  const matchOf = new Map<Component, Expected['components'][number]>();
  // By name first; the product a component is built on ("MCP server", "Postgres") only when its name matches nothing.
  for (const f of system.components) {
    const e =
      expected.components.find((c) => namesOf(c).some((n) => key(n) === key(f.name))) ??
      expected.components.find((c) => sameComponent(f, namesOf(c), false)) ??
      expected.components.find((c) => sameComponent(f, namesOf(c))) ??
      expected.components.find((c) => namesFound(f, technologies).some((n) => sameComponent(n, namesOf(c), false)));
    if (e) matchOf.set(f, e);
  }
  const recalledList = expected.components.filter((c) => system.components.some((f) => matchOf.get(f) === c));
  const missed = expected.components.filter((c) => !recalledList.includes(c)).map((c) => c.name);
  const correct = system.components.filter((f) => matchOf.has(f) || sameComponent(f, expected.optional));
  const extra = system.components.filter((f) => !correct.includes(f)).map((f) => `${f.name} (${f.kind})`);
  const trapped = system.components.filter((f) => expected.not_components.some((n) => key(n) === key(f.name))).map((f) => f.name);
  const kindRight = recalledList.filter((c) => system.components.some((f) => matchOf.get(f) === c && kindsOf(c).includes(f.kind))).length;

  const falsePresent: string[] = [];
  for (const [feature, fact] of Object.entries(system.features)) {
    if (!CONTROL_FEATURES.has(feature as never) || fact?.state !== 'present') continue;
    if (expected.features[feature] !== 'present') falsePresent.push(`${feature} (expected ${expected.features[feature] ?? 'not stated'})`);
  }
  for (const c of system.components) {
    for (const t of c.traits) {
      if (!CONTROL_TRAITS.has(t.trait as never) || t.state !== 'present') continue;
      const e = matchOf.get(c);
      const stated = e ? expected.traits.find((x) => x.trait === t.trait && namesOf(e).some((n) => key(n) === key(x.component))) : undefined;
      const twin = (Object.entries(CONTROLS).find(([, c]) => 'trait' in c && c.trait === t.trait)?.[0] ?? 'rate-limiting') as keyof typeof expected.features;
      const ok = stated ? stated.state === 'present' : expected.features[twin] === 'present';
      if (!ok) falsePresent.push(`${c.name}: ${t.trait} (expected ${stated?.state ?? expected.features[twin] ?? 'not stated'})`);
    }
  }

  let featuresRight = 0;
  const featureMisses: string[] = [];
  const featureEntries = Object.entries(expected.features);
  for (const [feature, state] of featureEntries) {
    const found = system.features[feature as keyof SystemModel['features']]?.state;
    if (stateMatches(state!, found)) featuresRight++;
    else featureMisses.push(`${feature}: expected ${state}, read ${found ?? 'nothing'}`);
  }
  for (const t of expected.traits) {
    const e = expected.components.find((c) => namesOf(c).some((n) => key(n) === key(t.component)));
    const f = e ? system.components.find((x) => matchOf.get(x) === e) : undefined;
    const found = f?.traits.find((x) => x.trait === t.trait)?.state;
    if (stateMatches(t.state, found)) featuresRight++;
    else featureMisses.push(`${t.component}/${t.trait}: expected ${t.state}, read ${found ?? (f ? 'nothing' : 'no component')}`);
  }
  const ai = report.status !== 'no-ai' && report.status !== 'empty';
  return {
    name,
    expected: expected.components.length,
    found: system.components.length,
    recalled: recalledList.length,
    correct: correct.length,
    kindRight,
    missed,
    extra,
    trapped,
    falsePresent,
    featuresRight,
    featuresTotal: featureEntries.length + expected.traits.length,
    featureMisses,
    name_ok: expected.system.name === undefined ? null : key(system.name).includes(key(expected.system.name)) || key(expected.system.name).includes(key(system.name)),
    ai_ok: ai === expected.system.ai,
    status: report.status,
  };
}

const DOC_EXT = /\.(md|markdown|txt|text|ya?ml|json|mmd|mermaid|puml|plantuml|dsl)$/i;

/** The inputs of a case: the files `expected.files` names, else every document in the folder. */
export function caseFiles(dir: string, expected: Pick<Expected, 'files'>): string[] {
  if (expected.files) return expected.files.map((f) => join(dir, f));
  if (!statSync(dir).isDirectory()) return [dir];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (DOC_EXT.test(name) && name !== 'expected.yaml') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads a case's files as batch does: system files are declared, everything else is prose. */
export function readCase(root: string, files: string[], technologies: readonly Technology[]): { system: SystemModel; reading: ReadingReport } {
  const docs: SourceDocument[] = [];
  const declared: SystemModel[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const file = relative(root, f);
    const system = /\.(ya?ml|json)$/i.test(f) ? readSystemFile(file, text) : undefined;
    if (system) declared.push(system);
    else docs.push({ file, text });
  }
  return prepareSystem({ docs, declared, technologies });
}

export function loadExpected(path: string): Expected {
  return ExpectedSchema.parse(parse(readFileSync(path, 'utf8')));
}

export interface Totals {
  cases: number;
  expected: number;
  recalled: number;
  found: number;
  correct: number;
  kindRight: number;
  falsePresent: number;
  featuresRight: number;
  featuresTotal: number;
  trapped: number;
  aiWrong: number;
  namesWrong: number;
}

export function totals(scores: CaseScore[]): Totals {
  const sum = (f: (s: CaseScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  return {
    cases: scores.length,
    expected: sum((s) => s.expected),
    recalled: sum((s) => s.recalled),
    found: sum((s) => s.found),
    correct: sum((s) => s.correct),
    kindRight: sum((s) => s.kindRight),
    falsePresent: sum((s) => s.falsePresent.length),
    featuresRight: sum((s) => s.featuresRight),
    featuresTotal: sum((s) => s.featuresTotal),
    trapped: sum((s) => s.trapped.length),
    aiWrong: sum((s) => (s.ai_ok ? 0 : 1)),
    namesWrong: sum((s) => (s.name_ok === false ? 1 : 0)),
  };
}

/** Every case folder under `casesDir` (own corpus) with its expected reading. */
export function ownCases(casesDir: string): Array<{ name: string; dir: string; expected: Expected }> {
  return readdirSync(casesDir)
    .filter((n) => existsSync(join(casesDir, n, 'expected.yaml')))
    .sort()
    .map((n) => ({ name: n, dir: join(casesDir, n), expected: loadExpected(join(casesDir, n, 'expected.yaml')) }));
}

export { NOT_PRESENT };
