import { TextBuilder, type Block, type HeadingRef } from './blocks.js';

/**
 * Plain text (memos, reStructuredText, godoc comments, wiki dumps) to blocks: paragraphs with
 * wrapped lines joined, headings (underlined, over- and underlined, ALL CAPS, numbered, or a short
 * title line standing alone), bullet and numbered lists, "Name: description" lines, literal blocks.
 */
export function readPlainText(text: string): Block[] {
  return new PlainReader(text).read();
}

const ADORNMENT = /^\s*([=\-~^*#"+`'.:_])\1{2,}\s*$/;
const BULLET = /^(\s*)([-*+•●▪◦‣]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\([a-z]\))\s+(?=\S)/;
const CHECKBOX = /^\[([ xX])\]\s+/;
const DEFINITION = /^([A-Z][\w&/()+'’.-]*(?: [\w&/()+'’-]+){0,5}?)\s?:\s+\S/;
/** "deskbook-api      Django 4.2 + DRF…": a name, two or more spaces, its description (aligned columns). */
const ALIGNED = /^([\w][\w.&/+()'’-]*(?: [\w.&/+()'’-]+){0,3})\s{2,}(\S.*)$/;
const NUMBERED_HEADING = /^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+([A-Z][^.!?:]{1,70})$/;
const DIRECTIVE = /^\.\.\s+([\w-]+)::\s*(.*)$/;
const VERB = /\b(is|are|was|were|has|have|had|does|do|did|will|can|could|must|should|would|may|might)\b/i;

interface Pending {
  kind: 'paragraph' | 'item';
  line: number;
  indent: number;
  builder: TextBuilder;
  list?: Block['list'];
  definition: boolean;
}

class PlainReader {
  private readonly lines: string[];
  private readonly starts: number[] = [];
  private readonly blocks: Block[] = [];
  private path: HeadingRef[] = [];
  private readonly adornments = new Map<string, number>();
  private pending: Pending | undefined;
  private items: Array<{ indent: number; block: number }> = [];

  constructor(private readonly text: string) {
    this.lines = text.split('\n');
    let offset = 0;
    for (const l of this.lines) {
      this.starts.push(offset);
      offset += l.length + 1;
    }
  }

