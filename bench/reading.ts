/**
 * 5. Reading fidelity: `npm run eval` (bench/eval-reading.ts) in its own process, its totals turned
 * into summary rows. Goals on both corpora: component recall ≥ 0.9 and no control read as present
 * that the docs do not affirm. The baseline is the expected reading written by hand for each case.
 */
import { join } from 'node:path';
import { ROOT, timedNode } from './lib/proc.js';
import type { SummaryRow } from './lib/stats.js';

export const RECALL_GOAL = 0.9;

interface Totals {
  cases: number;
  expected: number;
  recalled: number;
  found: number;
  correct: number;
  falsePresent: number;
}

export function benchReading(log: (line: string) => void): { result: Record<string, Totals>; rows: SummaryRow[] } {
  const r = timedNode(['--import', 'tsx', join(ROOT, 'bench', 'eval-reading.ts'), '--json']);
  if (r.status !== 0) throw new Error(`eval-reading exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const lines = r.stdout.trimEnd().split('\n');
  const result = JSON.parse(lines.pop()!) as Record<string, Totals>;
  for (const l of lines.filter((x) => x.startsWith('  own') || x.startsWith('  shared') || x.startsWith('(shared'))) log(l);
  if (!result.shared) log('  the shared corpus was not found: set AITM_CORPUS to include it');
  const rows: SummaryRow[] = [];
  for (const [corpus, t] of Object.entries(result)) {
    const recall = t.recalled / Math.max(1, t.expected);
    rows.push(
      {
        bench: '5 reading',
        figure: `${corpus} corpus: component recall (${t.cases} cases)`,
        value: recall.toFixed(3),
        baseline: `${t.expected} expected by hand`,
        ratio: `${t.recalled}/${t.expected}`,
        goal: `≥ ${RECALL_GOAL}`,
        verdict: recall >= RECALL_GOAL ? 'PASS' : 'FAIL',
      },
      {
        bench: '5 reading',
        figure: `${corpus} corpus: component precision`,
        value: (t.correct / Math.max(1, t.found)).toFixed(3),
        baseline: `${t.found} found`,
        ratio: `${t.correct}/${t.found}`,
        goal: 'info',
        verdict: 'INFO',
      },
      {
        bench: '5 reading',
        figure: `${corpus} corpus: false-present controls`,
        value: String(t.falsePresent),
        baseline: 'expected readings',
        ratio: '',
        goal: '0',
        verdict: t.falsePresent === 0 ? 'PASS' : 'FAIL',
      },
    );
  }
  return { result, rows };
}
