import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../core/errors.js';

export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** A parsed YAML (or JSON) document that can point at the line of any path in it. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses text; syntax errors are thrown as InputError with file and line. */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0].line ?? lines.linePos(first.pos[0]).line;
      const what = first.message.split('\n')[0] ?? 'syntax error';
      throw new InputError(`malformed ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${what}`, {
        location: { file, line },
        hint: 'Fix the syntax at that line and run again.',
      });
    }
    return new YamlSource(file, doc, lines);
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** The 1-based line of the node at `path`, or of its closest existing parent. */
  lineOf(path: ReadonlyArray<PropertyKey>): number {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  /** Validates against a zod schema; every issue becomes a Problem at its line. */
  /** Validates the document (after `prepare`, which may rewrite an older form) with problems at their lines. */
  validate<T extends z.ZodType>(schema: T, prepare: (data: unknown) => unknown = (d) => d): { value?: z.infer<T>; problems: Problem[] } {
    const result = schema.safeParse(prepare(this.toJS()));
    if (result.success) return { value: result.data, problems: [] };
    return {
      problems: result.error.issues.map((issue) => ({
        file: this.file,
        line: this.lineOf(issue.path),
        message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      })),
    };
  }
}
