/**
 * aitm benchmarks: `npm run bench` (builds the bundle, then runs this file with tsx).
 *
 *   1. cold start      `aitm --help` vs `node -e 0`                       goal: ratio ≤ 3×
 *   2. batch scaling   `aitm batch --offline` on 1…1000 generated docs   goal: ≤ 20 ms per doc, flat, RSS ≤ 1 GiB
 *   3. kb query        in-process BM25 search vs a naive title filter        goal: p50 < 1 ms
 *   4. LLM batch       `aitm batch` against a mock OpenAI server (latency L)  goal: wall − offline ≤ 1.3 × L × rounds,
 *                      prompt tokens ≤ 40% of a whole-knowledge-base prompt, no HTTP call on a cached re-run
 *   5. reading         `npm run eval` on the own and shared corpora vs hand-written expected readings
 *                      goal: component recall ≥ 0.9, zero false-present controls
 *
 * Speed goals live here, never in tests. Every figure is printed next to a baseline measured in the
 * same run. Results go to bench/results.json. Exit code: 1 if a benchmark crashed; FAILed goals exit 0
 * unless BENCH_STRICT=1 (or --strict), so a slow machine does not break `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBatch } from './batch-scaling.js';
import { benchColdStart } from './cold-start.js';
import { benchKb } from './kb-query.js';
import { benchLlmBatch } from './llm-batch.js';
import { benchReading } from './reading.js';
import { BUNDLE, ROOT, requireBundle } from './lib/proc.js';
import { ms, table, type SummaryRow } from './lib/stats.js';

const strict = process.argv.includes('--strict') || process.env.BENCH_STRICT === '1';
const log = (line: string) => process.stdout.write(`${line}\n`);

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  requireBundle();
  const started = performance.now();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadavgAtStart: loadavg(),
    commit: commit(),
    bundle: BUNDLE,
  };
  log(`aitm benchmarks — node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, load ${meta.loadavgAtStart.map((x) => x.toFixed(2)).join(' ')}${meta.commit ? `, commit ${meta.commit}` : ''}`);

  const rows: SummaryRow[] = [];
  const results: Record<string, unknown> = {};
  const errors: string[] = [];
  const section = async (title: string, key: string, fn: () => Promise<{ result: unknown; rows: SummaryRow[] }>) => {
    log(`\n== ${title}`);
    const t0 = performance.now();
    try {
      const out = await fn();
      results[key] = out.result;
      rows.push(...out.rows);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push(`${title}: ${message}`);
      log(`  ERROR: ${message}`);
      rows.push({ bench: title, figure: 'crashed', value: '', baseline: '', ratio: '', goal: '', verdict: 'FAIL' });
    }
    log(`  (${ms(performance.now() - t0)})`);
  };

  const tmp = mkdtempSync(join(tmpdir(), 'aitm-bench-'));
  try {
    await section('1. Cold start: aitm --help vs node -e 0', 'coldStart', async () => benchColdStart(log));
    await section('2. Offline batch scaling', 'batch', async () => benchBatch(tmp, log));
    await section('3. Knowledge-base query latency (in process)', 'kb', () => benchKb(log));
    await section('4. LLM batch against a mock OpenAI-compatible server', 'llmBatch', () => benchLlmBatch(tmp, log));
    await section('5. Reading fidelity on hand-read corpora', 'reading', async () => benchReading(log));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const totalMs = performance.now() - started;
  const failed = rows.filter((r) => r.verdict === 'FAIL').length;
  log(`\n== Summary (${(totalMs / 1000).toFixed(1)} s)`);
  log(
    table(
      ['benchmark', 'figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'result'],
      rows.map((r) => [r.bench, r.figure, r.value, r.baseline, r.ratio, r.goal, r.verdict]),
    ),
  );
  log(`${rows.filter((r) => r.verdict === 'PASS').length} passed, ${failed} failed, ${rows.filter((r) => r.verdict === 'INFO').length} informational`);

  const file = join(ROOT, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify({ meta: { ...meta, totalMs }, summary: rows, results, errors }, null, 2)}\n`);
  log(`wrote ${file}`);

  if (errors.length > 0) return 1;
  return strict && failed > 0 ? 1 : 0;
}

process.exitCode = await main();
