/**
 * Only benchmark 4 (LLM batch against the mock server): `npm run build && node --import tsx bench/run-llm.ts`.
 * Prints its summary rows; bench/results.json is written by the full `npm run bench` only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLlmBatch } from './llm-batch.js';
import { requireBundle } from './lib/proc.js';
import { table } from './lib/stats.js';

const log = (line: string) => process.stdout.write(`${line}\n`);
requireBundle();
const tmp = mkdtempSync(join(tmpdir(), 'aitm-bench-llm-'));
const t0 = performance.now();
try {
  const { rows } = await benchLlmBatch(tmp, log);
  log(`\n== Summary (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  log(table(['benchmark', 'figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'result'], rows.map((r) => [r.bench, r.figure, r.value, r.baseline, r.ratio, r.goal, r.verdict])));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
