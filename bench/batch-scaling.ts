/**
 * 2. Offline batch scaling: `aitm batch <folder> --offline` over folders of 1, 10, 50 and 100
 * generated architecture docs. A folder merges into one system, so the 100-doc folder is the
 * realistic heavy case (hundreds of components in one model). Every size runs once per round and
 * rounds are interleaved, with `aitm --help` (process startup) as the baseline of the same run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocs, type Archetype } from './lib/gen-docs.js';
import { BUNDLE, ROOT, timedNode, timedNodeOk } from './lib/proc.js';
import { Budget, mad, median, ms, pct, ratio, table, type SummaryRow } from './lib/stats.js';

export const SIZES = [1, 10, 50, 100] as const;
export const DOC_SEED = 20260101;
export const PER_DOC_GOAL_MS = 20;
export const LINEARITY_TOLERANCE = 0.35;

const WARMUP_ROUNDS = 1;
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 7;
const BUDGET_MS = 50_000;

type Case = 'help' | (typeof SIZES)[number];

export interface BatchSizeResult {
  docs: number;
  lines: number;
  bytes: number;
  wallMs: number[];
  wallMedianMs: number;
  /** The time aitm itself reports ("… in N ms"): work after its modules are loaded. */
  inProcessMs: number[];
  inProcessMedianMs: number;
  components: number | undefined;
  threats: number | undefined;
}

export interface ExtractionProfile {
  docs: number;
  medianMs: number;
  runs: number;
}

export interface BatchResult {
  seed: number;
  rounds: number;
  corpus: { docs: number; minLines: number; maxLines: number; minNodes: number; maxNodes: number; archetypes: Record<Archetype, number> };
  helpMs: number[];
  helpMedianMs: number;
  sizes: BatchSizeResult[];
  marginalPerDocMs: number;
  marginalPerDocAt50Ms: number;
  marginalInProcessPerDocMs: number;
  linearityDeviation: number;
  linearityPass: boolean;
  ratio100to10: number;
  idealRatio100to10: number;
  fixedMs: number;
  perDocToStartup: number;
  perDocGoalMs: number;
  perDocPass: boolean;
  /** In-process extractSystem() time per folder size: where the non-linear part of batch comes from. */
  extraction: ExtractionProfile[] | { error: string };
  /** log2(t_extract(100) / t_extract(50)): 1 is linear, 2 is quadratic. */
  extractionExponent: number | undefined;
}

const SUMMARY = /: (\d+) threats\b.* across (\d+) components, from (\d+) document\(s\) in (\d+) ms\./;

