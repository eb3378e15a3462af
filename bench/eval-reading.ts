/**
 * `npm run eval`: how faithfully the reader reads architecture docs, on two corpora —
 *   own:    test/fixtures/reading/*  (docs written for aitm's tests, with expected readings)
 *   shared: ../shared/corpus/*        (real docs from public repositories; readings in bench/corpus-expected/)
 * Reports component recall and precision, kind accuracy, features and traits read right, and
 * false-present controls (a control read as in place that the docs do not affirm). Goals:
 * recall ≥ 0.9 and zero false-present controls on both corpora.
 *
 *   npm run eval                 both corpora, a line per case
 *   npm run eval -- --verbose    also what was missed, extra and misread
 *   npm run eval -- --json       the totals as one JSON line at the end (npm run bench reads it)
 *   AITM_CORPUS=<dir>            where the shared corpus is (default ../shared/corpus)
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/kb/load.js';
import { caseFiles, loadExpected, ownCases, readCase, scoreReading, totals, type CaseScore, type Totals } from '../test/reading/score.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const log = (line: string) => process.stdout.write(`${line}\n`);
const kb = loadKnowledgeBase(join(ROOT, 'knowledge'));

function run(name: string, dir: string, files: string[], expected: ReturnType<typeof loadExpected>): CaseScore {
  const { system, reading } = readCase(dir, files, kb.technologies);
  return scoreReading(name, expected, system, reading, kb.technologies);
}

function line(s: CaseScore): string {
  const r = s.expected ? (s.recalled / s.expected).toFixed(2) : '—';
  const p = s.found ? (s.correct / s.found).toFixed(2) : '—';
  const flags = [s.falsePresent.length ? `FALSE-PRESENT ${s.falsePresent.length}` : '', s.ai_ok ? '' : 'AI?', s.name_ok === false ? 'NAME?' : '', s.trapped.length ? `TRAP ${s.trapped.length}` : ''].filter(Boolean).join(' ');
  return `  ${s.name.padEnd(44)} recall ${r} (${s.recalled}/${s.expected})  precision ${p} (${s.correct}/${s.found})  facts ${s.featuresRight}/${s.featuresTotal}  ${s.status.padEnd(5)} ${flags}`;
}

function detail(s: CaseScore): void {
  if (!verbose) return;
  if (s.missed.length) log(`      missed: ${s.missed.join(', ')}`);
  if (s.extra.length) log(`      extra:  ${s.extra.join(', ')}`);
  if (s.trapped.length) log(`      traps:  ${s.trapped.join(', ')}`);
  if (s.falsePresent.length) log(`      FALSE-PRESENT: ${s.falsePresent.join('; ')}`);
  if (s.featureMisses.length) log(`      facts:  ${s.featureMisses.join('; ')}`);
}

function summarise(title: string, t: Totals): void {
  const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '—');
  log(
    `  ${title}: ${t.cases} cases · component recall ${pct(t.recalled, t.expected)} (${t.recalled}/${t.expected}) · precision ${pct(t.correct, t.found)} (${t.correct}/${t.found}) · kinds ${pct(t.kindRight, t.recalled)} · facts ${pct(t.featuresRight, t.featuresTotal)} · false-present controls ${t.falsePresent} · traps ${t.trapped} · AI verdict wrong ${t.aiWrong} · names wrong ${t.namesWrong}`,
  );
}

const results: Record<string, Totals> = {};

log('== Own corpus (test/fixtures/reading)');
const own: CaseScore[] = [];
for (const c of ownCases(join(ROOT, 'test', 'fixtures', 'reading'))) {
  if (only && !c.name.includes(only)) continue;
  const s = run(c.name, c.dir, caseFiles(c.dir, c.expected), c.expected);
  own.push(s);
  log(line(s));
  detail(s);
}
results.own = totals(own);

const corpus = resolve(process.env.AITM_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
const expectedDir = join(ROOT, 'bench', 'corpus-expected');
const shared: CaseScore[] = [];
if (existsSync(corpus)) {
  log(`\n== Shared corpus (${corpus})`);
  for (const file of readdirSync(expectedDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const entry = file.replace(/\.yaml$/, '');
    if (only && !entry.includes(only)) continue;
    const dir = join(corpus, entry);
    if (!existsSync(dir)) {
      log(`  ${entry}: not in the corpus, skipped`);
      continue;
    }
    const expected = loadExpected(join(expectedDir, file));
    const single = statSync(dir).isFile();
    const s = single ? run(entry, dirname(dir), [dir], expected) : run(entry, dir, caseFiles(dir, expected), expected);
    shared.push(s);
    log(line(s));
    detail(s);
  }
  results.shared = totals(shared);
} else log(`\n(shared corpus not found at ${corpus}: set AITM_CORPUS to include it)`);

log('\n== Summary (goals: recall ≥ 0.9, false-present controls = 0)');
summarise('own   ', results.own);
if (results.shared) summarise('shared', results.shared);
const failed = Object.values(results).some((t) => t.falsePresent > 0 || t.recalled / Math.max(1, t.expected) < 0.9);
log(failed ? 'RESULT: goal not met' : 'RESULT: goals met');
if (process.argv.includes('--json')) log(JSON.stringify(results));
if (process.argv.includes('--strict') && failed) process.exitCode = 1;
