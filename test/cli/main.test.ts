import { readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { runCli, tempDir } from './run.js';

const cwd = tempDir();
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe.concurrent('aitm (end to end)', () => {
  it('--help exits 0 and lists the commands', async () => {
    const r = await runCli(['--help'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: aitm /);
    expect(r.stdout).toMatch(/^\s+batch \[options\] <paths\.\.\.>/m);
    expect(r.stdout).toMatch(/^\s+kb\b/m);
    expect(r.stderr).toBe('');
  });

  it('--version exits 0 and prints the version', async () => {
    const r = await runCli(['--version'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('kb search --json prints ranked JSON hits', async () => {
    const r = await runCli(['kb', 'search', 'pickle', '--json', '-n', '3'], cwd);
    expect(r.code).toBe(0);
    const hits = JSON.parse(r.stdout) as Array<{ id: string; title: string; score: number }>;
    expect(hits[0]!.id).toBe('unsafe-model-deserialization');
    expect(hits.length).toBeLessThanOrEqual(3);
    // Read-only commands write nothing.
    expect(readdirSync(cwd)).toEqual([]);
  });
});
