/**
 * 3. Knowledge-base query latency, in process: load the knowledge base, build the BM25 index once,
 * then time 2,000 queries drawn from 40 realistic ones. Baseline in the same run: a naive
 * `Array.prototype.filter` + `includes` over the entry titles for the same query sequence.
 */
import { BUNDLE, timedNodeOk } from './lib/proc.js';
import { Rng } from './lib/random.js';
import { Budget, mad, median, ms, percentile, ratio, type SummaryRow } from './lib/stats.js';

export const P50_GOAL_MS = 1;
export const QUERY_COUNT = 2000;
const QUERY_SEED = 7;
const QUERY_BUDGET_MS = 20_000;

/** Realistic searches, including typos and catalog ids. */
export const QUERIES: readonly string[] = [
  'prompt injection via retrieved documents',
  'pickle model loading',
  'denial of wallet',
  'vector index poisoning',
  'jailbrake',
  'indirect prompt injection in emails',
  'model extraction through the scoring API',
  'membership inference',
  'training data poisoning',
  'users poison labels through the feedback button',
  'MCP server rug pull',
  'tool description poisoning',
  'refund tool without human approval',
  'markdown image exfiltration',
  'XSS in rendered model output',
  'SQL injection from LLM generated queries',
  'hallucinated package names',
  'system prompt leakage',
  'API keys in the system prompt',
  'cross-tenant retrieval leak',
  'embedding inversion',
  'adversarial examples evasion',
  'backdoored weights from Hugging Face',
  'model registry tampering',
  'agent stuck in a loop burning tokens',
  'human approval fatigue',
  'long-term memory poisoning',
  'sandbox escape code execution',
  'rate limit unbounded consumption',
  'PII in logs',
  'model inversion reconstruct training data',
  'concept drift fraud model',
  'compromised ML dependency',
  'automated decisions misinformation',
  'prompt injection hidden in images',
  'inter-agent message spoofing',
  'promt injecton',
  'data exfiltraton via tool calls',
  'LLM01',
  'AML.T0051',
];

export interface KbResult {
  entries: number;
  importMs: number;
  loadFirstMs: number;
  loadMs: number[];
  loadMedianMs: number;
  buildFirstMs: number;
  buildMs: number[];
  buildMedianMs: number;
  queries: number;
  distinctQueries: number;
  bm25: { p50: number; p95: number; p99: number; max: number; mean: number };
  naive: { p50: number; p95: number; p99: number; max: number; mean: number };
  ratioP50: number;
  queriesWithHits: { bm25: number; naive: number };
  cliSearchMedianMs: number;
  cliSearchMs: number[];
  goalP50Ms: number;
  pass: boolean;
}

function summary(xs: number[]) {
  return {
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    p99: percentile(xs, 99),
    max: Math.max(...xs),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
  };
}

