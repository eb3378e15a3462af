/**
 * The portable strict subset of JSON Schema (stack.md G17): what OpenAI strict structured output
 * accepts, and what gateways that translate it for other providers keep. Every object closes with
 * additionalProperties: false and lists all of its properties in `required`; optional values are
 * nullable (anyOf with {type: 'null'}, or a type array with "null"); no validation keywords (lengths,
 * bounds, patterns, formats): those belong in a second zod schema run in our code.
 */

/** Keywords a schema node may use. Anything else is a violation. */
export const PORTABLE_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
  'title',
  'description',
  '$comment',
  '$schema',
]);

/** Validation keywords strict mode rejects or strips (G17), named in the violation so the fix is clear. */
export const VALIDATION_KEYWORDS: ReadonlySet<string> = new Set([
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'patternProperties',
  'minProperties',
  'maxProperties',
]);

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(node: Node): string[] {
  const t = node.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

const pointer = (path: string, ...parts: string[]): string =>
  [path, ...parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');

/**
 * Every place where `schema` leaves the portable strict subset, as "<JSON pointer>: <problem>".
 * An empty list means the schema is safe to send as a strict response_format.
 */
export function strictSchemaViolations(schema: unknown): string[] {
  const out: string[] = [];
  if (!isNode(schema)) return ['#: the schema is not an object'];
  if (typesOf(schema).join() !== 'object') out.push(`#: the root must be {"type": "object"} (not ${JSON.stringify(schema.type ?? (schema.anyOf ? 'anyOf' : 'untyped'))})`);
  walk(schema, '#', out, true);
  return out;
}

function walk(node: unknown, path: string, out: string[], root = false): void {
  if (!isNode(node)) {
    out.push(`${path}: a schema must be an object, not ${JSON.stringify(node)}`);
    return;
  }

  for (const key of Object.keys(node)) {
    if (VALIDATION_KEYWORDS.has(key)) out.push(`${path}: '${key}' is not in the portable strict subset; check it in code instead`);
    else if (!PORTABLE_KEYWORDS.has(key)) out.push(`${path}: '${key}' is not in the portable strict subset`);
    else if (key === '$schema' && !root) out.push(`${path}: '$schema' belongs at the root only`);
  }

  const types = typesOf(node);
  if (node.type !== undefined) {
    if (types.length === 0 || (Array.isArray(node.type) && types.length !== node.type.length)) out.push(`${path}: 'type' must be a type name or a list of them`);
    for (const t of types) if (!TYPES.has(t)) out.push(`${path}: unknown type ${JSON.stringify(t)}`);
  }
  const hasShape = node.type !== undefined || node.$ref !== undefined || node.anyOf !== undefined || node.enum !== undefined || node.const !== undefined;
  if (!hasShape) out.push(`${path}: no 'type' (strict mode has no "any" schema)`);

  if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) out.push(`${path}: 'enum' must be a non-empty list`);
  if (node.$ref !== undefined && (typeof node.$ref !== 'string' || !node.$ref.startsWith('#'))) out.push(`${path}: '$ref' must point inside the schema (#/...)`);

  const isObject = types.includes('object') || node.properties !== undefined;
  if (isObject) {
    if (node.additionalProperties !== false) out.push(`${path}: an object needs "additionalProperties": false`);
    const properties = node.properties === undefined ? {} : node.properties;
    if (!isNode(properties)) out.push(`${path}: 'properties' must be an object`);
    else {
      const names = Object.keys(properties);
      const required = node.required;
      if (required !== undefined && (!Array.isArray(required) || required.some((r) => typeof r !== 'string'))) out.push(`${path}: 'required' must be a list of names`);
      const listed = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
      const missing = names.filter((n) => !listed.has(n));
      if (missing.length > 0) out.push(`${path}: every property must be required (make it nullable instead of optional): ${missing.join(', ')}`);
      const unknown = [...listed].filter((n) => !names.includes(n));
      if (unknown.length > 0) out.push(`${path}: 'required' names properties that do not exist: ${unknown.join(', ')}`);
      for (const name of names) walk(properties[name], pointer(path, 'properties', name), out);
    }
  } else if (node.required !== undefined || node.additionalProperties !== undefined) {
    out.push(`${path}: 'required' / 'additionalProperties' on a schema that is not an object`);
  }

  if (types.includes('array')) {
    if (node.items === undefined) out.push(`${path}: an array needs 'items'`);
    else if (Array.isArray(node.items)) out.push(`${path}: tuple 'items' is not in the portable strict subset`);
  }
  if (node.items !== undefined && !Array.isArray(node.items)) walk(node.items, pointer(path, 'items'), out);

  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) out.push(`${path}: 'anyOf' must be a non-empty list`);
    else node.anyOf.forEach((s, i) => walk(s, pointer(path, 'anyOf', String(i)), out));
  }

  for (const defsKey of ['$defs', 'definitions'] as const) {
    const defs = node[defsKey];
    if (defs === undefined) continue;
    if (!root) out.push(`${path}: '${defsKey}' belongs at the root only`);
    if (!isNode(defs)) out.push(`${path}: '${defsKey}' must be an object`);
    else for (const [name, def] of Object.entries(defs)) walk(def, pointer(path, defsKey, name), out);
  }
}
