/**
 * 2. Offline batch scaling: `aitm batch <folder> --offline` over folders of 1, 100, 250, 500 and
 * 1000 generated architecture docs. A folder merges into one system, so the big folders are the
 * heavy case (ten thousand components and as many threats in one model, one document of tens of MB).
 * Every size runs once per round and rounds are interleaved, with `aitm --help` (process startup)
 * as the baseline of the same run. Each child reports its peak RSS through a preload (maxrss.mjs).
 *
 * Goals at 1000 docs: ≤ 20 ms per doc at the margin, flat from 100 to 1000 (the per-doc cost from
 * 500 to 1000 within ±35% of the one from 100 to 500; quadratic work would more than double it),
 * peak RSS ≤ 1 GiB.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocs, type Archetype } from './lib/gen-docs.js';
import { BUNDLE, MAXRSS_PRELOAD, ROOT, timedNode, timedNodeOk } from './lib/proc.js';
import { Budget, mad, median, ms, pct, ratio, table, type SummaryRow } from './lib/stats.js';

export const SIZES = [1, 100, 250, 500, 1000] as const;
export const DOC_SEED = 20260101;
export const PER_DOC_GOAL_MS = 20;
export const LINEARITY_TOLERANCE = 0.35;
export const RSS_GOAL_MB = 1024;

/** Warm the file cache and the bundle's compile cache on the small sizes only: the big ones cost a minute a round. */
const WARMUP_SIZES = [1, 100] as const;
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 5;
const BUDGET_MS = 180_000;

type Size = (typeof SIZES)[number];
type Case = 'help' | Size;

export interface BatchSizeResult {
  docs: number;
  lines: number;
  bytes: number;
  wallMs: number[];
  wallMedianMs: number;
  /** The time aitm itself reports ("… in N ms"): work after its modules are loaded. */
  inProcessMs: number[];
  inProcessMedianMs: number;
  /** Peak resident set size of the aitm process, MB (1 MB = 1024 KB), highest over the rounds. */
  peakRssMb: number | undefined;
  outputBytes: number | undefined;
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
  helpPeakRssMb: number | undefined;
  sizes: BatchSizeResult[];
  /** (t1000 − t100) / 900: what one more document costs in a big batch. */
  marginalPerDocMs: number;
  /** (t1000 − t1) / 999, start-up work of the first documents included. */
  averagePerDocMs: number;
  slope100to500Ms: number;
  slope500to1000Ms: number;
  linearityDeviation: number;
  linearityPass: boolean;
  perDocToStartup: number;
  perDocGoalMs: number;
  perDocPass: boolean;
  rssGoalMb: number;
  rssPass: boolean;
  /** In-process extractSystem() time per folder size: where any non-linear part of batch would come from. */
  extraction: ExtractionProfile[] | { error: string };
  /** log2(t_extract(1000) / t_extract(500)): 1 is linear, 2 is quadratic. */
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
  const rss = new Map<Case, number>();
  const inProcess = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  const shape = new Map<number, { components: number; threats: number; bytes: number }>();
  const rssFile = join(tmp, 'maxrss');

  const runCase = (c: Case, record: boolean) => {
    rmSync(rssFile, { force: true });
    const env = { AITM_BENCH_MAXRSS: rssFile };
    const peak = () => {
      const kb = Number(readFileSync(rssFile, 'utf8'));
      if (record && Number.isFinite(kb)) rss.set(c, Math.max(rss.get(c) ?? 0, kb / 1024));
    };
    if (c === 'help') {
      const r = timedNodeOk(['--import', MAXRSS_PRELOAD, BUNDLE, '--help'], tmp, env);
      if (record) wall.get(c)!.push(r.ms);
      peak();
      return;
    }
    const out = join(outDir, `threat-model-${c}.md`);
    rmSync(out, { force: true });
    const r = timedNodeOk(['--import', MAXRSS_PRELOAD, BUNDLE, 'batch', `docs-${c}`, '-o', out, '--date', '2026-01-01', '--offline'], tmp, env);
    peak();
    const m = SUMMARY.exec(r.stderr);
    if (m && Number(m[3]) !== c) throw new Error(`aitm batch read ${m[3]} documents from docs-${c}, expected ${c}`);
    if (m) shape.set(c, { threats: Number(m[1]), components: Number(m[2]), bytes: readFileSync(out).length });
    if (record) {
      wall.get(c)!.push(r.ms);
      if (m) inProcess.get(c)!.push(Number(m[4]));
    }
  };

