/**
 * Saves the shipped knowledge base, parsed, validated and linted, as bundle/knowledge.json: the
 * bundle loads it instead of parsing the YAML whenever the files' hash still matches (run by the build).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase, SNAPSHOT_FILE, snapshotOf } from '../src/kb/load.js';

const root = join(import.meta.dirname, '..');
const data = loadKnowledgeBase(join(root, 'knowledge'), undefined);
writeFileSync(join(root, 'bundle', SNAPSHOT_FILE), JSON.stringify(snapshotOf(data)));
