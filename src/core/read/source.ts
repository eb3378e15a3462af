import type { Evidence } from '../system.js';

/** A document as aitm reads it: already decoded (UTF-8, LF line ends), with a display path. */
export interface SourceDocument {
  file: string;
  text: string;
}

/** Line starts of a text, for offset → line lookups in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of a 1-based line. */
  startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }

  /** The text of a 1-based line, without its line end. */
  line(line: number): string {
    const start = this.startOf(line);
    const end = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return this.text.slice(start, end);
  }
}

/** The longest quote kept as evidence; longer sentences are clipped around the words that matter. */
export const QUOTE_MAX = 220;

/**
 * The source text between two offsets as a reviewer sees it in the file: line breaks and the
 * indentation or `>` markers that continue a list item or block quote become single spaces.
 * Everything else is verbatim, Markdown markup included.
 */
export function sourceSpan(text: string, start: number, end: number): string {
  return text
    .slice(start, end)
    .replace(/\n[ \t]*(?:>[ \t]?)*[ \t]*/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Whitespace-insensitive form used to check that a quote is in a document. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Evidence for the source range [start, end), clipped to QUOTE_MAX around `focus` (an offset inside
 * the range) at word boundaries. The line is the line where the quote starts.
 */
export function evidenceAt(file: string, lines: LineIndex, start: number, end: number, focus = start): Evidence {
  let from = start;
  let to = end;
  if (sourceSpan(lines.text, from, to).length > QUOTE_MAX) {
    from = Math.max(start, focus - 80);
    to = Math.min(end, from + QUOTE_MAX + 40);
    // Start and end on word boundaries so the quote reads cleanly.
    if (from > start) {
      const space = lines.text.slice(from, focus).search(/\s/);
      if (space >= 0) from += space + 1;
    }
    while (sourceSpan(lines.text, from, to).length > QUOTE_MAX && to > focus + 1) to--;
    if (to < end) {
      const cut = lines.text.slice(from, to);
      const lastSpace = cut.search(/\s\S*$/);
      if (lastSpace > focus - from) to = from + lastSpace;
    }
  }
  while (from < to && /\s/.test(lines.text[from]!)) from++;
  const quote = sourceSpan(lines.text, from, to) || sourceSpan(lines.text, start, end);
  return { file, line: lines.lineOf(from), quote };
}

/**
 * True when the document shows `quote` starting at `line`: the quote, read across line breaks
 * and list or quote continuation markers, is in the text from that line on.
 */
export function quoteIsAt(lines: LineIndex, line: number, quote: string): boolean {
  if (line < 1 || line > lines.lineCount) return false;
  const start = lines.startOf(line);
  const window = squash(sourceSpan(lines.text, start, Math.min(lines.text.length, start + quote.length * 3 + 400)));
  const at = window.indexOf(squash(quote));
  return at >= 0 && at <= squash(lines.line(line)).length;
}
