/**
 * An asynchronous counterpart of proc.ts's timedNode: needed when the benchmark process itself
 * serves the child (the mock OpenAI server), since spawnSync would block the event loop that answers.
 */
import { spawn } from 'node:child_process';
import { NODE, ROOT, type TimedRun } from './proc.js';

/** Kill a child that hangs; no single invocation in these benchmarks should come near this. */
const CHILD_TIMEOUT_MS = 30_000;
/** Output kept per stream. */
const MAX_OUTPUT = 4 * 1024 * 1024;

export interface AsyncTimedRun extends TimedRun {
  /** performance.now() at spawn, to line the child up with timestamps taken in this process. */
  startedAt: number;
}

/** Runs `node <args>` with exactly `env` (no inheritance beyond what the caller passes). */
export function timedNodeAsync(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string = ROOT, timeoutMs = CHILD_TIMEOUT_MS): Promise<AsyncTimedRun> {
  return new Promise((resolveRun, rejectRun) => {
    const startedAt = performance.now();
    const child = spawn(NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      rejectRun(new Error(`node ${args.join(' ')} failed to run: ${error.message}`));
    });
    child.on('close', (status) => {
      const ms = performance.now() - startedAt;
      clearTimeout(timer);
      if (timedOut) rejectRun(new Error(`node ${args.join(' ')} killed after ${timeoutMs} ms:\n${stderr.slice(0, 2000)}`));
      else resolveRun({ ms, status, stdout, stderr, startedAt });
    });
  });
}
