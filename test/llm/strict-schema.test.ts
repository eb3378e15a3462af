import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { strictSchemaViolations } from '../../src/llm/strict-schema.js';
import { sampleCall } from './llm-helpers.js';

const wire = (schema: z.ZodType): Record<string, unknown> => {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

describe('strictSchemaViolations', () => {
  it('accepts the fixture schema', () => {
    expect(strictSchemaViolations(sampleCall().jsonSchema)).toEqual([]);
  });

  it('accepts a zod strict object with nullable fields, enums, arrays and nesting', () => {
    const schema = z.strictObject({
      purpose: z.string().nullable(),
      components: z.array(z.strictObject({ id: z.enum(['a', 'b']), kind: z.literal('llm'), tags: z.array(z.string()) })),
      score: z.number().nullable(),
    });
    expect(strictSchemaViolations(wire(schema))).toEqual([]);
  });

  it('catches the bounds zod adds on its own: z.number().int() emits safe-integer minimum/maximum', () => {
    const v = strictSchemaViolations(wire(z.strictObject({ n: z.number().int() })));
    expect(v).toEqual([
      "#/properties/n: 'minimum' is not in the portable strict subset; check it in code instead",
      "#/properties/n: 'maximum' is not in the portable strict subset; check it in code instead",
    ]);
  });

  it('flags every validation keyword outside the subset, with its path', () => {
    const schema = z.strictObject({
      title: z.string().min(1).max(80),
      email: z.email(),
      code: z.string().regex(/^[A-Z]+$/),
      score: z.number().int().min(1).max(5),
      step: z.number().multipleOf(5),
      tags: z.array(z.string()).min(1).max(3),
    });
    const v = strictSchemaViolations(wire(schema));
    const keywords = (path: string) => v.filter((x) => x.startsWith(`${path}:`)).map((x) => /'([^']+)'/.exec(x)?.[1]);
    expect(keywords('#/properties/title')).toEqual(['minLength', 'maxLength']);
    expect(keywords('#/properties/email')).toEqual(expect.arrayContaining(['format', 'pattern']));
    expect(keywords('#/properties/code')).toEqual(['pattern']);
    expect(keywords('#/properties/score')).toEqual(expect.arrayContaining(['minimum', 'maximum']));
    expect(keywords('#/properties/step')).toEqual(['multipleOf']);
    expect(keywords('#/properties/tags')).toEqual(['minItems', 'maxItems']);
  });

  it('flags optional properties and objects that are not closed', () => {
    const v = strictSchemaViolations(wire(z.object({ a: z.string(), b: z.string().optional() })));
    expect(v).toContain('#: an object needs "additionalProperties": false');
    expect(v).toContain('#: every property must be required (make it nullable instead of optional): b');
  });

  it('flags the other keywords strict mode does not take', () => {
    const v = strictSchemaViolations({
      type: 'object',
      properties: {
        a: { type: 'string', default: 'x' },
        b: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        c: { type: 'object', properties: {}, patternProperties: { '^x': { type: 'string' } }, minProperties: 1, maxProperties: 2, additionalProperties: false, required: [] },
        d: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        e: {},
        f: { type: 'object', additionalProperties: { type: 'string' } },
        g: { type: 'array' },
        h: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      },
      required: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'zz'],
      additionalProperties: false,
    });
    expect(v).toEqual(
      expect.arrayContaining([
        "#/properties/a: 'default' is not in the portable strict subset",
        "#/properties/b: 'oneOf' is not in the portable strict subset",
        "#/properties/c: 'patternProperties' is not in the portable strict subset; check it in code instead",
        "#/properties/c: 'minProperties' is not in the portable strict subset; check it in code instead",
        "#/properties/c: 'maxProperties' is not in the portable strict subset; check it in code instead",
        "#/properties/d: 'uniqueItems' is not in the portable strict subset; check it in code instead",
        `#/properties/e: no 'type' (strict mode has no "any" schema)`,
        '#/properties/f: an object needs "additionalProperties": false',
        "#/properties/g: an array needs 'items'",
        "#/properties/h: 'exclusiveMinimum' is not in the portable strict subset; check it in code instead",
        "#: 'required' names properties that do not exist: zz",
      ]),
    );
  });

  it('walks anyOf, items and $defs, and does not mistake property names for keywords', () => {
    const v = strictSchemaViolations({
      type: 'object',
      properties: {
        pattern: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] },
        list: { type: 'array', items: { $ref: '#/$defs/item' } },
      },
      required: ['pattern', 'list'],
      additionalProperties: false,
      $defs: { item: { type: 'object', properties: { x: { type: 'integer', minimum: 0 } }, required: ['x'], additionalProperties: false } },
    });
    expect(v).toEqual([
      "#/properties/pattern/anyOf/0: 'maxLength' is not in the portable strict subset; check it in code instead",
      "#/$defs/item/properties/x: 'minimum' is not in the portable strict subset; check it in code instead",
    ]);
  });

  it('the root must be an object', () => {
    expect(strictSchemaViolations({ anyOf: [{ type: 'string' }, { type: 'null' }] })[0]).toMatch(/^#: the root must be/);
    expect(strictSchemaViolations('nope')).toEqual(['#: the schema is not an object']);
  });
});
