import { leaves } from '../core/conditions.js';
import type { Condition, KnowledgeEntry, Registry } from '../core/knowledge.js';
import { unknownPlaceholders } from '../core/template.js';
import { phraseKey, type Technology } from '../core/technology.js';
import { CATEGORIES, CONTROL_FEATURES, CONTROL_TRAITS, SURFACES } from '../core/vocabulary.js';
import type { Problem } from '../io/yaml-source.js';

export interface SourcedEntry {
  entry: KnowledgeEntry;
  file: string;
  lineOf: (path: ReadonlyArray<PropertyKey>) => number;
}

/** Resolves an external ID to its catalog and official name. */
export function resolveReference(registry: Registry, id: string): { catalog: string; name: string } | undefined {
  for (const [catalog, data] of Object.entries(registry.catalogs)) {
    const name = data.entries[id];
    if (name !== undefined) return { catalog: `${data.title} ${data.version}`, name };
  }
  return undefined;
}

/** Catalogue items every knowledge base must cover (the README lists them). */
export const REQUIRED_REFERENCES = [
  ...Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`),
  ...Array.from({ length: 10 }, (_, i) => `ASI${String(i + 1).padStart(2, '0')}`),
];

function templates(entry: KnowledgeEntry): Array<{ path: PropertyKey[]; text: string }> {
  const out: Array<{ path: PropertyKey[]; text: string }> = [];
  const t = entry.threat;
  for (const k of ['source', 'prerequisites', 'action', 'impact'] as const) out.push({ path: ['threat', k], text: t[k] });
  t.assets.forEach((a, i) => out.push({ path: ['threat', 'assets', i], text: a }));
  out.push({ path: ['scenario', 'misactor'], text: entry.scenario.misactor });
  out.push({ path: ['scenario', 'goal'], text: entry.scenario.goal });
  entry.scenario.steps.forEach((s, i) => out.push({ path: ['scenario', 'steps', i], text: s }));
  entry.mitigations.forEach((m, i) => {
    out.push({ path: ['mitigations', i, 'description'], text: m.description });
    out.push({ path: ['mitigations', i, 'monitoring', 'signal'], text: m.monitoring.signal });
    out.push({ path: ['mitigations', i, 'monitoring', 'alert'], text: m.monitoring.alert });
  });
  entry.indicators.forEach((x, i) => {
    if (/\{[a-z_]+\}/.test(x)) out.push({ path: ['indicators', i], text: x.replace(/\{[a-z_]+\}/g, '{indicators_are_not_templates}') });
  });
  entry.red_team.forEach((r, i) => {
    out.push({ path: ['red_team', i, 'procedure'], text: r.procedure });
    out.push({ path: ['red_team', i, 'expected'], text: r.expected });
  });
  return out;
}

function usesTrait(cond: Condition): boolean {
  return leaves(cond).some((l) => 'trait' in l);
}

/** Semantic checks over schema-valid entries: ids, references, templates, conditions, coverage. */
export function lintEntries(entries: SourcedEntry[], registry: Registry): Problem[] {
  const problems: Problem[] = [];
  const at = (s: SourcedEntry, path: PropertyKey[], message: string) =>
    problems.push({ file: s.file, line: s.lineOf(path), message });

  const seen = new Map<string, string>();
  for (const s of entries) {
    const { entry } = s;
    const previous = seen.get(entry.id);
    if (previous) at(s, ['id'], `duplicate id "${entry.id}" (also in ${previous})`);
    seen.set(entry.id, s.file);
    const base = s.file.split(/[\\/]/).pop()?.replace(/\.ya?ml$/, '');
    if (base !== entry.id) at(s, ['id'], `id "${entry.id}" does not match the file name "${base}"`);

    entry.references.forEach((ref, i) => {
      if (!resolveReference(registry, ref)) at(s, ['references', i], `unknown reference "${ref}": not in knowledge/registry.json`);
    });
    const mitigationIds = new Set<string>();
    entry.mitigations.forEach((m, i) => {
      if (mitigationIds.has(m.id)) at(s, ['mitigations', i, 'id'], `duplicate mitigation id "${m.id}"`);
      mitigationIds.add(m.id);
      m.references.forEach((ref, j) => {
        if (!resolveReference(registry, ref))
          at(s, ['mitigations', i, 'references', j], `unknown reference "${ref}": not in knowledge/registry.json`);
      });
    });
    for (const { path, text } of templates(entry)) {
      for (const name of unknownPlaceholders(text))
        at(s, path, `unknown placeholder {${name}}: use {component}, {system} or {model}`);
    }
    if (usesTrait(entry.applies_when)) at(s, ['applies_when'], 'traits describe one component: use them in targets[].when');
  }

  const covered = {
    categories: new Set(entries.flatMap((s) => s.entry.categories)),
    surfaces: new Set(entries.flatMap((s) => s.entry.surfaces)),
    references: new Set(entries.flatMap((s) => s.entry.references)),
  };
  const kb = { file: 'knowledge/entries', line: 1 };
  for (const c of CATEGORIES) if (!covered.categories.has(c)) problems.push({ ...kb, message: `no entry covers the category ${c}` });
  for (const c of SURFACES) if (!covered.surfaces.has(c)) problems.push({ ...kb, message: `no entry covers the surface ${c}` });
  for (const r of REQUIRED_REFERENCES)
    if (!covered.references.has(r)) problems.push({ ...kb, message: `no entry references ${r}` });
  return problems;
}

/**
 * The technology vocabulary: unique ids, no phrase claimed by two entries, no control implied by a
 * product name (a doc can name a guardrail it does not use), nothing that matches ordinary words.
 */
export function lintTechnologies(technologies: readonly Technology[], file: string, lineOf: (path: ReadonlyArray<PropertyKey>) => number): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push({ file, line: lineOf(path), message });
  const ids = new Map<string, number>();
  const phrases = new Map<string, string>();
  technologies.forEach((t, i) => {
    if (ids.has(t.id)) at(['technologies', i, 'id'], `duplicate technology id "${t.id}"`);
    ids.set(t.id, i);
    t.features.forEach((f, j) => {
      if (CONTROL_FEATURES.has(f)) at(['technologies', i, 'features', j], `"${f}" is a control: a product name never shows a control is in place; the reader decides controls from the sentence`);
    });
    t.traits.forEach((x, j) => {
      if (CONTROL_TRAITS.has(x)) at(['technologies', i, 'traits', j], `"${x}" is a control trait: a product name never shows it`);
    });
    if (t.generic && t.features.length > 0 && t.kind === undefined) at(['technologies', i], 'a generic category word with no kind cannot imply features');
    t.match.forEach((m, j) => {
      const key = t.case_sensitive ? m : phraseKey(m);
      const owner = phrases.get(key);
      if (owner && owner !== t.id) at(['technologies', i, 'match', j], `phrase "${m}" is also a phrase of "${owner}"`);
      phrases.set(key, t.id);
      if (!t.case_sensitive && COMMON_WORDS.has(phraseKey(m))) at(['technologies', i, 'match', j], `phrase "${m}" is an ordinary word; make it case_sensitive or more specific`);
      if (m.length < 2) at(['technologies', i, 'match', j], `phrase "${m}" is too short to match reliably`);
    });
  });
  return problems;
}

/** Ordinary English words a case-insensitive technology phrase must not be. */
const COMMON_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'it', 'is', 'on', 'in', 'to', 'of', 'at', 'as', 'by', 'for', 'with', 'model', 'models', 'data', 'api', 'app',
  'service', 'server', 'store', 'index', 'queue', 'agent', 'tool', 'tools', 'system', 'platform', 'pipeline', 'job', 'worker', 'cache', 'database',
  'search', 'memory', 'gateway', 'spark', 'comet', 'prefect', 'falcon', 'phi', 'feast', 'notion', 'slack', 'workday', 'snowflake', 'haystack',
  'envoy', 'pulsar', 'stripe', 'vault', 'guard', 'flow', 'flows', 'hub', 'engine', 'kong', 'perplexity', 'evidently', 'fiddler', 'sap',
]);