  read(): Block[] {
    const n = this.lines.length;
    let directive = false;
    for (let i = 0; i < n; i++) {
      const raw = this.lines[i]!;
      const t = raw.trim();
      const next = this.lines[i + 1];
      if (t === '') {
        this.flush();
        continue;
      }
      // Over- and underlined title (reStructuredText).
      if (ADORNMENT.test(raw) && next !== undefined && next.trim() && !ADORNMENT.test(next) && ADORNMENT.test(this.lines[i + 2] ?? '')) {
        this.flush();
        this.heading(i + 1, this.depthOf(`${t[0]}${t[0]}`));
        i += 2;
        continue;
      }
      if (ADORNMENT.test(raw)) {
        this.flush();
        continue;
      }
      // Underlined heading: "Overview" over "========".
      if (!this.pending && next !== undefined && ADORNMENT.test(next) && t.length <= 100 && next.trim().length >= Math.min(3, t.length)) {
        this.heading(i, this.depthOf(next.trim()[0]!));
        i += 1;
        continue;
      }
      const d = DIRECTIVE.exec(t);
      if (d) {
        this.flush();
        const kind = d[1]!.toLowerCase();
        if (kind === 'code-block' || kind === 'code' || kind === 'sourcecode') {
          i = this.literal(i + 1, d[2]!.trim().toLowerCase());
          continue;
        }
        if (/^(image|figure|toctree|raw|include|meta|only|contents|highlight|literalinclude|csv-table|list-table|tabularcolumns|index|sectnum|role|default-role|title|rubric)$/.test(kind)) {
          // Options and the figure's path are not prose.
          while (i + 1 < this.lines.length && (/^\s+:[\w-]+:/.test(this.lines[i + 1]!) || (this.lines[i + 1]!.trim() !== '' && /^\s+/.test(this.lines[i + 1]!) && kind !== 'figure'))) i++;
          continue;
        }
        directive = true;
        if (d[2]) this.startParagraph(i, raw.indexOf(d[2]!), 'paragraph');
        continue;
      }
      const indent = raw.length - raw.trimStart().length;
      // A literal block: after a line ending in "::", or indented code standing alone.
      const prevRaw = this.lines[i - 1] ?? '';
      if (!directive && !this.pending && indent >= 4 && (prevRaw.trim() === '' || prevRaw.trimEnd().endsWith('::')) && this.items.length === 0) {
        i = this.literal(i, '');
        continue;
      }
      // The first line of a plain-text document is its title when it reads like one.
      if (!this.pending && this.blocks.length === 0 && t.length <= 90 && !/[.:;,]$/.test(t) && !BULLET.test(raw) && !/^(\/\/|#|\/\*)/.test(t) && /[A-Za-z]{3}/.test(t)) {
        this.heading(i, 1);
        continue;
      }
      if (!this.pending && this.isHeading(i)) {
        this.heading(i, this.headingDepth(t));
        continue;
      }
      const bullet = BULLET.exec(raw);
      if (bullet) {
        this.flush();
        this.startItem(i, bullet[0].length, bullet[1]!.length, bullet[2]!);
        continue;
      }
      if (DEFINITION.exec(t) && !/^\d{1,2}:\d{2}/.test(t) && (!this.pending || this.pending.definition) && DEFINITION.exec(t)![1]!.split(/\s+/).length <= 6) {
        if (!this.pending || indent <= this.pending.indent) {
          this.flush();
          this.startDefinition(i, indent);
          continue;
        }
      }
      // Aligned columns: a name, a gap of spaces, a description; wrapped lines continue under the description.
      const aligned = ALIGNED.exec(t);
      if (aligned && (!this.pending || this.pending.definition) && (ALIGNED.test((this.lines[i + 1] ?? '').trim()) || this.pending?.definition || /^\s{2,}\S/.test(this.lines[i + 1] ?? ''))) {
        if (!this.pending || indent <= this.pending.indent) {
          this.flush();
          this.startAligned(i, indent, aligned[1]!.length);
          continue;
        }
      }
      if (this.pending) {
        this.appendLine(i);
        continue;
      }
      directive = directive && indent > 0;
      this.startParagraph(i, indent, 'paragraph');
    }
    this.flush();
    return this.blocks;
  }

  private depthOf(mark: string): number {
    const key = mark.length === 2 ? `over${mark[0]}` : mark;
    if (!this.adornments.has(key)) this.adornments.set(key, this.adornments.size + 1);
    return this.adornments.get(key)!;
  }

  private headingDepth(t: string): number {
    const m = NUMBERED_HEADING.exec(t);
    if (m) return 1 + m[1]!.split('.').length;
    return 2;
  }

  /** ALL CAPS lines, "2. Components"-style numbered lines, and short title lines standing alone. */
  private isHeading(i: number): boolean {
    const t = this.lines[i]!.trim();
    if (t.length < 3 || t.length > 80 || BULLET.test(this.lines[i]!) && !NUMBERED_HEADING.test(t)) return false;
    const before = (this.lines[i - 1] ?? '').trim() === '';
    const after = (this.lines[i + 1] ?? '').trim() === '' || ADORNMENT.test(this.lines[i + 1] ?? '');
    const letters = t.replace(/[^A-Za-z]/g, '');
    const caps = letters.length >= 3 && letters === letters.toUpperCase() && /[A-Z]{3}/.test(t) && !/[.!?]$/.test(t);
    if (caps && before) return true;
    const numbered = NUMBERED_HEADING.exec(t);
    if (numbered && before && after && !VERB.test(numbered[2]!)) return true;
    // A short capitalised line with no sentence punctuation, alone between blank lines (godoc, memos),
    // or with the section indented under it ("Components" over "  deskbook-web   React SPA…").
    const words = t.split(/\s+/);
    const own = this.lines[i]!.length - this.lines[i]!.trimStart().length;
    const next = this.lines[i + 1] ?? '';
    const indentedUnder = next.trim() !== '' && next.length - next.trimStart().length > own;
    return (before || i === 0) && (after || indentedUnder) && words.length <= 6 && /^[A-Z]/.test(t) && !/[.!?,;]$/.test(t) && !/:\s+\S/.test(t) && !VERB.test(t) && !/[=(){}<>]/.test(t);
  }

  private heading(i: number, depth: number): void {
    this.flush();
    const b = new TextBuilder();
    const raw = this.lines[i]!;
    const from = this.starts[i]! + (raw.length - raw.trimStart().length);
    inline(b, this.text, from, this.starts[i]! + raw.trimEnd().length);
    const done = b.finish();
    const text = done.text.replace(/^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+/, '').replace(/:$/, '');
    if (!text) return;
    const shift = done.text.length - done.text.replace(/^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+/, '').length;
    while (this.path.length > 0 && this.path[this.path.length - 1]!.depth >= depth) this.path.pop();
    this.blocks.push({ kind: 'heading', text, map: done.map.slice(shift, shift + text.length), names: [], line: i + 1, depth, path: [...this.path] });
    this.path.push({ text, depth, line: i + 1 });
    this.items = [];
  }

  private literal(i: number, lang: string): number {
    let j = i;
    while (j < this.lines.length && this.lines[j]!.trim() === '') j++;
    const first = j;
    const body: string[] = [];
    while (j < this.lines.length && (this.lines[j]!.trim() === '' || /^\s{2,}/.test(this.lines[j]!))) body.push(this.lines[j++]!);
    while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
    if (body.length > 0) {
      const pad = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
      this.blocks.push({ kind: 'code', text: '', map: [], names: [], line: first + 1, path: [...this.path], code: { lang, value: body.map((l) => l.slice(pad)).join('\n'), firstLine: first + 1 } });
    }
    return Math.max(i, j - 1);
  }

  private startParagraph(i: number, indent: number, kind: 'paragraph'): void {
    const b = new TextBuilder();
    this.pending = { kind, line: i + 1, indent, builder: b, definition: false };
    this.appendLine(i);
  }

  /** An aligned "name   description" line, read as "name: description" so it defines a component. */
  private startAligned(i: number, indent: number, nameLength: number): void {
    this.startItemAt(i, indent, indent, { ordered: false, index: 0 }, true);
    const p = this.pending!;
    // Replace the gap after the name with ": " in the text; the map keeps the source offsets.
    const b = p.builder;
    const cut = b.text.indexOf(b.text.slice(nameLength).trimStart(), nameLength);
    if (cut > nameLength) {
      b.text = `${b.text.slice(0, nameLength)}: ${b.text.slice(cut)}`;
      b.map = [...b.map.slice(0, nameLength), b.map[nameLength]!, b.map[nameLength]!, ...b.map.slice(cut)];
    }
  }

  private startDefinition(i: number, indent: number): void {
    this.startItemAt(i, indent, indent, { ordered: false, index: 0 }, true);
  }

  private startItem(i: number, contentAt: number, indent: number, marker: string): void {
    const ordered = /\d/.test(marker);
    const index = ordered ? Number(/\d+/.exec(marker)![0]) : 0;
    this.startItemAt(i, contentAt, indent, { ordered, index }, false);
  }

  private startItemAt(i: number, contentAt: number, indent: number, kind: { ordered: boolean; index: number }, definition: boolean): void {
    while (this.items.length > 0 && this.items[this.items.length - 1]!.indent >= indent) this.items.pop();
    const parent = this.items[this.items.length - 1]?.block;
    const raw = this.lines[i]!;
    let at = contentAt;
    let checked: boolean | null = null;
    const box = CHECKBOX.exec(raw.slice(at));
    if (box) {
      checked = box[1] !== ' ';
      at += box[0].length;
    }
    const b = new TextBuilder();
    const siblings = this.blocks.filter((x) => x.kind === 'item' && x.list?.parent === parent && (x.list?.level ?? 0) === this.items.length + 1).length;
    const list = { ordered: kind.ordered, index: kind.ordered ? kind.index : siblings + 1, level: this.items.length + 1, checked, parent };
    this.pending = { kind: 'item', line: i + 1, indent: definition ? indent : contentAt, builder: b, list, definition };
    inline(b, this.text, this.starts[i]! + at, this.starts[i]! + raw.trimEnd().length);
    this.items.push({ indent, block: this.blocks.length });
  }

  private appendLine(i: number): void {
    const raw = this.lines[i]!;
    const p = this.pending!;
    p.builder.space(this.starts[i]!);
    const lead = raw.length - raw.trimStart().length;
    inline(p.builder, this.text, this.starts[i]! + lead, this.starts[i]! + raw.trimEnd().length);
  }

  private flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    const done = p.builder.finish();
    if (!done.text) return;
    this.blocks.push({ kind: p.kind, ...done, line: p.line, path: [...this.path], ...(p.list ? { list: p.list } : {}) });
    if (p.kind === 'paragraph' && this.items.length > 0 && p.indent === 0) this.items = [];
  }
}

/** Appends source text, reading `code`, ``literal``, **bold** and *emphasis* as name spans. */
export function inline(b: TextBuilder, source: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    const rest = source.slice(i, Math.min(to, i + 3));
    const marker = rest.startsWith('``') ? '``' : rest.startsWith('**') ? '**' : rest.startsWith('__') ? '__' : rest[0] === '`' ? '`' : rest[0] === '*' && /\S/.test(source[i + 1] ?? '') ? '*' : '';
    if (marker) {
      const close = source.indexOf(marker, i + marker.length);
      if (close > i + marker.length && close + marker.length <= to && !source.slice(i + marker.length, close).includes('\n\n')) {
        const at = b.text.length;
        b.verbatim(source, i + marker.length, close);
        b.mark(at, marker.includes('`') ? 'code' : marker.length === 2 ? 'strong' : 'em');
        i = close + marker.length;
        continue;
      }
    }
    b.char(source[i]!, i);
    i++;
  }
}
