/**
 * 4. LLM batch against a mock OpenAI-compatible server (bench/lib/mock-openai.ts), so the figures
 * measure aitm, not a provider:
 *
 *   (a) wall time of `aitm batch examples/support-bot/architecture.md --no-cache --concurrency 6` with
 *       a fixed latency L per call (300 ms and 1000 ms). The pipeline needs 2 sequential rounds
 *       (extraction, then the 6 brainstorming calls in parallel), 3 if a repair happens, so the
 *       ideal is offline wall + rounds × L. ratio = (wall − offline wall) ÷ (L × rounds); goal ≤ 1.3.
 *       The offline wall is the same command with --offline, measured interleaved in the same run.
 *   (b) prompt tokens per threat model (the sum of prompt_tokens the mock billed, ≈ body chars / 4)
 *       against putting the whole knowledge base in every call: the same number of calls ×
 *       (tokens of all knowledge/entries/*.yaml + the system-model block of a prompt); goal ≤ 40%.
 *   (c) the reply cache: the same command twice with caching on and a fresh AITM_CACHE_DIR; the
 *       second run must make no HTTP call at all.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startMockOpenAi, tokensOf, type MockServer, type RecordedRequest } from './lib/mock-openai.js';
import { BUNDLE, ROOT } from './lib/proc.js';
import { timedNodeAsync } from './lib/proc-async.js';
import { Budget, mad, median, ms, pct, table, type SummaryRow } from './lib/stats.js';

export const DOC = 'examples/support-bot/architecture.md';
export const LATENCIES_MS = [300, 1000] as const;
export const CONCURRENCY = 6;
export const WALL_GOAL_RATIO = 1.3;
export const TOKEN_GOAL_RATIO = 0.4;

const MIN_ROUNDS = 3;
const MAX_ROUNDS = 5;
const BUDGET_MS = 22_000;

type Case = 'offline' | (typeof LATENCIES_MS)[number];

interface Phases {
  /** Spawn → first request at the mock: startup, reading, rule extraction, building the prompt. */
  preLlmMs: number;
  /** Extraction reply sent → first brainstorming request received: work between the two rounds. */
  betweenRoundsMs: number;
  /** First → last brainstorming request received: how parallel the second round really is. */
  brainstormSpreadMs: number;
  /** Last reply sent → process exit: validation, assembly, rendering, writing, exit. */
  tailMs: number;
}

export interface LlmRunRecord {
  latencyMs: number;
  wallMs: number;
  calls: number;
  repairs: number;
  rounds: number;
  promptTokens: number;
  maxInFlight: number;
  phases: Phases | undefined;
}

export interface LatencyResult {
  latencyMs: number;
  runs: LlmRunRecord[];
  wallMedianMs: number;
  rounds: number;
  idealMs: number;
  overheadMs: number;
  ratio: number;
  pass: boolean;
  phasesMedian: Phases | undefined;
}

export interface LlmBatchResult {
  doc: string;
  concurrency: number;
  rounds: number;
  offlineMs: number[];
  offlineMedianMs: number;
  latencies: LatencyResult[];
  tokens: {
    calls: number;
    promptTokens: number;
    /** What aitm itself reported in its usage line (should equal the mock's sum). */
    aitmReportedPromptTokens: number | undefined;
    knowledgeEntries: number;
    knowledgeChars: number;
    knowledgeTokens: number;
    systemModelTokens: number;
    baselineTokens: number;
    ratio: number;
    pass: boolean;
    perCall: Array<{ kind: string; category: string | undefined; promptTokens: number; knowledgeTokens: number; schemaTokens: number }>;
  };
  cache: { firstRunCalls: number; secondRunHttpCalls: number; secondRunMs: number; cacheFiles: number; aitmLine: string | undefined; pass: boolean };
  threatsAccepted: string | undefined;
}

const USAGE = /aitm: (\d+) LLM call\(s\)(?: \+ (\d+) from the cache)?, (\d+) prompt \+ (\d+) completion tokens.*?; (\d+) model threat\(s\) accepted \((\d+) after repair\), (\d+) rejected/;

function phasesOf(requests: readonly RecordedRequest[], startedAt: number, wallMs: number): Phases | undefined {
  const ext = requests.find((r) => r.kind === 'extract');
  const bs = requests.filter((r) => r.kind === 'brainstorm');
  if (!ext || bs.length === 0) return undefined;
  const lastReply = Math.max(...requests.map((r) => r.repliedAt).filter(Number.isFinite));
  const firstBs = Math.min(...bs.map((r) => r.receivedAt));
  return {
    preLlmMs: Math.min(...requests.map((r) => r.receivedAt)) - startedAt,
    betweenRoundsMs: firstBs - ext.repliedAt,
    brainstormSpreadMs: Math.max(...bs.map((r) => r.receivedAt)) - firstBs,
    tailMs: startedAt + wallMs - lastReply,
  };
}

