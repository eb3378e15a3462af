// Writes schema/*.schema.json from the zod schemas, the single source of truth for every file format.
import { writeFileSync } from 'node:fs';
import { schemaFiles } from '../src/core/schemas.js';

for (const [file, text] of Object.entries(schemaFiles())) {
  writeFileSync(new URL(`../schema/${file}`, import.meta.url), text);
  process.stdout.write(`wrote schema/${file}\n`);
}
