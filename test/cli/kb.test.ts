/**
 * The kb subcommands, called in process (cheap); test/cli/cli.test.ts runs a few end to end.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { kbLint, kbList, kbSearch, kbShow } from '../../src/cli/kb.js';
import { KNOWLEDGE_DIR, kb } from '../helpers.js';

let stdout: string[];
let stderr: string[];
let savedExitCode: typeof process.exitCode;

beforeEach(() => {
  stdout = [];
  stderr = [];
  savedExitCode = process.exitCode;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = savedExitCode;
});

const out = () => stdout.join('');
const opts = { kb: KNOWLEDGE_DIR };

describe('kb search', () => {
  it('prints ranked hits, one per line', () => {
    kbSearch('pickle', { ...opts, limit: '3' });
    const lines = out().trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toMatch(/^\s*\d+\.\d\d {2}unsafe-model-deserialization\s+Loading a pickle/);
  });

  it('--json prints id, title and score', () => {
    kbSearch('denial of wallet', { ...opts, limit: '3', json: true });
    const hits = JSON.parse(out()) as Array<{ id: string; title: string; score: number }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.map((h) => h.id)).toContain('unbounded-consumption-denial-of-wallet');
    for (const h of hits) expect(typeof h.score).toBe('number');
  });

  it('says so when nothing matches, and rejects a bad --limit', () => {
    kbSearch('qwxzzkv plorf', { ...opts, limit: '5' });
    expect(out()).toBe('No entries match "qwxzzkv plorf".\n');
    expect(() => kbSearch('x', { ...opts, limit: '0' })).toThrow(UsageError);
    expect(() => kbSearch('x', { ...opts, limit: 'ten' })).toThrow(/--limit must be a positive integer/);
  });
});

describe('kb show', () => {
  it('shows an entry with conditions, mitigations and named references', () => {
    kbShow('indirect-prompt-injection', opts);
    const text = out();
    expect(text).toMatch(/^indirect-prompt-injection — Indirect prompt injection/);
    expect(text).toContain('Applies when: (llm and (rag or untrusted-content-in-context))');
    expect(text).toContain('Targets: vector-store; llm');
    expect(text).toMatch(/monitor: .+\n\s+alert: .+/);
    expect(text).toContain('LLM01:2025 Prompt Injection');
  });

  it('--json prints the entry', () => {
    kbShow('unsafe-model-deserialization', { ...opts, json: true });
    expect(JSON.parse(out())).toEqual(kb().entries.find((e) => e.id === 'unsafe-model-deserialization'));
  });

  it('an unknown id is a usage error that suggests near ids', () => {
    try {
      kbShow('prompt-injection-direct', opts);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe('no knowledge entry "prompt-injection-direct"');
      expect((error as UsageError).hint).toMatch(/^Did you mean: .*direct-prompt-injection/);
    }
  });
});

describe('kb list', () => {
  it('--category filters and counts', () => {
    kbList({ ...opts, category: 'repudiation' });
    const lines = out().trim().split('\n');
    const count = lines.pop()!;
    const expected = kb().entries.filter((e) => e.categories.includes('repudiation'));
    expect(count).toBe(`${expected.length} entries`);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(expected.map((e) => e.id).sort());
  });

  it('--surface --json gives JSON', () => {
    kbList({ ...opts, surface: 'supply-chain', json: true });
    const rows = JSON.parse(out()) as Array<{ id: string; surfaces: string[] }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.surfaces).toContain('supply-chain');
  });

  it('an unknown category or surface is a usage error listing the valid ones', () => {
    expect(() => kbList({ ...opts, category: 'spoof' })).toThrow(UsageError);
    const error = (() => {
      try {
        kbList({ ...opts, surface: 'vibes' });
      } catch (e) {
        return e as UsageError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message).toBe('unknown surface "vibes"');
    expect(error!.hint).toContain('prompt-injection');
  });
});

describe('kb lint', () => {
  it('reports the shipped knowledge base as OK', () => {
    kbLint(opts);
    expect(out()).toBe(`knowledge base OK: ${kb().entries.length} entries\n`);
    expect(process.exitCode).toBe(savedExitCode);
  });

  it('--json gives ok, entries and problems', () => {
    kbLint({ ...opts, json: true });
    expect(JSON.parse(out())).toEqual({ ok: true, entries: kb().entries.length, problems: [] });
  });

  it('prints file:line problems on stderr and sets exit code 3 for a broken base', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aitm-cli-lint-'));
    try {
      mkdirSync(join(dir, 'entries'));
      copyFileSync(join(KNOWLEDGE_DIR, 'registry.json'), join(dir, 'registry.json'));
      writeFileSync(join(dir, 'entries', 'broken.yaml'), 'id: broken\ntitle: Broken\n');
      kbLint({ kb: dir });
      const err = stderr.join('');
      expect(err).toMatch(/broken\.yaml:\d+: /);
      expect(err).toMatch(/\d+ problem\(s\) in the knowledge base\n$/);
      expect(out()).toBe('');
      expect(process.exitCode).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
