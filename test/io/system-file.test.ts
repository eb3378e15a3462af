import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { SystemModelSchema } from '../../src/core/system.js';
import { readSystemFile } from '../../src/io/system-file.js';
import { FIXTURES } from '../helpers.js';

const FILE = 'claims-assistant.yaml';
const text = readFileSync(join(FIXTURES, 'systems', FILE), 'utf8');
const lines = text.split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readSystemFile: a valid system.yaml', () => {
  const system = readSystemFile(FILE, text)!;

  it('parses into a SystemModel that validates against SystemModelSchema', () => {
    expect(system).toBeDefined();
    expect(SystemModelSchema.parse(system)).toEqual(system);
    expect(system.name).toBe('Claims assistant');
    expect(system.components.map((c) => [c.id, c.kind])).toEqual([
      ['chat-ui', 'ui'],
      ['claims-llm', 'llm'],
      ['claims-index', 'vector-store'],
    ]);
    expect(system.features['tool-approval']?.state).toBe('absent');
    expect(system.flows[0]).toMatchObject({ from: 'chat-ui', to: 'claims-llm', data: 'claimant question', crosses_boundary: false });
  });

  it('fills defaults and gives components, traits and features evidence at their own lines', () => {
    const llm = system.components.find((c) => c.id === 'claims-llm')!;
    expect(llm.traits).toEqual([{ trait: 'third-party', state: 'present', evidence: [{ file: FILE, line: lineOf('- trait: third-party'), quote: '- trait: third-party' }] }]);
    expect(llm.evidence).toEqual([{ file: FILE, line: lineOf('- id: claims-llm'), quote: '- id: claims-llm' }]);
    for (const c of system.components) for (const e of c.evidence) expect(lines[e.line - 1]).toContain(e.quote);
    for (const fact of Object.values(system.features)) for (const e of fact!.evidence) expect(lines[e.line - 1]).toContain(e.quote);
  });

  it('round-trips: written back as YAML and JSON, it reads to the same model', () => {
    const again = readSystemFile('again.yaml', stringify(system))!;
    expect(again).toEqual(system);
    const fromJson = readSystemFile('again.json', JSON.stringify(system, null, 2))!;
    expect(fromJson).toEqual(system);
  });
});

describe('readSystemFile: files written for aitm 0.1', () => {
  it('reads `present: true | false` as the state present | absent, for features and traits alike', () => {
    const old = text.replace(/state: present/g, 'present: true').replace(/state: absent/g, 'present: false');
    expect(old).not.toMatch(/state:/);
    // The same model; only the quoted lines differ, since the quotes are the file's own lines.
    const unquoted = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/"quote":"[^"]*"/g, '"quote":""')) as unknown;
    expect(unquoted(readSystemFile(FILE, old))).toEqual(unquoted(readSystemFile(FILE, text)));
  });

  it('a `present` that is not true or false is still an error at its line', () => {
    const bad = text.replace('state: absent', 'present: maybe');
    expect(errorOf(() => readSystemFile(FILE, bad)).location?.line).toBe(lineOf('state: absent'));
  });
});

describe('readSystemFile: errors', () => {
  it('an invalid field value is an InputError at the line of that field', () => {
    const e = errorOf(() => readSystemFile(FILE, text.replace('kind: llm', 'kind: robot')));
    expect(e.message).toMatch(/^invalid system file: components\.1\.kind: /);
    expect(e.location).toEqual({ file: FILE, line: lineOf('kind: llm') });
  });

  it('a wrong type under features points at that feature', () => {
    const e = errorOf(() => readSystemFile(FILE, text.replace('  llm:\n    state: present', '  llm:\n    state: maybe')));
    expect(e.message).toMatch(/features\.llm\.state/);
    expect(e.location?.line).toBe(lineOf('  llm:') + 1);
  });

  it('an unknown feature name is rejected', () => {
    const e = errorOf(() => readSystemFile(FILE, text.replace('  rag:', '  telepathy:')));
    expect(e.message).toMatch(/telepathy/);
    expect(e.location?.file).toBe(FILE);
  });

  it('malformed YAML is an InputError naming the file', () => {
    const e = errorOf(() => readSystemFile(FILE, text.replace('    data: claimant question', '    data: [claimant question')));
    expect(e.message).toMatch(/^malformed YAML: /);
    expect(e.location?.file).toBe(FILE);
    expect(e.exitCode).toBe(3);
  });

  it('malformed YAML reports the line of the syntax error, not line 1', () => {
    const e = errorOf(() => readSystemFile(FILE, text.replace('    data: claimant question', '    data: [claimant question')));
    expect(e.location?.line).toBeGreaterThanOrEqual(lineOf('data: claimant question'));
  });

  it('malformed JSON is reported as JSON', () => {
    const e = errorOf(() => readSystemFile('system.json', '{\n  "name": "x",\n  "components": [\n}\n'));
    expect(e.message).toMatch(/^malformed JSON: /);
  });
});

describe('readSystemFile: YAML that is not a system file', () => {
  it('returns undefined for a Kubernetes-style manifest', () => {
    const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: triage-worker\nspec:\n  ports:\n    - port: 80\n';
    expect(readSystemFile('service.yaml', manifest)).toBeUndefined();
  });

  it('returns undefined for empty YAML, a list, a scalar and a mapping without components', () => {
    expect(readSystemFile('a.yaml', '# only a comment\n')).toBeUndefined();
    expect(readSystemFile('b.yaml', '- a\n- b\n')).toBeUndefined();
    expect(readSystemFile('c.yaml', 'just text\n')).toBeUndefined();
    expect(readSystemFile('d.yaml', 'name: x\ncomponents: not-a-list\n')).toBeUndefined();
  });

  // Regression test: a multi-document manifest (documents separated by ---, as in test/fixtures/docs/triage-bot/
  // deployment.yaml) is a "malformed YAML" InputError, so `aitm batch <folder>` exits 3 on the
  // Kubernetes file kept beside the doc instead of reading it as text.
  it('returns undefined for a multi-document Kubernetes manifest (triage-bot/deployment.yaml)', () => {
    const manifest = readFileSync(join(FIXTURES, 'docs', 'triage-bot', 'deployment.yaml'), 'utf8');
    expect(readSystemFile('deployment.yaml', manifest)).toBeUndefined();
  });
});
