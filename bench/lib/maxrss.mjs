// Preloaded into a benchmarked child (`node --import bench/lib/maxrss.mjs …`): on exit, writes the
// process's peak resident set size in kilobytes to the file named by AITM_BENCH_MAXRSS.
import { writeFileSync } from 'node:fs';

const file = process.env.AITM_BENCH_MAXRSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
