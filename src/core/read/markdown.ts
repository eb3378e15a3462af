import type { Nodes, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { TextBuilder, type Block, type HeadingRef } from './blocks.js';

/**
 * Markdown to blocks, with mdast-util-from-markdown (CommonMark + GFM tables, task lists and
 * strikethrough, YAML front matter). The parser gives every node its source position, which is
 * what evidence needs: a sentence wrapped over three lines still cites the line it starts on.
 */
export function readMarkdown(text: string): { blocks: Block[]; frontMatter: string | undefined } {
  const tree: Root = fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
  const walker = new Walker(text);
  let frontMatter: string | undefined;
  for (const node of tree.children) {
    if (node.type === 'yaml') frontMatter = node.value;
    else walker.flow(node, { quoted: false, level: 0, parent: undefined });
  }
  return { blocks: walker.blocks, frontMatter };
}

interface Context {
  quoted: boolean;
  level: number;
  parent: number | undefined;
}

const start = (n: Nodes) => n.position?.start.offset ?? 0;
const end = (n: Nodes) => n.position?.end.offset ?? 0;
const line = (n: Nodes) => n.position?.start.line ?? 1;

class Walker {
  readonly blocks: Block[] = [];
  private path: HeadingRef[] = [];
  private tables = 0;

  constructor(private readonly source: string) {}

  private push(block: Omit<Block, 'path'>): number {
    this.blocks.push({ ...block, path: [...this.path] });
    return this.blocks.length - 1;
  }

  flow(node: RootContent, ctx: Context): void {
    switch (node.type) {
      case 'heading': {
        const b = this.inline(node.children);
        if (!b.text) return;
        while (this.path.length > 0 && this.path[this.path.length - 1]!.depth >= node.depth) this.path.pop();
        this.push({ kind: 'heading', ...b, line: line(node), depth: node.depth });
        this.path.push({ text: b.text, depth: node.depth, line: line(node) });
        return;
      }
      case 'paragraph': {
        const b = this.inline(node.children);
        if (!b.text) return;
        this.push({ kind: 'paragraph', ...b, line: line(node), ...(ctx.quoted ? { quoted: true } : {}), ...(ctx.parent !== undefined ? { within: ctx.parent } : {}) });
        return;
      }
      case 'blockquote':
        for (const child of node.children) this.flow(child, { ...ctx, quoted: true });
        return;
      case 'list': {
        node.children.forEach((item, i) => {
          const [first, ...rest] = item.children;
          const index = node.ordered ? (node.start ?? 1) + i : i + 1;
          const info = { ordered: node.ordered === true, index, level: ctx.level + 1, checked: item.checked ?? null, parent: ctx.parent };
          let self: number;
          if (first?.type === 'paragraph') {
            const b = this.inline(first.children);
            self = this.push({ kind: 'item', ...b, line: line(item), list: info, ...(ctx.quoted ? { quoted: true } : {}) });
          } else {
            self = this.push({ kind: 'item', text: '', map: [], names: [], line: line(item), list: info });
            if (first) this.flow(first, { ...ctx, level: ctx.level + 1, parent: self });
          }
          for (const child of rest) this.flow(child, { ...ctx, level: ctx.level + 1, parent: self });
        });
        return;
      }
      case 'table':
        this.table(node, ctx);
        return;
      case 'code': {
        const fenced = /^\s*(```|~~~)/.test(this.source.slice(start(node), start(node) + 8));
        const lang = (node.lang ?? '').toLowerCase();
        const firstLine = line(node) + (fenced ? 1 : 0);
        this.push({ kind: 'code', text: '', map: [], names: [], line: line(node), code: { lang, value: node.value, firstLine } });
        return;
      }
      case 'html': {
        // HTML blocks (exports from wikis): read their text, tags dropped.
        const b = new TextBuilder();
        const from = start(node);
        let inTag = false;
        for (let i = from; i < end(node); i++) {
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
        if (done.text) this.push({ kind: 'paragraph', ...done, line: line(node) });
        return;
      }
      case 'footnoteDefinition':
        for (const child of node.children) this.flow(child, ctx);
        return;
      default:
        return;
    }
  }

  private table(node: Table, ctx: Context): void {
    const id = this.tables++;
    const [head, ...rows] = node.children;
    if (!head) return;
    const header = head.children.map((cell) => this.inline(cell.children).text);
    for (const row of rows) {
      const b = new TextBuilder();
      const cells: Array<{ start: number; end: number }> = [];
      row.children.forEach((cell, i) => {
        if (i > 0) {
          b.char(' ', start(cell));
          b.char('|', start(cell));
          b.char(' ', start(cell));
        }
        const from = b.text.length;
        this.phrasing(cell.children, b);
        cells.push({ start: from, end: b.text.length });
      });
      // Keep the cell ranges of the untrimmed text: a row's text starts with its first cell.
      const text = b.text.replace(/\s+$/, '');
      if (!text.replace(/[|\s]/g, '')) continue;
      this.push({
        kind: 'row',
        text,
        map: b.map.slice(0, text.length),
        names: b.names,
        line: line(row),
        table: { id, header, cells: cells.map((c) => ({ start: c.start, end: Math.min(c.end, text.length) })) },
        ...(ctx.quoted ? { quoted: true } : {}),
      });
    }
  }

  private inline(children: PhrasingContent[]): { text: string; map: number[]; names: Block['names'] } {
    const b = new TextBuilder();
    this.phrasing(children, b);
    return b.finish();
  }

  private phrasing(children: PhrasingContent[], b: TextBuilder): void {
    for (const n of children) {
      switch (n.type) {
        case 'text':
          b.aligned(n.value, this.source, start(n), end(n));
          break;
        case 'inlineCode': {
          const at = b.text.length;
          b.aligned(n.value, this.source, start(n), end(n));
          b.mark(at, 'code');
          break;
        }
        case 'strong':
        case 'emphasis': {
          const at = b.text.length;
          this.phrasing(n.children, b);
          b.mark(at, n.type === 'strong' ? 'strong' : 'em');
          break;
        }
        case 'delete':
          // Struck-through text is what the author withdrew: not read.
          break;
        case 'link':
        case 'linkReference': {
          const at = b.text.length;
          this.phrasing(n.children, b);
          b.mark(at, 'link');
          break;
        }
        case 'break':
          b.space(start(n));
          break;
        case 'html':
          if (/^<br\b/i.test(n.value)) b.space(start(n));
          break;
        default:
          break;
      }
    }
  }
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"' };
