/**
 * Shared helpers for the test suite (not a test file: vitest only runs *.test.ts).
 * Paths are absolute so tests never depend on the working directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceDocument } from '../src/core/read/source.js';
import { extractSystem } from '../src/core/extract/extract.js';
import { buildOfflineThreatModel } from '../src/core/pipeline.js';
import { TechnologyIndex } from '../src/core/technology.js';
import type { Evidence, SystemModel } from '../src/core/system.js';
import type { ThreatModel } from '../src/core/threat.js';
import { loadKnowledgeBase, type KnowledgeBaseData } from '../src/kb/load.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES = join(ROOT, 'examples');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const KNOWLEDGE_DIR = join(ROOT, 'knowledge');

export const EXAMPLE_NAMES = ['support-bot', 'fraud-scoring', 'coding-agent'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

export function examplePath(name: ExampleName): string {
  return join(EXAMPLES, name, 'architecture.md');
}

/** Reads a document as aitm does after read-docs: the display name is the path relative to the repo. */
export function sourceDoc(absPath: string): SourceDocument {
  return { file: absPath.slice(ROOT.length + 1), text: readFileSync(absPath, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') };
}

export function exampleDoc(name: ExampleName): SourceDocument {
  return sourceDoc(examplePath(name));
}

/** Every prose fixture and example a test may extract from (absolute paths). */
export const ALL_DOC_PATHS: string[] = [
  ...EXAMPLE_NAMES.map(examplePath),
  join(FIXTURES, 'docs', 'hr-screening.md'),
  join(FIXTURES, 'docs', 'recommendations.txt'),
  join(FIXTURES, 'docs', 'triage-bot', 'overview.md'),
];

let kbCache: KnowledgeBaseData | undefined;
/** The shipped knowledge base, loaded once per test file. */
export function kb(): KnowledgeBaseData {
  kbCache ??= loadKnowledgeBase(KNOWLEDGE_DIR);
  return kbCache;
}

export function buildModel(docs: SourceDocument[], options: { declared?: SystemModel[]; name?: string } = {}): ThreatModel {
  const data = kb();
  return buildOfflineThreatModel({
    docs,
    declared: options.declared ?? [],
    entries: data.entries,
    registry: data.registry,
    technologies: data.technologies,
    provenance: {
      generator: 'aitm',
      version: '0.0.0-test',
      date: '2026-01-01',
      knowledge_base: { entries: data.entries.length, sha256: data.sha256 },
      inputs: docs.map((d) => ({ file: d.file, sha256: '0'.repeat(64) })),
    },
    ...(options.name === undefined ? {} : { name: options.name }),
  });
}

let technologyCache: TechnologyIndex | undefined;
/** The shipped technology vocabulary, indexed once per test file. */
export function technologies(): TechnologyIndex {
  technologyCache ??= new TechnologyIndex(kb().technologies);
  return technologyCache;
}

/** The offline reader's system model for some documents. */
export function extract(docs: SourceDocument[], options: { name?: string } = {}): SystemModel {
  return extractSystem(docs, { technologies: technologies(), ...options }).system;
}

/** A small Markdown doc as one SourceDocument. */
export function md(text: string, file = 'doc.md'): SourceDocument {
  return { file, text };
}

/** Every evidence item of a system model, labelled with what it supports. */
export function allEvidence(system: SystemModel): Array<{ what: string; evidence: Evidence }> {
  const out: Array<{ what: string; evidence: Evidence }> = [];
  for (const c of system.components) {
    for (const e of c.evidence) out.push({ what: `component ${c.id}`, evidence: e });
    for (const t of c.traits) for (const e of t.evidence) out.push({ what: `trait ${c.id}/${t.trait}`, evidence: e });
  }
  for (const [name, fact] of Object.entries(system.features)) for (const e of fact?.evidence ?? []) out.push({ what: `feature ${name}`, evidence: e });
  for (const f of system.flows) for (const e of f.evidence) out.push({ what: `flow ${f.from}->${f.to}`, evidence: e });
  for (const a of system.actors) for (const e of a.evidence) out.push({ what: `actor ${a.id}`, evidence: e });
  return out;
}
