/** Small statistics and formatting helpers shared by the benchmarks. */

export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0–100) of a non-empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation: a robust spread to print next to a median. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Milliseconds with a precision that suits their size. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 100) return `${x.toFixed(0)} ms`;
  if (Math.abs(x) >= 10) return `${x.toFixed(1)} ms`;
  if (Math.abs(x) >= 0.1) return `${x.toFixed(2)} ms`;
  return `${(x * 1000).toFixed(1)} µs`;
}

export function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a';
}

export function pct(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : 'n/a';
}

/** A plain-text table with left-aligned columns. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A loop bound: stops at `maxRuns`, or when `budgetMs` is spent and at least `minRuns` ran. */
export class Budget {
  private readonly start = performance.now();
  runs = 0;

  constructor(
    readonly minRuns: number,
    readonly maxRuns: number,
    readonly budgetMs: number,
  ) {}

  more(): boolean {
    if (this.runs >= this.maxRuns) return false;
    if (this.runs >= this.minRuns && this.elapsed() > this.budgetMs) return false;
    return true;
  }

  tick(): void {
    this.runs++;
  }

  elapsed(): number {
    return performance.now() - this.start;
  }

  /** True when the time budget, not the run count, ended the loop. */
  get cutShort(): boolean {
    return this.runs < this.maxRuns;
  }
}

export type Verdict = 'PASS' | 'FAIL' | 'INFO';

export interface SummaryRow {
  bench: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
}
