/**
 * The document model every reader produces: a flat list of blocks (headings, paragraphs, list
 * items, table rows, code) in document order, each with its plain text, the source offset of
 * every character of that text, the heading path above it and the names it sets in bold or code.
 */

export type BlockKind = 'heading' | 'paragraph' | 'item' | 'row' | 'code';

/** A range of a block's text that the author set apart: **bold**, `code` or _emphasis_. */
export interface NameSpan {
  start: number;
  end: number;
  style: 'strong' | 'code' | 'em' | 'link';
}

export interface HeadingRef {
  text: string;
  depth: number;
  line: number;
}

export interface ListInfo {
  ordered: boolean;
  /** The item's number in an ordered list (1, 2, …), else its position. */
  index: number;
  /** Nesting: 1 for a top-level list. */
  level: number;
  /** A task-list checkbox: true [x], false [ ], null none. */
  checked: boolean | null;
  /** The block index of the item this one is nested under. */
  parent: number | undefined;
}

export interface TableCell {
  /** Range of the block's text holding this cell. */
  start: number;
  end: number;
}

export interface TableInfo {
  /** Identifies the table within its document (rows of one table share it). */
  id: number;
  header: string[];
  cells: TableCell[];
}

export interface CodeInfo {
  lang: string;
  value: string;
  /** Document line of the code's first line. */
  firstLine: number;
}

export interface Block {
  kind: BlockKind;
  text: string;
  /** Source offset of each character of `text`. */
  map: number[];
  /** First document line of the block. */
  line: number;
  /** Headings above the block, outermost first (a heading block's path excludes itself). */
  path: HeadingRef[];
  names: NameSpan[];
  depth?: number;
  list?: ListInfo;
  /** The item block this block continues (a second paragraph inside a list item). */
  within?: number;
  table?: TableInfo;
  code?: CodeInfo;
  quoted?: boolean;
}

/** Accumulates a block's plain text with a source offset per character. */
export class TextBuilder {
  text = '';
  map: number[] = [];
  names: NameSpan[] = [];

  /** Appends one character read from `offset`; runs of whitespace collapse to one space. */
  char(c: string, offset: number): void {
    const ws = /\s/.test(c);
    if (ws) {
      if (this.text.length === 0 || this.text.endsWith(' ')) return;
      c = ' ';
    }
    this.text += c;
    this.map.push(offset);
  }

  space(offset: number): void {
    this.char(' ', offset);
  }

  /**
   * Appends `value`, a parser's decoded text of the source range starting at `from`: each character
   * is aligned to the next matching source character, so indentation, escapes and entities that
   * the parser removed do not shift the offsets.
   */
  aligned(value: string, source: string, from: number, to: number): void {
    let j = from;
    for (const c of value) {
      let k = j;
      const limit = Math.min(to, j + 12);
      while (k < limit && source[k] !== c && !(/\s/.test(c) && /\s/.test(source[k] ?? ''))) k++;
      const at = k < limit ? k : j;
      this.char(c, Math.min(at, Math.max(from, to - 1)));
      if (k < limit) j = k + 1;
    }
  }

  /** Appends `value`, found verbatim in the source at `at`. */
  exact(value: string, at: number): void {
    for (let i = 0; i < value.length; i++) this.char(value[i]!, at + i);
  }

  /** Appends source text as is (plain-text documents). */
  verbatim(source: string, from: number, to: number): void {
    for (let i = from; i < to; i++) this.char(source[i]!, i);
  }

  mark(start: number, style: NameSpan['style']): void {
    const trimmedStart = this.text.length > start && this.text[start] === ' ' ? start + 1 : start;
    const end = this.text.endsWith(' ') ? this.text.length - 1 : this.text.length;
    if (end > trimmedStart) this.names.push({ start: trimmedStart, end, style });
  }

  /** The text trimmed, with the map and name spans shifted to match. */
  finish(): { text: string; map: number[]; names: NameSpan[] } {
    let start = 0;
    let end = this.text.length;
    while (start < end && this.text[start] === ' ') start++;
    while (end > start && this.text[end - 1] === ' ') end--;
    return {
      text: this.text.slice(start, end),
      map: this.map.slice(start, end),
      names: this.names
        .map((n) => ({ start: Math.max(0, n.start - start), end: Math.min(end - start, n.end - start), style: n.style }))
        .filter((n) => n.end > n.start),
    };
  }
}

/** Source range of a span of a block's text: [start offset, end offset). */
export function sourceRange(block: Block, start: number, end: number): { from: number; to: number } {
  const s = Math.max(0, Math.min(start, block.map.length - 1));
  const e = Math.max(s, Math.min(end, block.map.length) - 1);
  return { from: block.map[s] ?? 0, to: (block.map[e] ?? 0) + 1 };
}

/** The text of one table cell of a row block. */
export function cellText(block: Block, i: number): string {
  const c = block.table?.cells[i];
  return c ? block.text.slice(c.start, c.end).trim() : '';
}
