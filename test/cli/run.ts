/**
 * Runs the real CLI in a child process: `node --import tsx <entry> …` with cwd set to a temp dir.
 * Each spawn costs about a second, so the suite keeps them few (15 in all).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** tsx resolved to an absolute URL: `--import tsx` would resolve from the (temp) cwd and fail. */
const TSX = import.meta.resolve('tsx');

/** The CLI entry point: src/cli/bin.ts runs main(); older trees ran it from src/cli/main.ts. */
export const ENTRY = existsSync(join(ROOT, 'src', 'cli', 'bin.ts')) ? join(ROOT, 'src', 'cli', 'bin.ts') : join(ROOT, 'src', 'cli', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'aitm-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
      cwd,
      // A child's environment, built here; the test process's own env is never written.
      env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', SOURCE_DATE_EPOCH: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
