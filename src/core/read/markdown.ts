import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { TextBuilder, type Block, type HeadingRef } from './blocks.js';

/**
 * Markdown to blocks, with markdown-it (CommonMark + GFM tables and strikethrough; task-list boxes
 * and YAML front matter read here). markdown-it gives every block its lines; the text of each
 * inline token is then found in the source, so every character of a block's text keeps its source
 * offset and a sentence wrapped over three lines still cites the line it starts on. Chosen over
 * mdast-util-from-markdown for speed: it parses ten to fifteen times faster, which is what keeps
 * a batch of a thousand documents linear and inside its time goal.
 */
const parser = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function readMarkdown(text: string): { blocks: Block[]; frontMatter: string | undefined } {
  // Front matter keeps its lines (blanked), so every line number stays the document's.
  let frontMatter: string | undefined;
  let body = text;
  const fm = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (fm) {
    frontMatter = fm[1]!;
    body = fm[0].replace(/[^\n]/g, ' ') + text.slice(fm[0].length);
  }
  const walker = new Walker(text, parser.parse(body, {}));
  walker.run();
  return { blocks: walker.blocks, frontMatter };
}

class Walker {
  readonly blocks: Block[] = [];
  private path: HeadingRef[] = [];
  private tables = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private offsetOf(line: number): number {
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)] ?? this.source.length;
  }

  private push(block: Omit<Block, 'path'>): number {
    this.blocks.push({ ...block, path: [...this.path] });
    return this.blocks.length - 1;
  }

  run(): void {
    const tokens = this.tokens;
    // Open list items, innermost last: the block index of each item, and whether its first paragraph was read.
    const items: Array<{ block: number; level: number; ordered: boolean; index: number; first: boolean; line: number }> = [];
    const lists: Array<{ ordered: boolean; count: number }> = [];
    let quoted = 0;
    let table: { id: number; header: string[]; inHead: boolean; row: TextBuilder | undefined; cells: Array<{ start: number; end: number }>; line: number } | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      switch (t.type) {
        case 'heading_open': {
          const inline = tokens[i + 1]!;
          const b = this.inline(inline, t.map);
          const depth = Number(t.tag.slice(1));
          const line = (t.map?.[0] ?? 0) + 1;
          if (b.text) {
            while (this.path.length > 0 && this.path[this.path.length - 1]!.depth >= depth) this.path.pop();
            this.push({ kind: 'heading', ...b, line, depth });
            this.path.push({ text: b.text, depth, line });
          }
          i += 2;
          break;
        }
        case 'bullet_list_open':
        case 'ordered_list_open':
          lists.push({ ordered: t.type === 'ordered_list_open', count: 0 });
          break;
        case 'bullet_list_close':
        case 'ordered_list_close':
          lists.pop();
          break;
        case 'list_item_open': {
          const list = lists[lists.length - 1]!;
          list.count++;
          const n = list.ordered ? Number(t.info) || list.count : list.count;
          items.push({ block: -1, level: lists.length, ordered: list.ordered, index: n, first: true, line: (t.map?.[0] ?? 0) + 1 });
          break;
        }
        case 'list_item_close': {
          const item = items.pop();
          // An item with no paragraph of its own (only a nested list or code) still anchors its children.
          if (item && item.block < 0) this.push({ kind: 'item', text: '', map: [], names: [], line: item.line, list: this.listInfo(item, items) });
          break;
        }
        case 'blockquote_open':
          quoted++;
          break;
        case 'blockquote_close':
          quoted--;
          break;
        case 'paragraph_open': {
          const inline = tokens[i + 1]!;
          const item = items[items.length - 1];
          let b = this.inline(inline, t.map);
          const line = (t.map?.[0] ?? 0) + 1;
          i += 2;
          if (item && item.first) {
            item.first = false;
            // A task-list box: "- [ ] drift monitoring".
            let checked: boolean | null = null;
            const box = /^\[([ xX])\]\s+/.exec(b.text);
            if (box) {
              checked = box[1] !== ' ';
              b = shift(b, box[0].length);
            }
            item.block = this.push({ kind: 'item', ...b, line: item.line, list: { ...this.listInfo(item, items.slice(0, -1)), checked }, ...(quoted ? { quoted: true } : {}) });
            break;
          }
          if (!b.text) break;
          const within = item && item.block >= 0 ? item.block : undefined;
          this.push({ kind: 'paragraph', ...b, line, ...(quoted ? { quoted: true } : {}), ...(within !== undefined ? { within } : {}) });
          break;
        }
        case 'fence':
        case 'code_block': {
          const line = (t.map?.[0] ?? 0) + 1;
          const lang = (t.info ?? '').trim().split(/\s+/)[0]!.toLowerCase();
          this.push({ kind: 'code', text: '', map: [], names: [], line, code: { lang, value: t.content.replace(/\n$/, ''), firstLine: line + (t.type === 'fence' ? 1 : 0) } });
          break;
        }
        case 'html_block':
          this.html(t);
          break;
        case 'table_open':
          table = { id: this.tables++, header: [], inHead: false, row: undefined, cells: [], line: 0 };
          break;
        case 'thead_open':
          if (table) table.inHead = true;
          break;
        case 'thead_close':
          if (table) table.inHead = false;
          break;
        case 'tr_open':
          if (table) {
            table.row = new TextBuilder();
            table.cells = [];
            table.line = (t.map?.[0] ?? 0) + 1;
          }
          break;
        case 'th_open':
        case 'td_open': {
          const inline = tokens[i + 1]!;
          i += 2;
          if (!table?.row) break;
          const rowMap: [number, number] = [table.line - 1, table.line];
          if (table.inHead) {
            table.header.push(this.inline(inline, rowMap).text);
            break;
          }
          const b = table.row;
          if (table.cells.length > 0) {
            const at = b.map[b.map.length - 1] ?? this.offsetOf(table.line - 1);
            b.char(' ', at);
            b.char('|', at);
            b.char(' ', at);
          }
          const from = b.text.length;
          this.phrasing(inline, rowMap, b);
          table.cells.push({ start: from, end: b.text.length });
          break;
        }
        case 'tr_close':
          if (table?.row && !table.inHead) {
            const b = table.row;
            const text = b.text.replace(/\s+$/, '');
            if (text.replace(/[|\s]/g, '')) {
              this.push({
                kind: 'row',
                text,
                map: b.map.slice(0, text.length),
                names: b.names,
                line: table.line,
                table: { id: table.id, header: table.header, cells: table.cells.map((c) => ({ start: c.start, end: Math.min(c.end, text.length) })) },
                ...(quoted ? { quoted: true } : {}),
              });
            }
          }
          if (table) table.row = undefined;
          break;
        case 'table_close':
          table = undefined;
          break;
        default:
          break;
      }
    }
  }

  private listInfo(item: { level: number; ordered: boolean; index: number }, outer: Array<{ block: number }>): NonNullable<Block['list']> {
    const parent = outer[outer.length - 1];
    return { ordered: item.ordered, index: item.index, level: item.level, checked: null, parent: parent && parent.block >= 0 ? parent.block : undefined };
  }

  /** HTML blocks (exports from wikis): their text, tags dropped, entities decoded. */
  private html(t: Token): void {
    const from = this.offsetOf(t.map?.[0] ?? 0);
    const to = this.offsetOf(t.map?.[1] ?? 0);
    const b = new TextBuilder();
    let inTag = false;
    for (let i = from; i < to; i++) {
      const c = this.source[i]!;
      const entity = inTag ? undefined : /^&(nbsp|amp|lt|gt|quot);/.exec(this.source.slice(i, i + 6));
      if (entity) {
        b.char(ENTITIES[entity[1]!]!, i);
        i += entity[0].length - 1;
      } else if (c === '<') inTag = true;
      else if (c === '>' && inTag) {
        inTag = false;
        b.space(i);
      } else if (!inTag) b.char(c, i);
    }
    const done = b.finish();
    if (done.text) this.push({ kind: 'paragraph', ...done, line: (t.map?.[0] ?? 0) + 1 });
  }

  private inline(inline: Token, map: [number, number] | null): { text: string; map: number[]; names: Block['names'] } {
    const b = new TextBuilder();
    this.phrasing(inline, inline.map ?? map, b);
    return b.finish();
  }

  /**
   * Appends an inline token's children. Each piece of text is looked up in the source from where
   * the previous one ended, so markup, escapes and list or quote markers between them are skipped
   * and every character keeps its offset.
   */
  private phrasing(inline: Token, map: [number, number] | null, b: TextBuilder): void {
    const start = this.offsetOf(map?.[0] ?? 0);
    const end = map ? this.offsetOf(map[1]) : this.source.length;
    let cursor = start;
    let struck = 0;
    const marks: Array<{ at: number; type: string }> = [];
    const place = (value: string) => {
      if (!value) return;
      const found = this.source.indexOf(value, cursor);
      if (found >= 0 && found < end && found - cursor < 400) {
        if (!struck) b.exact(value, found);
        cursor = found + value.length;
        return;
      }
      if (struck) return;
      const before = b.map.length;
      b.aligned(value, this.source, cursor, end);
      if (b.map.length > before) cursor = Math.max(cursor, b.map[b.map.length - 1]! + 1);
    };
    for (const c of inline.children ?? []) {
      switch (c.type) {
        case 'text':
          place(c.content);
          break;
        case 'code_inline': {
          const at = b.text.length;
          place(c.content);
          if (!struck) b.mark(at, 'code');
          break;
        }
        case 'softbreak':
        case 'hardbreak': {
          const nl = this.source.indexOf('\n', cursor);
          if (!struck) b.space(nl >= 0 && nl < end ? nl : cursor);
          if (nl >= 0 && nl < end) cursor = nl + 1;
          break;
        }
        case 'strong_open':
        case 'em_open':
        case 'link_open':
          marks.push({ at: b.text.length, type: c.type });
          break;
        case 'strong_close':
        case 'em_close':
        case 'link_close': {
          const open = marks.pop();
          if (open && !struck) b.mark(open.at, c.type === 'strong_close' ? 'strong' : c.type === 'em_close' ? 'em' : 'link');
          break;
        }
        case 's_open':
          // Struck-through text is what the author withdrew: not read.
          struck++;
          break;
        case 's_close':
          struck--;
          break;
        case 'html_inline':
          if (/^<br\b/i.test(c.content) && !struck) b.space(cursor);
          break;
        default:
          break;
      }
    }
  }
}

/** A builder result with its first `n` characters dropped. */
function shift(b: { text: string; map: number[]; names: Block['names'] }, n: number): { text: string; map: number[]; names: Block['names'] } {
  return {
    text: b.text.slice(n),
    map: b.map.slice(n),
    names: b.names.map((x) => ({ ...x, start: x.start - n, end: x.end - n })).filter((x) => x.end > 0).map((x) => ({ ...x, start: Math.max(0, x.start) })),
  };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"' };
