/**
 * 1. Cold start: wall time of `node bundle/aitm.mjs --help` against a bare `node -e 0`, measured
 * interleaved in the same run so machine load affects both alike.
 */
import { BUNDLE, timedNode, timedNodeOk } from './lib/proc.js';
import { Budget, mad, median, ms, percentile, ratio, type SummaryRow } from './lib/stats.js';

export const COLD_START_GOAL_RATIO = 3;

const WARMUPS = 3;
const MIN_RUNS = 15;
const MAX_RUNS = 25;
const BUDGET_MS = 15_000;

export interface ColdStartResult {
  runs: number;
  helpMs: number[];
  nodeMs: number[];
  helpMedianMs: number;
  nodeMedianMs: number;
  helpP95Ms: number;
  nodeP95Ms: number;
  ratio: number;
  goalRatio: number;
  pass: boolean;
}

export function benchColdStart(log: (line: string) => void): { result: ColdStartResult; rows: SummaryRow[] } {
  const help = () => {
    const r = timedNodeOk([BUNDLE, '--help']);
    if (!r.stdout.includes('Usage: aitm')) throw new Error(`unexpected --help output:\n${r.stdout.slice(0, 500)}`);
    return r.ms;
  };
  const bare = () => {
    const r = timedNode(['-e', '0']);
    if (r.status !== 0) throw new Error(`node -e 0 exited ${r.status}`);
    return r.ms;
  };

  for (let i = 0; i < WARMUPS; i++) {
    bare();
    help();
  }
  const helpMs: number[] = [];
  const nodeMs: number[] = [];
  const budget = new Budget(MIN_RUNS, MAX_RUNS, BUDGET_MS);
  while (budget.more()) {
    // ABBA order, so neither command always runs right after the other.
    if (budget.runs % 2 === 0) {
      nodeMs.push(bare());
      helpMs.push(help());
    } else {
      helpMs.push(help());
      nodeMs.push(bare());
    }
    budget.tick();
  }

  const helpMedianMs = median(helpMs);
  const nodeMedianMs = median(nodeMs);
  const r = helpMedianMs / nodeMedianMs;
  const result: ColdStartResult = {
    runs: budget.runs,
    helpMs,
    nodeMs,
    helpMedianMs,
    nodeMedianMs,
    helpP95Ms: percentile(helpMs, 95),
    nodeP95Ms: percentile(nodeMs, 95),
    ratio: r,
    goalRatio: COLD_START_GOAL_RATIO,
    pass: r <= COLD_START_GOAL_RATIO,
  };

  log(`  ${budget.runs} interleaved runs each, after ${WARMUPS} warm-ups`);
  log(`  node bundle/aitm.mjs --help  median ${ms(helpMedianMs)} (MAD ${ms(mad(helpMs))}, p95 ${ms(result.helpP95Ms)})`);
  log(`  node -e 0 (baseline)         median ${ms(nodeMedianMs)} (MAD ${ms(mad(nodeMs))}, p95 ${ms(result.nodeP95Ms)})`);
  log(`  ratio ${ratio(r)} (goal ≤ ${COLD_START_GOAL_RATIO}×): ${result.pass ? 'PASS' : 'FAIL'}; aitm adds ${ms(helpMedianMs - nodeMedianMs)} over bare node`);

  return {
    result,
    rows: [
      {
        bench: '1 cold start',
        figure: 'median `aitm --help`',
        value: ms(helpMedianMs),
        baseline: `node -e 0: ${ms(nodeMedianMs)}`,
        ratio: ratio(r),
        goal: `≤ ${COLD_START_GOAL_RATIO}×`,
        verdict: result.pass ? 'PASS' : 'FAIL',
      },
    ],
  };
}
