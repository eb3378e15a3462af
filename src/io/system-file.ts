import { SystemModelSchema, type SystemModel } from '../core/system.js';
import { InputError } from '../core/errors.js';
import { parseAllDocuments } from 'yaml';
import { YamlSource } from './yaml-source.js';

/** True for YAML/JSON that is meant as an aitm system file: a mapping with a `components` list. */
function looksLikeSystem(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Array.isArray((data as { components?: unknown }).components);
}

/**
 * System files written for aitm 0.1 said `present: true | false` where facts now have a `state`:
 * true is "present", false is "absent". Read them as they were meant; a file that has `state` wins.
 */
function upgrade(data: unknown): unknown {
  const fact = (f: unknown) => {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return f;
    const { present, ...rest } = f as Record<string, unknown>;
    if (typeof present !== 'boolean' || 'state' in rest) return f;
    return { ...rest, state: present ? 'present' : 'absent' };
  };
  const d = data as { components?: unknown; features?: unknown };
  if (typeof d !== 'object' || d === null) return data;
  const components = Array.isArray(d.components)
    ? d.components.map((c: unknown) => {
        const traits = (c as { traits?: unknown })?.traits;
        return Array.isArray(traits) ? { ...(c as object), traits: traits.map(fact) } : c;
      })
    : d.components;
  const features =
    typeof d.features === 'object' && d.features !== null && !Array.isArray(d.features)
      ? Object.fromEntries(Object.entries(d.features).map(([k, v]) => [k, fact(v)]))
      : d.features;
  return { ...d, components, features };
}

/**
 * Reads a system.yaml / .json. Returns undefined for YAML that is not ours (a Kubernetes manifest
 * kept beside the doc), which is then read as plain text. Malformed YAML/JSON is an error with its line.
 */
export function readSystemFile(file: string, text: string): SystemModel | undefined {
  // Several YAML documents in one file (a Kubernetes manifest) are never a system file.
  if (/\.ya?ml$/i.test(file) && parseAllDocuments(text).length > 1) return undefined;
  const source = YamlSource.parse(file, text);
  if (source.doc.contents === null) return undefined;
  const data = source.toJS();
  if (!looksLikeSystem(data)) return undefined;
  const { value, problems } = source.validate(SystemModelSchema, upgrade);
  if (!value) {
    const first = problems[0]!;
    throw new InputError(`invalid system file: ${first.message}`, {
      location: { file, line: first.line },
      hint: 'See schema/system.schema.json for the format.',
    });
  }
  const lines = text.split('\n');
  const evidenceAt = (path: PropertyKey[]) => {
    const line = source.lineOf(path);
    return [{ file, line, quote: lines[line - 1]!.trim() || file }];
  };
  value.components.forEach((c, i) => {
    if (c.evidence.length === 0) c.evidence = evidenceAt(['components', i]);
    c.traits.forEach((t, j) => {
      if (t.evidence.length === 0) t.evidence = evidenceAt(['components', i, 'traits', j]);
    });
  });
  for (const [name, fact] of Object.entries(value.features)) if (fact && fact.evidence.length === 0) fact.evidence = evidenceAt(['features', name]);
  return value;
}
