import { describe as describeCondition } from '../core/conditions.js';
import { UsageError } from '../core/errors.js';
import { CATEGORIES, SURFACES, type Category, type Surface } from '../core/vocabulary.js';
import { KnowledgeIndex } from '../kb/index.js';
import { defaultKnowledgeDir, loadKnowledgeBase, readKnowledgeBase } from '../kb/load.js';
import { resolveReference } from '../kb/lint.js';

interface KbOptions {
  kb?: string;
  json?: boolean;
}

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function open(options: KbOptions): KnowledgeIndex {
  return new KnowledgeIndex(loadKnowledgeBase(options.kb ?? defaultKnowledgeDir()));
}

export function kbSearch(query: string, options: KbOptions & { limit: string }): void {
  const limit = Number.parseInt(options.limit, 10);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got "${options.limit}"`);
  const hits = open(options).search(query, limit);
  if (options.json) return out(JSON.stringify(hits.map((h) => ({ id: h.entry.id, title: h.entry.title, score: h.score })), null, 2));
  if (hits.length === 0) return out(`No entries match "${query}".`);
  for (const h of hits) out(`${h.score.toFixed(2).padStart(6)}  ${h.entry.id.padEnd(40)} ${h.entry.title}`);
}

export function kbShow(id: string, options: KbOptions): void {
  const index = open(options);
  const entry = index.get(id);
  if (!entry) {
    const near = index.search(id.replace(/-/g, ' '), 3).map((h) => h.entry.id);
    throw new UsageError(`no knowledge entry "${id}"`, near.length ? `Did you mean: ${near.join(', ')}?` : 'Run "aitm kb list" to see the ids.');
  }
  if (options.json) return out(JSON.stringify(entry, null, 2));
  const registry = index.data.registry;
  const lines = [
    `${entry.id} — ${entry.title}`,
    '',
    entry.summary,
    '',
    `Categories: ${entry.categories.join(', ')}`,
    `Surfaces:   ${entry.surfaces.join(', ')}`,
    `Applies when: ${describeCondition(entry.applies_when)}`,
    `Targets: ${entry.targets.map((t) => (t.when ? `${t.kind} where ${describeCondition(t.when)}` : t.kind)).join('; ')}`,
    '',
    'Mitigations:',
    ...entry.mitigations.map((m) => `  - ${m.title}\n    monitor: ${m.monitoring.signal}\n    alert:   ${m.monitoring.alert}`),
    '',
    'References:',
    ...entry.references.map((r) => `  - ${r} ${resolveReference(registry, r)?.name ?? '(unknown)'}`),
  ];
  out(lines.join('\n'));
}

export function kbList(options: KbOptions & { category?: string; surface?: string }): void {
  if (options.category !== undefined && !(CATEGORIES as readonly string[]).includes(options.category))
    throw new UsageError(`unknown category "${options.category}"`, `Use one of: ${CATEGORIES.join(', ')}.`);
  if (options.surface !== undefined && !(SURFACES as readonly string[]).includes(options.surface))
    throw new UsageError(`unknown surface "${options.surface}"`, `Use one of: ${SURFACES.join(', ')}.`);
  const entries = open(options).list({
    ...(options.category === undefined ? {} : { category: options.category as Category }),
    ...(options.surface === undefined ? {} : { surface: options.surface as Surface }),
  });
  if (options.json)
    return out(JSON.stringify(entries.map((e) => ({ id: e.id, title: e.title, categories: e.categories, surfaces: e.surfaces })), null, 2));
  for (const e of entries) out(`${e.id.padEnd(44)} ${e.categories[0]!.padEnd(24)} ${e.title}`);
  out(`${entries.length} entries`);
}

export function kbLint(options: KbOptions): void {
  const dir = options.kb ?? defaultKnowledgeDir();
  const { data, problems } = readKnowledgeBase(dir);
  if (options.json) out(JSON.stringify({ ok: problems.length === 0, entries: data?.entries.length ?? 0, problems }, null, 2));
  else {
    for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
    if (problems.length === 0) out(`knowledge base OK: ${data!.entries.length} entries`);
    else process.stderr.write(`${problems.length} problem(s) in the knowledge base\n`);
  }
  if (problems.length > 0) process.exitCode = 3;
}
