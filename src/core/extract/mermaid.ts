/**
 * A parser for the subset of Mermaid flowcharts that architecture docs use: nodes with labels and
 * shapes, edges with optional labels, chains (a --> b --> c), `&` groups and subgraphs. Anything
 * else (styles, classes, click handlers, comments) is skipped. Hand-written because the mermaid
 * package needs a DOM and parses far more than we read.
 */

export type NodeShape = 'box' | 'round' | 'stadium' | 'cylinder' | 'circle' | 'rhombus' | 'hexagon' | 'subroutine' | 'other';

export interface MermaidNode {
  id: string;
  label: string;
  shape: NodeShape;
  /** Line (1-based, in the document) where the node was first labelled or seen. */
  line: number;
  subgraph: string | undefined;
}

export interface MermaidEdge {
  from: string;
  to: string;
  label: string | undefined;
  line: number;
}

export interface MermaidSubgraph {
  id: string;
  label: string;
  line: number;
  nodes: string[];
}

export interface MermaidGraph {
  nodes: MermaidNode[];
  edges: MermaidEdge[];
  subgraphs: MermaidSubgraph[];
}

const SHAPES: Array<{ open: string; close: string; shape: NodeShape }> = [
  { open: '[(', close: ')]', shape: 'cylinder' },
  { open: '((', close: '))', shape: 'circle' },
  { open: '([', close: '])', shape: 'stadium' },
  { open: '[[', close: ']]', shape: 'subroutine' },
  { open: '{{', close: '}}', shape: 'hexagon' },
  { open: '[/', close: '/]', shape: 'other' },
  { open: '[\\', close: '\\]', shape: 'other' },
  { open: '>', close: ']', shape: 'other' },
  { open: '[', close: ']', shape: 'box' },
  { open: '(', close: ')', shape: 'round' },
  { open: '{', close: '}', shape: 'rhombus' },
];

const ID = /^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*/;
// Arrows and links: -->, --->, ==>, -.->, ---, -- text -->, <-->, --o, --x
const ARROW = /^\s*(<?(?:-{2,}|={2,}|-\.+-?)(?:>|o|x)?)\s*(?:\|([^|]*)\|)?\s*/;
const TEXT_ARROW = /^\s*(?:--|==|-\.)\s*([^-=>|][^>]*?)\s*(?:-{2,}>|={2,}>|\.->|-{3,})\s*/;

function unquote(label: string): string {
  const t = label.trim();
  const q = /^"(.*)"$/s.exec(t);
  return (q ? q[1]! : t)
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/&quot;|#quot;/g, '"')
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads one node reference (`id`, `id[label]`, `id[(label)]`, …) at the start of `s`. */
function readNode(s: string): { id: string; label?: string; shape: NodeShape; rest: string } | undefined {
  const m = ID.exec(s);
  if (!m) return undefined;
  const id = m[0];
  let rest = s.slice(id.length);
  for (const { open, close, shape } of SHAPES) {
    if (!rest.startsWith(open)) continue;
    const end = rest.indexOf(close, open.length);
    if (end < 0) continue;
    const label = unquote(rest.slice(open.length, end));
    rest = rest.slice(end + close.length);
    return { id, label, shape, rest };
  }
  return { id, shape: 'other', rest };
}

/** Reads `a & b & c`. */
function readGroup(s: string): { nodes: Array<{ id: string; label?: string; shape: NodeShape }>; rest: string } | undefined {
  const nodes: Array<{ id: string; label?: string; shape: NodeShape }> = [];
  let rest = s;
  for (;;) {
    const n = readNode(rest.trimStart());
    if (!n) return nodes.length ? { nodes, rest } : undefined;
    nodes.push(n.label === undefined ? { id: n.id, shape: n.shape } : { id: n.id, label: n.label, shape: n.shape });
    rest = n.rest;
    const amp = /^\s*&\s*/.exec(rest);
    if (!amp) return { nodes, rest };
    rest = rest.slice(amp[0].length);
  }
}

const KEYWORDS = new Set(['end', 'subgraph', 'graph', 'flowchart', 'style', 'classDef', 'class', 'click', 'linkStyle', 'direction']);

/**
 * Parses the body of a ```mermaid block. `firstLine` is the document line of the block's first
 * line; returns undefined when the block is not a flowchart (sequence diagrams and the like).
 */
export function parseMermaidFlowchart(body: string, firstLine: number): MermaidGraph | undefined {
  const lines = body.split('\n');
  const header = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('%%'));
  if (header < 0 || !/^\s*(graph|flowchart)\b/i.test(lines[header]!)) return undefined;

  const nodes = new Map<string, MermaidNode>();
  const edges: MermaidEdge[] = [];
  const subgraphs: MermaidSubgraph[] = [];
  const stack: MermaidSubgraph[] = [];

  const touch = (n: { id: string; label?: string; shape: NodeShape }, line: number) => {
    const current = stack[stack.length - 1];
    const existing = nodes.get(n.id);
    if (existing) {
      if (n.label !== undefined && existing.label === existing.id) {
        existing.label = n.label;
        existing.shape = n.shape;
        existing.line = line;
      }
      return;
    }
    if (subgraphs.some((s) => s.id === n.id)) return;
    nodes.set(n.id, { id: n.id, label: n.label ?? n.id, shape: n.shape, line, subgraph: current?.id });
    current?.nodes.push(n.id);
  };

  for (let i = header + 1; i < lines.length; i++) {
    const lineNo = firstLine + i;
    const text = lines[i]!.replace(/%%.*$/, '').trim().replace(/;$/, '');
    if (!text) continue;
    const sub = /^subgraph\s+(.+)$/i.exec(text);
    if (sub) {
      const spec = readNode(sub[1]!.trim());
      const id = spec?.id ?? sub[1]!.trim();
      const label = spec?.label ?? unquote(sub[1]!);
      const sg: MermaidSubgraph = { id, label, line: lineNo, nodes: [] };
      subgraphs.push(sg);
      stack.push(sg);
      continue;
    }
    if (/^end\b/i.test(text)) {
      stack.pop();
      continue;
    }
    const first = /^(\w+)/.exec(text)?.[1];
    if (first && KEYWORDS.has(first) && !/^\w+\s*(\[|\(|\{|-|=|&)/.test(text)) continue;

    let group = readGroup(text);
    if (!group) continue;
    group.nodes.forEach((n) => touch(n, lineNo));
    let rest = group.rest;
    for (;;) {
      const textArrow = TEXT_ARROW.exec(rest);
      const arrow = textArrow ?? ARROW.exec(rest);
      if (!arrow) break;
      const label = textArrow ? textArrow[1] : arrow[2];
      rest = rest.slice(arrow[0].length);
      const next = readGroup(rest);
      if (!next) break;
      next.nodes.forEach((n) => touch(n, lineNo));
      const cleaned = label === undefined ? undefined : unquote(label) || undefined;
      for (const a of group.nodes) for (const b of next.nodes) edges.push({ from: a.id, to: b.id, label: cleaned, line: lineNo });
      group = next;
      rest = next.rest;
    }
  }
  return { nodes: [...nodes.values()], edges, subgraphs };
}