/** High-resolution elapsed milliseconds around `fn`. */
function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export async function benchKb(log: (line: string) => void): Promise<{ result: KbResult; rows: SummaryRow[] }> {
  const t0 = performance.now();
  const { loadKnowledgeBase, defaultKnowledgeDir } = await import('../src/kb/load.js');
  const { KnowledgeIndex } = await import('../src/kb/index.js');
  const importMs = performance.now() - t0;
  const dir = defaultKnowledgeDir();

  // loadKnowledgeBase: the first call (cold JIT, as in every CLI invocation), then warm repeats.
  const first = time(() => loadKnowledgeBase(dir));
  const data = first.value;
  const loadMs: number[] = [];
  for (const b = new Budget(5, 15, 5_000); b.more(); b.tick()) loadMs.push(time(() => loadKnowledgeBase(dir)).ms);

  const firstBuild = time(() => new KnowledgeIndex(data));
  const index = firstBuild.value;
  const buildMs: number[] = [];
  for (const b = new Budget(10, 50, 5_000); b.more(); b.tick()) buildMs.push(time(() => new KnowledgeIndex(data)).ms);

  const rng = new Rng(QUERY_SEED);
  const sequence = Array.from({ length: QUERY_COUNT }, () => rng.pick(QUERIES));
  const titles = data.entries.map((e) => e.title);
  const naiveSearch = (q: string) => {
    const needle = q.toLowerCase();
    return titles.filter((t) => t.toLowerCase().includes(needle));
  };

  // Warm both paths on every distinct query, then time the sequence; baseline first, same order.
  let bm25Hits = 0;
  let naiveHits = 0;
  for (const q of QUERIES) {
    if (index.search(q).length > 0) bm25Hits++;
    if (naiveSearch(q).length > 0) naiveHits++;
  }
  const naiveMs: number[] = [];
  const bm25Ms: number[] = [];
  let sink = 0;
  const naiveBudget = new Budget(QUERY_COUNT, QUERY_COUNT, QUERY_BUDGET_MS);
  for (const q of sequence) {
    if (!naiveBudget.more()) break;
    const r = time(() => naiveSearch(q));
    sink += r.value.length;
    naiveMs.push(r.ms);
    naiveBudget.tick();
  }
  const bm25Budget = new Budget(Math.min(200, QUERY_COUNT), QUERY_COUNT, QUERY_BUDGET_MS);
  for (const q of sequence) {
    if (!bm25Budget.more()) break;
    const r = time(() => index.search(q));
    sink += r.value.length;
    bm25Ms.push(r.ms);
    bm25Budget.tick();
  }
  if (sink < 0) log('unreachable');

  // End to end, for context: what a user waits for with `aitm kb search`.
  const cliSearchMs: number[] = [];
  for (const b = new Budget(3, 7, 5_000); b.more(); b.tick()) {
    const r = timedNodeOk([BUNDLE, 'kb', 'search', QUERIES[b.runs % QUERIES.length]!]);
    cliSearchMs.push(r.ms);
  }

  const bm25 = summary(bm25Ms);
  const naive = summary(naiveMs);
  const result: KbResult = {
    entries: data.entries.length,
    importMs,
    loadFirstMs: first.ms,
    loadMs,
    loadMedianMs: median(loadMs),
    buildFirstMs: firstBuild.ms,
    buildMs,
    buildMedianMs: median(buildMs),
    queries: bm25Ms.length,
    distinctQueries: QUERIES.length,
    bm25,
    naive,
    ratioP50: bm25.p50 / naive.p50,
    queriesWithHits: { bm25: bm25Hits, naive: naiveHits },
    cliSearchMedianMs: median(cliSearchMs),
    cliSearchMs,
    goalP50Ms: P50_GOAL_MS,
    pass: bm25.p50 < P50_GOAL_MS,
  };

  log(`  ${data.entries.length} entries; module import (tsx) ${ms(importMs)}`);
  log(`  loadKnowledgeBase: first call ${ms(first.ms)}, then median ${ms(result.loadMedianMs)} (MAD ${ms(mad(loadMs))}, ${loadMs.length} runs)`);
  log(`  index build (new KnowledgeIndex): first ${ms(firstBuild.ms)}, then median ${ms(result.buildMedianMs)} (${buildMs.length} runs)`);
  log(
    `  BM25 search, ${bm25Ms.length} queries (${QUERIES.length} distinct)${bm25Budget.cutShort ? ' (time budget reached)' : ''}: ` +
      `p50 ${ms(bm25.p50)}, p95 ${ms(bm25.p95)}, p99 ${ms(bm25.p99)}, max ${ms(bm25.max)}`,
  );
  log(`  naive title filter+includes, same queries: p50 ${ms(naive.p50)}, p95 ${ms(naive.p95)}, p99 ${ms(naive.p99)}`);
  log(`  ratio BM25 p50 / naive p50 = ${ratio(result.ratioP50)}; queries with ≥1 hit: BM25 ${bm25Hits}/${QUERIES.length}, naive ${naiveHits}/${QUERIES.length}`);
  log(`  p50 goal < ${P50_GOAL_MS} ms: ${result.pass ? 'PASS' : 'FAIL'}`);
  log(`  for context, end-to-end \`aitm kb search\` CLI: median ${ms(result.cliSearchMedianMs)} (${cliSearchMs.length} runs)`);

  return {
    result,
    rows: [
      {
        bench: '3 kb query',
        figure: `BM25 p50 (${bm25Ms.length} queries)`,
        value: ms(bm25.p50),
        baseline: `naive filter: ${ms(naive.p50)}`,
        ratio: ratio(result.ratioP50),
        goal: `< ${P50_GOAL_MS} ms`,
        verdict: result.pass ? 'PASS' : 'FAIL',
      },
      {
        bench: '3 kb query',
        figure: 'BM25 p95 / p99',
        value: `${ms(bm25.p95)} / ${ms(bm25.p99)}`,
        baseline: `naive: ${ms(naive.p95)} / ${ms(naive.p99)}`,
        ratio: `${ratio(bm25.p95 / naive.p95)} / ${ratio(bm25.p99 / naive.p99)}`,
        goal: 'info',
        verdict: 'INFO',
      },
      {
        bench: '3 kb query',
        figure: 'index build (median)',
        value: ms(result.buildMedianMs),
        baseline: `first: ${ms(firstBuild.ms)}`,
        ratio: '',
        goal: 'info',
        verdict: 'INFO',
      },
      {
        bench: '3 kb query',
        figure: 'loadKnowledgeBase (first / median)',
        value: `${ms(first.ms)} / ${ms(result.loadMedianMs)}`,
        baseline: `CLI kb search: ${ms(result.cliSearchMedianMs)}`,
        ratio: '',
        goal: 'info',
        verdict: 'INFO',
      },
    ],
  };
}
