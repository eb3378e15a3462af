import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE = join(ROOT, 'bundle', 'aitm.mjs');
export const NODE = process.execPath;

/** Preload that records a child's peak RSS (see maxrss.mjs). */
export const MAXRSS_PRELOAD = join(ROOT, 'bench', 'lib', 'maxrss.mjs');

/** Kill a child that hangs; no single invocation in these benchmarks should come near this. */
const CHILD_TIMEOUT_MS = 120_000;

export interface TimedRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` to completion and returns its wall time (spawn to exit, as a user sees it). */
export function timedNode(args: readonly string[], cwd: string = ROOT, extraEnv: Record<string, string> = {}): TimedRun {
  const t0 = performance.now();
  const r = spawnSync(NODE, args, {
    cwd,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    // No API key: batch must stay offline whatever the developer's shell has set.
    env: { ...process.env, OPENAI_API_KEY: '', NODE_OPTIONS: '', ...extraEnv },
  });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`node ${args.join(' ')} failed to run: ${r.error.message}`);
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like timedNode, but a non-zero exit is an error (a benchmark of a failing command means nothing). */
export function timedNodeOk(args: readonly string[], cwd: string = ROOT, extraEnv: Record<string, string> = {}): TimedRun {
  const r = timedNode(args, cwd, extraEnv);
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`);
  return r;
}

export function requireBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run "npm run build" first (npm run bench does it for you).`);
}
