import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { CATEGORIES, SURFACES } from '../../src/core/vocabulary.js';
import type { Technology } from '../../src/core/technology.js';
import { lintTechnologies, REQUIRED_REFERENCES } from '../../src/kb/lint.js';
import { defaultKnowledgeDir, loadKnowledgeBase, readKnowledgeBase, snapshotOf } from '../../src/kb/load.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

describe('the shipped knowledge base', () => {
  const { data, problems } = readKnowledgeBase(KNOWLEDGE_DIR);

  it('loads with at least 60 entries and lint finds zero problems', () => {
    expect(problems).toEqual([]);
    expect(data).toBeDefined();
    expect(data!.entries.length).toBeGreaterThanOrEqual(60);
    expect(data!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is found from the source tree', () => {
    expect(defaultKnowledgeDir()).toBe(KNOWLEDGE_DIR);
    expect(loadKnowledgeBase().entries.length).toBe(data!.entries.length);
  });

  it('covers all 6 STRIDE-AI categories and all 5 AI surfaces', () => {
    const categories = new Set(data!.entries.flatMap((e) => e.categories));
    const surfaces = new Set(data!.entries.flatMap((e) => e.surfaces));
    expect([...categories].sort()).toEqual([...CATEGORIES].sort());
    expect([...surfaces].sort()).toEqual([...SURFACES].sort());
  });

  it('references every item of OWASP LLM Top 10 2025, Agentic Top 10 and ML Top 10 2023', () => {
    const refs = new Set(data!.entries.flatMap((e) => [...e.references, ...e.mitigations.flatMap((m) => m.references)]));
    const n = (i: number) => String(i).padStart(2, '0');
    const required = [
      ...Array.from({ length: 10 }, (_, i) => `LLM${n(i + 1)}:2025`),
      ...Array.from({ length: 10 }, (_, i) => `ASI${n(i + 1)}`),
      ...Array.from({ length: 10 }, (_, i) => `ML${n(i + 1)}:2023`),
    ];
    expect(required.filter((r) => !refs.has(r))).toEqual([]);
    expect(REQUIRED_REFERENCES).toEqual(expect.arrayContaining(required.slice(0, 20)));
  });

  it('every entry id equals its file name and every reference is in the registry', () => {
    const registryIds = new Set(Object.values(data!.registry.catalogs).flatMap((c) => Object.keys(c.entries)));
    for (const e of data!.entries) {
      expect(readFileSync(join(KNOWLEDGE_DIR, 'entries', `${e.id}.yaml`), 'utf8')).toContain(`id: ${e.id}`);
      for (const r of e.references) expect(registryIds.has(r), `${e.id}: ${r}`).toBe(true);
      expect(e.mitigations.length).toBeGreaterThan(0);
      expect(e.red_team.length).toBeGreaterThan(0);
    }
  });

  it('the knowledge-base hash is stable for a copy and changes when an entry changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aitm-kb-hash-'));
    try {
      cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
      const copy = readKnowledgeBase(dir);
      expect(copy.problems).toEqual([]);
      expect(copy.data!.sha256).toBe(data!.sha256);
      const file = join(dir, 'entries', 'indirect-prompt-injection.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('title: Indirect prompt injection', 'title: Indirect prompt-injection'));
      const changed = readKnowledgeBase(dir);
      expect(changed.problems).toEqual([]);
      expect(changed.data!.sha256).not.toBe(data!.sha256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lint catches broken entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aitm-kb-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'entries'));
  copyFileSync(join(KNOWLEDGE_DIR, 'registry.json'), join(dir, 'registry.json'));

  const base = parse(readFileSync(join(KNOWLEDGE_DIR, 'entries', 'indirect-prompt-injection.yaml'), 'utf8')) as Record<string, unknown>;
  const write = (file: string, entry: Record<string, unknown>) => {
    const text = stringify(entry);
    writeFileSync(join(dir, 'entries', file), text);
    return text.split('\n');
  };
  const lineOf = (lines: string[], needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

  // A good entry, and the same id again in a .yml file: a duplicate id.
  write('good-entry.yaml', { ...base, id: 'good-entry' });
  const dupLines = write('good-entry.yml', { ...base, id: 'good-entry' });
  const refLines = write('unknown-ref.yaml', { ...base, id: 'unknown-ref', references: ['LLM01:2025', 'AML.T9999'] });
  const featLines = write('unknown-feature.yaml', {
    ...base,
    id: 'unknown-feature',
    applies_when: { all: [{ feature: 'llm' }, { feature: 'telepathy' }] },
  });
  const mitLines = write('no-mitigations.yaml', { ...base, id: 'no-mitigations', mitigations: [] });
  const phLines = write('bad-placeholder.yaml', {
    ...base,
    id: 'bad-placeholder',
    threat: { ...(base.threat as object), action: 'trick {component} into mailing {user} a secret' },
  });
  write('wrong-name.yaml', { ...base, id: 'another-name' });
  writeFileSync(join(dir, 'entries', 'syntax.yaml'), 'id: syntax\ntitle: [unclosed\n');

  const { data, problems } = readKnowledgeBase(dir);
  const inFile = (file: string) => problems.filter((p) => p.file.endsWith(`entries/${file}`));

  it('returns every problem instead of data', () => {
    expect(data).toBeUndefined();
    expect(problems.length).toBeGreaterThanOrEqual(7);
    for (const p of problems) expect(p.line).toBeGreaterThanOrEqual(1);
  });

  it('a duplicate id', () => {
    const ps = inFile('good-entry.yml');
    expect(ps.map((p) => p.message)).toContainEqual(expect.stringMatching(/^duplicate id "good-entry" \(also in .*good-entry\.yaml\)$/));
    expect(ps.find((p) => p.message.startsWith('duplicate id'))!.line).toBe(lineOf(dupLines, 'id: good-entry'));
    expect(inFile('good-entry.yaml')).toEqual([]);
  });

  it('an unknown reference, at its line', () => {
    const [p] = inFile('unknown-ref.yaml');
    expect(p).toMatchObject({ message: 'unknown reference "AML.T9999": not in knowledge/registry.json' });
    expect(p!.line).toBe(lineOf(refLines, 'AML.T9999'));
  });

  it('an unknown feature in a condition, at its line', () => {
    const ps = inFile('unknown-feature.yaml');
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.some((p) => p.message.startsWith('applies_when'))).toBe(true);
    // zod reports the failed union at the condition, so the line is inside the applies_when block.
    const p = ps.find((x) => x.message.startsWith('applies_when'))!;
    expect(p.line).toBeGreaterThanOrEqual(lineOf(featLines, 'applies_when'));
    expect(p.line).toBeLessThanOrEqual(lineOf(featLines, 'telepathy'));
  });

  it('an empty mitigations list', () => {
    const ps = inFile('no-mitigations.yaml');
    expect(ps.map((p) => p.message)).toContainEqual(expect.stringMatching(/^mitigations: /));
    expect(ps[0]!.line).toBe(lineOf(mitLines, 'mitigations:'));
  });

  it('an unknown {placeholder}, at its line', () => {
    const [p] = inFile('bad-placeholder.yaml');
    expect(p).toMatchObject({ message: 'unknown placeholder {user}: use {component}, {system} or {model}' });
    expect(p!.line).toBe(lineOf(phLines, '{user}'));
  });

  it('an id that does not match the file name, and a YAML syntax error', () => {
    expect(inFile('wrong-name.yaml').map((p) => p.message)).toContainEqual('id "another-name" does not match the file name "wrong-name"');
    expect(inFile('syntax.yaml').map((p) => p.message)).toContainEqual(expect.stringMatching(/^malformed YAML/));
  });

  it('coverage problems for what the small base misses', () => {
    const kb = problems.filter((p) => p.file === 'knowledge/entries').map((p) => p.message);
    expect(kb).toContain('no entry covers the category spoofing');
    expect(kb).toContain('no entry covers the surface model-drift');
    expect(kb).toContain('no entry references LLM10:2025');
  });

  it('loadKnowledgeBase fails with the first problem and points at kb lint', () => {
    try {
      loadKnowledgeBase(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const e = error as InputError;
      expect(e.message).toMatch(/^invalid knowledge base: /);
      expect(e.hint).toContain(`aitm kb lint --kb ${dir}`);
      expect(e.hint).toContain(`${problems.length} problem(s)`);
    }
  });

  it('a missing folder reports the registry and the missing entries', () => {
    const { data: none, problems: ps } = readKnowledgeBase(join(dir, 'nope'));
    expect(none).toBeUndefined();
    expect(ps.map((p) => p.message)).toContain('no knowledge entries found');
  });
});

describe('lint checks the reader vocabulary (technologies.yaml)', () => {
  const lineOf = () => 1;
  const tech = (over: Partial<Technology>): Technology => ({ id: 'x', name: 'X', match: ['Xyzzy'], features: [], traits: [], ...over }) as Technology;

  it('the shipped vocabulary is large and clean', () => {
    const { data } = readKnowledgeBase(KNOWLEDGE_DIR);
    expect(data!.technologies.length).toBeGreaterThanOrEqual(500);
    expect(lintTechnologies(data!.technologies, 'technologies.yaml', lineOf)).toEqual([]);
  });

  it('a control implied by a product name, a phrase two products share, an ordinary word', () => {
    const problems = lintTechnologies(
      [
        tech({ id: 'guardrail-kit', match: ['GuardKit'], features: ['output-filtering'] as Technology['features'] }),
        tech({ id: 'chroma', match: ['Chroma'], kind: 'vector-store' }),
        tech({ id: 'chroma-db', match: ['chroma'], kind: 'vector-store' }),
        tech({ id: 'genericstore', match: ['database'], kind: 'datastore' }),
        tech({ id: 'chroma', match: ['ChromaDB'], kind: 'vector-store' }),
      ],
      'technologies.yaml',
      lineOf,
    ).map((p) => p.message);
    expect(problems).toEqual([
      expect.stringMatching(/"output-filtering" is a control/),
      'phrase "chroma" is also a phrase of "chroma"',
      'phrase "database" is an ordinary word; make it case_sensitive or more specific',
      'duplicate technology id "chroma"',
    ]);
  });
});

describe('the knowledge-base snapshot the build saves beside the bundle', () => {
  const data = loadKnowledgeBase(KNOWLEDGE_DIR, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'aitm-kb-snapshot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const save = (name: string, snapshot: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(snapshot));
    return file;
  };

  it('round-trips through JSON without losing anything', () => {
    expect(JSON.parse(JSON.stringify(snapshotOf(data)))).toEqual(snapshotOf(data));
  });

  it('is used while its hash matches the files on disk', () => {
    const file = save('match.json', { ...snapshotOf(data), entries: data.entries.slice(0, 1) });
    expect(loadKnowledgeBase(KNOWLEDGE_DIR, file).entries).toHaveLength(1);
  });

  it('is ignored when the files changed since (another hash), or when it is unreadable', () => {
    const stale = save('stale.json', { ...snapshotOf(data), sha256: '0'.repeat(64), entries: [] });
    expect(loadKnowledgeBase(KNOWLEDGE_DIR, stale).entries).toHaveLength(data.entries.length);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(loadKnowledgeBase(KNOWLEDGE_DIR, broken).entries).toHaveLength(data.entries.length);
  });

  it('covers every file: an edited registry, entry or vocabulary changes the hash', () => {
    const copy = mkdtempSync(join(tmpdir(), 'aitm-kb-copy-'));
    try {
      cpSync(KNOWLEDGE_DIR, copy, { recursive: true });
      const hashes = [readKnowledgeBase(copy).data!.sha256];
      for (const f of ['registry.json', 'technologies.yaml', `entries/${readdirSync(join(copy, 'entries'))[0]}`]) {
        writeFileSync(join(copy, f), `${readFileSync(join(copy, f), 'utf8')}\n`);
        hashes.push(readKnowledgeBase(copy).data!.sha256);
      }
      expect(new Set(hashes).size).toBe(4);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
