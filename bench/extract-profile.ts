/**
 * Diagnostic for the batch benchmark, run in its own process so its large heaps do not disturb the
 * in-process knowledge-base benchmark: times extractSystem() alone over docs-100/500/1000 under the
 * folder given as the first argument, and prints JSON. It imports src/ internals, so an API change
 * there shows up as an error in the report rather than breaking the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Budget, median } from './lib/stats.js';

const tmp = process.argv[2];
if (!tmp) throw new Error('usage: extract-profile.ts <folder with docs-N subfolders>');
const { extractSystem } = await import('../src/core/extract/extract.js');
const { defaultKnowledgeDir, loadKnowledgeBase } = await import('../src/kb/load.js');
const { TechnologyIndex } = await import('../src/core/technology.js');
const technologies = new TechnologyIndex(loadKnowledgeBase(defaultKnowledgeDir()).technologies);
const read = (n: number) => {
  const dir = join(tmp, `docs-${n}`);
  return readdirSync(dir)
    .sort()
    .map((f) => ({ file: `docs-${n}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
};
extractSystem(read(100), { technologies });
const out: Array<{ docs: number; medianMs: number; runs: number }> = [];
for (const n of [100, 500, 1000]) {
  const docs = read(n);
  const times: number[] = [];
  for (const b = new Budget(3, 5, 20_000); b.more(); b.tick()) {
    const t0 = performance.now();
    extractSystem(docs, { technologies });
    times.push(performance.now() - t0);
  }
  out.push({ docs: n, medianMs: median(times), runs: times.length });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
