import { z } from 'zod';
import { KnowledgeEntrySchema } from './knowledge.js';
import { SystemModelSchema } from './system.js';
import { ThreatModelSchema } from './threat.js';

const SCHEMAS = {
  'threat-model.schema.json': { schema: ThreatModelSchema, io: 'output', title: 'aitm threat model (JSON output of aitm batch --json)' },
  'system.schema.json': { schema: SystemModelSchema, io: 'input', title: 'aitm system model (system.yaml / system.json)' },
  'knowledge-entry.schema.json': { schema: KnowledgeEntrySchema, io: 'input', title: 'aitm knowledge entry (knowledge/entries/*.yaml)' },
} as const;

/** The JSON Schemas generated from zod, as the exact text committed under schema/. */
export function schemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, { schema, io, title }] of Object.entries(SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
    out[file] = `${JSON.stringify({ ...json, title }, null, 2)}\n`;
  }
  return out;
}
