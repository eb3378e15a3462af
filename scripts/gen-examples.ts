// Regenerates the threat model committed next to each example, with a pinned date so the bytes are stable.
import { readdirSync } from 'node:fs';
import { main } from '../src/cli/main.js';

for (const name of readdirSync(new URL('../examples/', import.meta.url)).sort()) {
  const dir = `examples/${name}`;
  const code = await main(['node', 'aitm', 'batch', `${dir}/architecture.md`, '-o', `${dir}/THREAT_MODEL.md`, '--json', `${dir}/threat-model.json`, '--offline', '--date', '2026-11-25', '--quiet']);
  if (code !== 0) process.exit(code);
  process.stdout.write(`regenerated ${dir}/THREAT_MODEL.md\n`);
}