function medianPhases(list: ReadonlyArray<Phases | undefined>): Phases | undefined {
  const ok = list.filter((p): p is Phases => p !== undefined);
  if (ok.length === 0) return undefined;
  return {
    preLlmMs: median(ok.map((p) => p.preLlmMs)),
    betweenRoundsMs: median(ok.map((p) => p.betweenRoundsMs)),
    brainstormSpreadMs: median(ok.map((p) => p.brainstormSpreadMs)),
    tailMs: median(ok.map((p) => p.tailMs)),
  };
}

/** Sequential rounds the run needed: extraction, brainstorming, and one more if any repair happened. */
function roundsOf(requests: readonly RecordedRequest[]): number {
  return (requests.some((r) => r.kind === 'extract') ? 1 : 0) + (requests.some((r) => r.kind === 'brainstorm') ? 1 : 0) + (requests.some((r) => r.kind === 'repair') ? 1 : 0);
}

export async function benchLlmBatch(tmp: string, log: (line: string) => void): Promise<{ result: LlmBatchResult; rows: SummaryRow[] }> {
  const work = join(tmp, 'llm');
  mkdirSync(work, { recursive: true });
  const mock = await startMockOpenAi({ latencyMs: LATENCIES_MS[0], maxRequests: 400, lifetimeMs: 150_000 });
  try {
    return await measure(mock, work, log);
  } finally {
    await mock.close();
  }
}

