import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from '../src/core/schemas.js';

describe('schema/', () => {
  it.each(Object.entries(schemaFiles()))('%s is generated from the zod schema (run "npm run schema" after changing it)', (file, text) => {
    const committed = readFileSync(new URL(`../schema/${file}`, import.meta.url), 'utf8');
    expect(committed).toBe(text);
  });

  it('the threat-model schema closes every object, so unknown fields are rejected', () => {
    const schema = JSON.parse(schemaFiles()['threat-model.schema.json']!) as { additionalProperties?: boolean; required?: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['provenance', 'system', 'threats', 'coverage', 'validation']));
  });
});