  const cases: Case[] = ['help', ...SIZES];
  for (const c of ['help', ...WARMUP_SIZES] as Case[]) runCase(c, false);
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
      peakRssMb: rss.get(n),
      outputBytes: shape.get(n)?.bytes,
      components: shape.get(n)?.components,
      threats: shape.get(n)?.threats,
    };
  });
  const t = (n: Size) => sizes.find((s) => s.docs === n)!.wallMedianMs;
  const helpMs = wall.get('help')!;
  const helpMedianMs = median(helpMs);

  const marginalPerDocMs = (t(1000) - t(100)) / 900;
  const averagePerDocMs = (t(1000) - t(1)) / 999;
  const slope100to500Ms = (t(500) - t(100)) / 400;
  const slope500to1000Ms = (t(1000) - t(500)) / 500;
  const linearityDeviation = slope500to1000Ms / slope100to500Ms - 1;
  const peakRss = rss.get(1000);
  const extraction = profileExtraction(tmp);
  const e500 = Array.isArray(extraction) ? extraction.find((e) => e.docs === 500) : undefined;
  const e1000 = Array.isArray(extraction) ? extraction.find((e) => e.docs === 1000) : undefined;
  const extractionExponent = e500 && e1000 ? Math.log2(e1000.medianMs / e500.medianMs) : undefined;

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
    helpPeakRssMb: rss.get('help'),
    sizes,
    marginalPerDocMs,
    averagePerDocMs,
    slope100to500Ms,
    slope500to1000Ms,
    linearityDeviation,
    linearityPass: Math.abs(linearityDeviation) <= LINEARITY_TOLERANCE,
    perDocToStartup: marginalPerDocMs / helpMedianMs,
    perDocGoalMs: PER_DOC_GOAL_MS,
    perDocPass: marginalPerDocMs <= PER_DOC_GOAL_MS,
    rssGoalMb: RSS_GOAL_MB,
    rssPass: peakRss !== undefined && peakRss <= RSS_GOAL_MB,
    extraction,
    extractionExponent,
  };

  const mb = (x: number | undefined) => (x === undefined ? '?' : `${Math.round(x)} MB`);
  log(`  ${budget.runs} interleaved rounds after a warm-up of --help, ${WARMUP_SIZES.join(' and ')} doc(s)${budget.cutShort ? ' (time budget reached)' : ''}`);
  log(
    table(
      ['docs', 'lines', 'components', 'threats', 'output', 'wall median', 'MAD', 'in-process (aitm)', 'peak RSS'],
      [
        ['--help', '', '', '', '', ms(helpMedianMs), ms(mad(helpMs)), '', mb(rss.get('help'))],
        ...sizes.map((s) => [
          String(s.docs),
          String(s.lines),
          String(s.components ?? '?'),
          String(s.threats ?? '?'),
          s.outputBytes === undefined ? '?' : `${(s.outputBytes / 1e6).toFixed(1)} MB`,
          ms(s.wallMedianMs),
          ms(mad(s.wallMs)),
          ms(s.inProcessMedianMs),
          mb(s.peakRssMb),
        ]),
      ],
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  log(
    `  marginal cost per doc (t1000 − t100)/900 = ${ms(marginalPerDocMs)} (goal ≤ ${PER_DOC_GOAL_MS} ms): ${result.perDocPass ? 'PASS' : 'FAIL'}; ` +
      `${ratio(result.perDocToStartup)} of process startup (--help ${ms(helpMedianMs)}); (t1000 − t1)/999 = ${ms(averagePerDocMs)}`,
  );
  log(
    `  flat: per-doc cost ${ms(slope100to500Ms)} from 100 to 500 docs vs ${ms(slope500to1000Ms)} from 500 to 1000 → ${pct(linearityDeviation)} ` +
      `(goal within ±${LINEARITY_TOLERANCE * 100}%): ${result.linearityPass ? 'PASS' : 'FAIL'}`,
  );
  log(`  peak RSS at 1000 docs: ${mb(peakRss)} (goal ≤ ${RSS_GOAL_MB} MB; --help ${mb(rss.get('help'))}): ${result.rssPass ? 'PASS' : 'FAIL'}`);
  if (Array.isArray(extraction))
    log(
      `  diagnostic, in process: extractSystem() alone takes ${extraction.map((e) => `${ms(e.medianMs)} (${e.docs} docs)`).join(', ')}` +
        (extractionExponent === undefined ? '' : `; 500→1000 docs scales as n^${extractionExponent.toFixed(2)} (1 = linear)`),
    );
  else log(`  diagnostic extraction profile unavailable: ${extraction.error}`);

  const helpRss = rss.get('help');
  return {
    result,
    rows: [
      {
        bench: '2 batch scaling',
        figure: 'marginal ms per doc (100→1000)',
        value: ms(marginalPerDocMs),
        baseline: `--help: ${ms(helpMedianMs)}`,
        ratio: `${ratio(result.perDocToStartup)} startup`,
        goal: `≤ ${PER_DOC_GOAL_MS} ms`,
        verdict: result.perDocPass ? 'PASS' : 'FAIL',
      },
      {
        bench: '2 batch scaling',
        figure: 'per-doc cost 100→500 vs 500→1000',
        value: `${ms(slope100to500Ms)} → ${ms(slope500to1000Ms)}`,
        baseline: 'cost 100→500',
        ratio: pct(linearityDeviation),
        goal: `±${LINEARITY_TOLERANCE * 100}%`,
        verdict: result.linearityPass ? 'PASS' : 'FAIL',
      },
      {
        bench: '2 batch scaling',
        figure: 'peak RSS, 1000 docs',
        value: mb(peakRss),
        baseline: `--help: ${mb(helpRss)}`,
        ratio: peakRss !== undefined && helpRss ? ratio(peakRss / helpRss) : '?',
        goal: `≤ ${RSS_GOAL_MB} MB`,
        verdict: result.rssPass ? 'PASS' : 'FAIL',
      },
      ...(e1000 && extractionExponent !== undefined
        ? [
            {
              bench: '2 batch scaling',
              figure: 'extractSystem() 500→1000 docs',
              value: `${ms(e500!.medianMs)} → ${ms(e1000.medianMs)}`,
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