/** Diagnostic: extractSystem() alone over the same folders, in a separate process (see extract-profile.ts). */
function profileExtraction(tmp: string): ExtractionProfile[] | { error: string } {
  try {
    const r = timedNode(['--import', 'tsx', join(ROOT, 'bench', 'extract-profile.ts'), tmp]);
    if (r.status !== 0) return { error: r.stderr.trim().split('\n').slice(0, 3).join(' ') };
    return JSON.parse(r.stdout) as ExtractionProfile[];
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function benchBatch(tmp: string, log: (line: string) => void): { result: BatchResult; rows: SummaryRow[] } {
  const corpus = generateDocs(Math.max(...SIZES), DOC_SEED);
  const archetypes = { rag: 0, tools: 0, fraud: 0, mcp: 0 } as Record<Archetype, number>;
  for (const d of corpus) archetypes[d.archetype]++;
  const outDir = join(tmp, 'out');
  mkdirSync(outDir, { recursive: true });
  for (const n of SIZES) {
    const dir = join(tmp, `docs-${n}`);
    mkdirSync(dir, { recursive: true });
    for (const d of corpus.slice(0, n)) writeFileSync(join(dir, d.name), d.text);
  }
  const lineCounts = corpus.map((d) => d.lines);
  const nodeCounts = corpus.map((d) => d.diagramNodes);
  log(
    `  corpus: ${corpus.length} docs (seed ${DOC_SEED}), ${Math.min(...lineCounts)}–${Math.max(...lineCounts)} lines, ` +
      `${Math.min(...nodeCounts)}–${Math.max(...nodeCounts)} diagram nodes; ` +
      Object.entries(archetypes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', '),
  );

  const wall = new Map<Case, number[]>([['help', []], ...SIZES.map((n): [Case, number[]] => [n, []])]);
  const inProcess = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  const shape = new Map<number, { components: number; threats: number }>();

  const runCase = (c: Case, record: boolean) => {
    if (c === 'help') {
      const r = timedNodeOk([BUNDLE, '--help'], tmp);
      if (record) wall.get(c)!.push(r.ms);
      return;
    }
    const out = join(outDir, `threat-model-${c}.md`);
    rmSync(out, { force: true });
    const r = timedNodeOk([BUNDLE, 'batch', `docs-${c}`, '-o', out, '--date', '2026-01-01', '--offline'], tmp);
    const m = SUMMARY.exec(r.stderr);
    if (m && Number(m[3]) !== c) throw new Error(`aitm batch read ${m[3]} documents from docs-${c}, expected ${c}`);
    if (m) shape.set(c, { threats: Number(m[1]), components: Number(m[2]) });
    if (record) {
      wall.get(c)!.push(r.ms);
      if (m) inProcess.get(c)!.push(Number(m[4]));
    }
  };

  const cases: Case[] = ['help', ...SIZES];
  for (let w = 0; w < WARMUP_ROUNDS; w++) for (const c of cases) runCase(c, false);
  const budget = new Budget(MIN_ROUNDS, MAX_ROUNDS, BUDGET_MS);
  while (budget.more()) {
    // Rotate the order every round so no case always follows the heaviest one.
    const k = budget.runs % cases.length;
    for (const c of [...cases.slice(k), ...cases.slice(0, k)]) runCase(c, true);
    budget.tick();
  }

  const sizes: BatchSizeResult[] = SIZES.map((n) => {
    const docs = corpus.slice(0, n);
    const w = wall.get(n)!;
    const ip = inProcess.get(n)!;
    return {
      docs: n,
      lines: docs.reduce((a, d) => a + d.lines, 0),
      bytes: docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0),
      wallMs: w,
      wallMedianMs: median(w),
      inProcessMs: ip,
      inProcessMedianMs: median(ip),
      components: shape.get(n)?.components,
      threats: shape.get(n)?.threats,
    };
  });
  const at = (n: number) => sizes.find((s) => s.docs === n)!;
  const t1 = at(1).wallMedianMs;
  const t10 = at(10).wallMedianMs;
  const t50 = at(50).wallMedianMs;
  const t100 = at(100).wallMedianMs;
  const helpMs = wall.get('help')!;
  const helpMedianMs = median(helpMs);

  const marginalPerDocMs = (t100 - t1) / 99;
  const marginalPerDocAt50Ms = (t50 - t1) / 49;
  const marginalInProcessPerDocMs = (at(100).inProcessMedianMs - at(1).inProcessMedianMs) / 99;
  // A linear tool costs fixed + n·k: take k from 1→100 and the fixed part from the 1-doc run.
  const fixedMs = t1 - marginalPerDocMs;
  const idealRatio100to10 = (fixedMs + 100 * marginalPerDocMs) / (fixedMs + 10 * marginalPerDocMs);
  const ratio100to10 = t100 / t10;
  const linearityDeviation = marginalPerDocMs / marginalPerDocAt50Ms - 1;
  const extraction = profileExtraction(tmp);
  const e50 = Array.isArray(extraction) ? extraction.find((e) => e.docs === 50) : undefined;
  const e100 = Array.isArray(extraction) ? extraction.find((e) => e.docs === 100) : undefined;
  const extractionExponent = e50 && e100 ? Math.log2(e100.medianMs / e50.medianMs) : undefined;

  const result: BatchResult = {
    seed: DOC_SEED,
    rounds: budget.runs,
    corpus: {
      docs: corpus.length,
      minLines: Math.min(...lineCounts),
      maxLines: Math.max(...lineCounts),
      minNodes: Math.min(...nodeCounts),
      maxNodes: Math.max(...nodeCounts),
      archetypes,
    },
    helpMs,
    helpMedianMs,
    sizes,
    marginalPerDocMs,
    marginalPerDocAt50Ms,
    marginalInProcessPerDocMs,
    linearityDeviation,
    linearityPass: Math.abs(linearityDeviation) <= LINEARITY_TOLERANCE,
    ratio100to10,
    idealRatio100to10,
    fixedMs,
    perDocToStartup: marginalPerDocMs / helpMedianMs,
    perDocGoalMs: PER_DOC_GOAL_MS,
    perDocPass: marginalPerDocMs <= PER_DOC_GOAL_MS,
    extraction,
    extractionExponent,
  };

  log(`  ${budget.runs} interleaved rounds after ${WARMUP_ROUNDS} warm-up round${budget.cutShort ? ' (time budget reached)' : ''}`);
  log(
    table(
      ['docs', 'lines', 'components', 'threats', 'wall median', 'MAD', 'in-process (aitm)', 'wall / docs'],
      [
        ['--help', '', '', '', ms(helpMedianMs), ms(mad(helpMs)), '', ''],
        ...sizes.map((s) => [
          String(s.docs),
          String(s.lines),
          String(s.components ?? '?'),
          String(s.threats ?? '?'),
          ms(s.wallMedianMs),
          ms(mad(s.wallMs)),
          ms(s.inProcessMedianMs),
          ms(s.wallMedianMs / s.docs),
        ]),
      ],
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  log(
    `  marginal cost per doc (t100 − t1)/99 = ${ms(marginalPerDocMs)} (goal ≤ ${PER_DOC_GOAL_MS} ms): ${result.perDocPass ? 'PASS' : 'FAIL'}; ` +
      `${ratio(result.perDocToStartup)} of process startup (--help ${ms(helpMedianMs)})`,
  );
  log(`  of which in-process (aitm's own timer): ${ms(marginalInProcessPerDocMs)} per doc`);
  log(
    `  linearity: per-doc cost ${ms(marginalPerDocAt50Ms)} at 50 docs vs ${ms(marginalPerDocMs)} at 100 docs → ${pct(linearityDeviation)} ` +
      `(goal within ±${LINEARITY_TOLERANCE * 100}%): ${result.linearityPass ? 'PASS' : 'FAIL'}`,
  );
  log(
    `  t(100)/t(10) = ${ratio(ratio100to10)} vs ideal linear ${ratio(idealRatio100to10)} ` +
      `(fixed ${ms(fixedMs)} + n × ${ms(marginalPerDocMs)}); excess ${pct(ratio100to10 / idealRatio100to10 - 1)}`,
  );
  if (Array.isArray(extraction))
    log(
      `  diagnostic, in process: extractSystem() alone takes ${extraction.map((e) => `${ms(e.medianMs)} (${e.docs} docs)`).join(', ')}` +
        (extractionExponent === undefined ? '' : `; 50→100 docs scales as n^${extractionExponent.toFixed(2)} (1 = linear)`),
    );
  else log(`  diagnostic extraction profile unavailable: ${extraction.error}`);

  return {
    result,
    rows: [
      {
        bench: '2 batch scaling',
        figure: 'marginal ms per doc (1→100)',
        value: ms(marginalPerDocMs),
        baseline: `--help: ${ms(helpMedianMs)}`,
        ratio: `${ratio(result.perDocToStartup)} startup`,
        goal: `≤ ${PER_DOC_GOAL_MS} ms`,
        verdict: result.perDocPass ? 'PASS' : 'FAIL',
      },
      {
        bench: '2 batch scaling',
        figure: 'per-doc cost at 50 vs 100 docs',
        value: `${ms(marginalPerDocAt50Ms)} → ${ms(marginalPerDocMs)}`,
        baseline: 'cost at 50',
        ratio: pct(linearityDeviation),
        goal: `±${LINEARITY_TOLERANCE * 100}%`,
        verdict: result.linearityPass ? 'PASS' : 'FAIL',
      },
      {
        bench: '2 batch scaling',
        figure: 't(100 docs) / t(10 docs)',
        value: `${ms(t100)} / ${ms(t10)}`,
        baseline: `ideal ${ratio(idealRatio100to10)}`,
        ratio: ratio(ratio100to10),
        goal: 'info',
        verdict: 'INFO',
      },
      ...(e100 && extractionExponent !== undefined
        ? [
            {
              bench: '2 batch scaling',
              figure: 'extractSystem() 50→100 docs',
              value: `${ms(e50!.medianMs)} → ${ms(e100.medianMs)}`,
              baseline: 'linear: n^1',
              ratio: `n^${extractionExponent.toFixed(2)}`,
              goal: 'info',
              verdict: 'INFO' as const,
            },
          ]
        : []),
    ],
  };
}