async function measure(mock: MockServer, work: string, log: (line: string) => void): Promise<{ result: LlmBatchResult; rows: SummaryRow[] }> {
  const out = join(work, 'threat-model.md');
  // Only what the run needs from the developer's shell: no model, proxy or cache settings leak in.
  const env = (cacheDir: string): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', OPENAI_BASE_URL: mock.baseURL, OPENAI_API_KEY: 'test', AITM_CACHE_DIR: cacheDir, XDG_CACHE_HOME: join(work, 'xdg') };
    for (const k of ['AITM_MODEL', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'SOURCE_DATE_EPOCH']) delete e[k];
    e.NO_PROXY = '127.0.0.1,localhost';
    return e;
  };
  const unusedCache = join(work, 'cache-unused');
  let lastUsageLine: string | undefined;

  const run = async (c: Case, opts: { cacheDir?: string } = {}) => {
    rmSync(out, { force: true });
    const args = [BUNDLE, 'batch', DOC, '-o', out, '--date', '2026-01-01', '--concurrency', String(CONCURRENCY)];
    if (c === 'offline') args.push('--offline');
    else if (opts.cacheDir === undefined) args.push('--no-cache');
    if (c !== 'offline') mock.setLatency(c);
    mock.reset();
    const r = await timedNodeAsync(args, env(opts.cacheDir ?? unusedCache));
    if (r.status !== 0) throw new Error(`aitm ${args.slice(1).join(' ')} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`);
    const requests = [...mock.requests];
    const httpCalls = mock.httpCalls;
    if (c !== 'offline' && opts.cacheDir === undefined && requests.length === 0)
      throw new Error(`aitm made no call to the mock at ${mock.baseURL}; did it run offline?\n${r.stderr.slice(0, 1000)}`);
    if (c === 'offline' && httpCalls > 0) throw new Error(`aitm --offline made ${httpCalls} HTTP call(s)`);
    const refused = requests.filter((x) => x.status !== 200).length;
    if (refused > 0) throw new Error(`${refused} call(s) to the mock did not complete`);
    lastUsageLine = r.stderr.split('\n').find((l) => USAGE.test(l));
    return { r, requests, httpCalls };
  };

  // Warm-ups: the file cache, and a check that the mock's answers pass validation without repair.
  await run('offline');
  const warm = await run(LATENCIES_MS[0]);
  const warmUsage = USAGE.exec(lastUsageLine ?? '');
  const threatsAccepted = warmUsage ? `${warmUsage[5]} accepted (${warmUsage[6]} after repair), ${warmUsage[7]} rejected` : undefined;
  log(`  mock at ${mock.baseURL}; warm-up run: ${warm.requests.length} calls (${warm.requests.map((x) => x.kind).join(', ')}); model threats ${threatsAccepted ?? '?'}`);

  const offlineMs: number[] = [];
  const runs = new Map<number, LlmRunRecord[]>(LATENCIES_MS.map((l) => [l, []]));
  let tokenRun: { requests: RecordedRequest[]; usage: RegExpExecArray | null } | undefined;
  const cases: Case[] = ['offline', ...LATENCIES_MS];
  const budget = new Budget(MIN_ROUNDS, MAX_ROUNDS, BUDGET_MS);
  while (budget.more()) {
    const k = budget.runs % cases.length;
    for (const c of [...cases.slice(k), ...cases.slice(0, k)]) {
      const { r, requests } = await run(c);
      if (c === 'offline') {
        offlineMs.push(r.ms);
        continue;
      }
      tokenRun ??= { requests, usage: USAGE.exec(lastUsageLine ?? '') };
      runs.get(c)!.push({
        latencyMs: c,
        wallMs: r.ms,
        calls: requests.length,
        repairs: requests.filter((x) => x.kind === 'repair').length,
        rounds: roundsOf(requests),
        promptTokens: requests.reduce((a, x) => a + x.promptTokens, 0),
        maxInFlight: Math.max(0, ...requests.map((x) => x.inFlightAtArrival)),
        phases: phasesOf(requests, r.startedAt, r.ms),
      });
    }
    budget.tick();
  }

  const offlineMedianMs = median(offlineMs);
  const latencies: LatencyResult[] = LATENCIES_MS.map((l) => {
    const rs = runs.get(l)!;
    const rounds = Math.max(...rs.map((x) => x.rounds));
    const wallMedianMs = median(rs.map((x) => x.wallMs));
    const overheadMs = wallMedianMs - offlineMedianMs;
    const ratio = overheadMs / (l * rounds);
    return {
      latencyMs: l,
      runs: rs,
      wallMedianMs,
      rounds,
      idealMs: offlineMedianMs + l * rounds,
      overheadMs,
      ratio,
      pass: ratio <= WALL_GOAL_RATIO,
      phasesMedian: medianPhases(rs.map((x) => x.phases)),
    };
  });

  // (b) tokens: one measured run's calls against the whole knowledge base in every call.
  const reqs = tokenRun!.requests;
  const kbDir = join(ROOT, 'knowledge', 'entries');
  const kbFiles = readdirSync(kbDir).filter((f) => /\.ya?ml$/.test(f));
  const knowledgeChars = kbFiles.reduce((a, f) => a + readFileSync(join(kbDir, f), 'utf8').length, 0);
  const knowledgeTokens = tokensOf(knowledgeChars);
  const sysChars = reqs.filter((x) => x.systemModelChars > 0).map((x) => x.systemModelChars);
  const systemModelTokens = tokensOf(sysChars.length ? median(sysChars) : 0);
  const promptTokens = reqs.reduce((a, x) => a + x.promptTokens, 0);
  const baselineTokens = reqs.length * (knowledgeTokens + systemModelTokens);
  const tokenRatio = promptTokens / baselineTokens;
  const usage = tokenRun!.usage;
  const tokens: LlmBatchResult['tokens'] = {
    calls: reqs.length,
    promptTokens,
    aitmReportedPromptTokens: usage ? Number(usage[3]) : undefined,
    knowledgeEntries: kbFiles.length,
    knowledgeChars,
    knowledgeTokens,
    systemModelTokens,
    baselineTokens,
    ratio: tokenRatio,
    pass: tokenRatio <= TOKEN_GOAL_RATIO,
    perCall: reqs.map((x) => ({ kind: x.kind, category: x.category, promptTokens: x.promptTokens, knowledgeTokens: tokensOf(x.knowledgeChars), schemaTokens: tokensOf(x.schemaChars) })),
  };

  // (c) cache: a fresh cache dir, the same command twice with caching on.
  const cacheDir = mkdtempSync(join(work, 'cache-'));
  const first = await run(LATENCIES_MS[0], { cacheDir });
  const second = await run(LATENCIES_MS[0], { cacheDir });
  const cacheFiles = readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length;
  const cache = {
    firstRunCalls: first.httpCalls,
    secondRunHttpCalls: second.httpCalls,
    secondRunMs: second.r.ms,
    cacheFiles,
    aitmLine: lastUsageLine,
    pass: first.httpCalls > 0 && second.httpCalls === 0,
  };

  const rounds = Math.max(...latencies.map((x) => x.rounds));
  const result: LlmBatchResult = { doc: DOC, concurrency: CONCURRENCY, rounds, offlineMs, offlineMedianMs, latencies, tokens, cache, threatsAccepted };

  log(`  ${budget.runs} interleaved rounds (offline, ${LATENCIES_MS.map((l) => `L=${l} ms`).join(', ')})${budget.cutShort ? ' (time budget reached)' : ''}; --concurrency ${CONCURRENCY}`);
  log(
    table(
      ['case', 'calls', 'rounds', 'wall median', 'MAD', 'ideal', 'overhead', 'ratio', 'max in flight', 'pre-LLM', 'between rounds', 'bs spread', 'tail'],
      [
        ['--offline', '0', '0', ms(offlineMedianMs), ms(mad(offlineMs)), '', '', '', '', '', '', '', ''],
        ...latencies.map((x) => {
          const p = x.phasesMedian;
          return [
            `L=${x.latencyMs} ms`,
            String(median(x.runs.map((r) => r.calls))),
            String(x.rounds),
            ms(x.wallMedianMs),
            ms(mad(x.runs.map((r) => r.wallMs))),
            ms(x.idealMs),
            ms(x.overheadMs - x.latencyMs * x.rounds),
            `${x.ratio.toFixed(2)}`,
            String(Math.max(...x.runs.map((r) => r.maxInFlight))),
            p ? ms(p.preLlmMs) : '?',
            p ? ms(p.betweenRoundsMs) : '?',
            p ? ms(p.brainstormSpreadMs) : '?',
            p ? ms(p.tailMs) : '?',
          ];
        }),
      ],
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  log('  (overhead = wall − offline − rounds × L; pre-LLM = spawn → first request; between rounds = extraction reply → first brainstorm request;');
  log('   bs spread = first → last brainstorm request; tail = last reply → exit)');
  for (const x of latencies)
    log(`  L=${x.latencyMs} ms: (${ms(x.wallMedianMs)} − ${ms(offlineMedianMs)}) / (${x.latencyMs} ms × ${x.rounds}) = ${x.ratio.toFixed(2)} (goal ≤ ${WALL_GOAL_RATIO}): ${x.pass ? 'PASS' : 'FAIL'}`);
  log(
    `  prompt tokens: ${promptTokens} over ${reqs.length} calls (aitm reported ${tokens.aitmReportedPromptTokens ?? '?'}) vs whole-KB baseline ` +
      `${reqs.length} × (${knowledgeTokens} KB [${kbFiles.length} entries, ${knowledgeChars} chars] + ${systemModelTokens} system model) = ${baselineTokens} → ${pct(tokenRatio).replace('+', '')} ` +
      `(goal ≤ ${TOKEN_GOAL_RATIO * 100}%): ${tokens.pass ? 'PASS' : 'FAIL'}`,
  );
  log(`  per call: ${tokens.perCall.map((c) => `${c.category ?? c.kind} ${c.promptTokens} (KB ${c.knowledgeTokens}, schema ${c.schemaTokens})`).join('; ')}`);
  log(
    `  cache: first run ${cache.firstRunCalls} HTTP call(s), second run ${cache.secondRunHttpCalls} in ${ms(cache.secondRunMs)} (offline ${ms(offlineMedianMs)}); ` +
      `${cacheFiles} cache file(s): ${cache.pass ? 'PASS' : 'FAIL'}`,
  );
  if (cache.aitmLine) log(`  second run said: ${cache.aitmLine.trim()}`);

  const rows: SummaryRow[] = [
    ...latencies.map(
      (x): SummaryRow => ({
        bench: '4 LLM batch',
        figure: `wall, L=${x.latencyMs} ms/call, ${x.rounds} rounds`,
        value: ms(x.wallMedianMs),
        baseline: `offline: ${ms(offlineMedianMs)}`,
        ratio: `${x.ratio.toFixed(2)}× L·rounds`,
        goal: `≤ ${WALL_GOAL_RATIO}`,
        verdict: x.pass ? 'PASS' : 'FAIL',
      }),
    ),
    {
      bench: '4 LLM batch',
      figure: `prompt tokens per model (${reqs.length} calls)`,
      value: String(promptTokens),
      baseline: `whole KB: ${baselineTokens}`,
      ratio: `${(tokenRatio * 100).toFixed(1)}%`,
      goal: `≤ ${TOKEN_GOAL_RATIO * 100}%`,
      verdict: tokens.pass ? 'PASS' : 'FAIL',
    },
    {
      bench: '4 LLM batch',
      figure: 'HTTP calls, 2nd run (cache on)',
      value: String(cache.secondRunHttpCalls),
      baseline: `1st run: ${cache.firstRunCalls}`,
      ratio: '',
      goal: '0',
      verdict: cache.pass ? 'PASS' : 'FAIL',
    },
  ];
  const p = latencies.at(-1)?.phasesMedian;
  if (p)
    rows.push({
      bench: '4 LLM batch',
      figure: `time outside calls, L=${latencies.at(-1)!.latencyMs} ms`,
      value: `pre ${ms(p.preLlmMs)}, gap ${ms(p.betweenRoundsMs)}, tail ${ms(p.tailMs)}`,
      baseline: `offline: ${ms(offlineMedianMs)}`,
      ratio: '',
      goal: 'info',
      verdict: 'INFO',
    });
  return { result, rows };
}
