import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { TriageFileSchema, type TriageFile } from '../core/triage.js';
import { YamlSource } from './yaml-source.js';

/** Reads the triage file if it exists. Errors name the file and line; a missing file is no error. */
export function readTriageFile(path: string, label: string): TriageFile | undefined {
  if (!existsSync(path)) return undefined;
  const source = YamlSource.parse(label, readFileSync(path, 'utf8'));
  if (source.doc.contents === null) return { decisions: {} };
  const { value, problems } = source.validate(TriageFileSchema);
  if (!value) {
    const first = problems[0]!;
    throw new InputError(`invalid triage file: ${first.message}`, {
      location: { file: label, line: first.line },
      hint: 'Each decision needs a status (open, in-discussion, in-progress, mitigated, accepted, transferred, not-applicable); accepted, transferred and not-applicable need a reason.',
    });
  }
  return value;
}
