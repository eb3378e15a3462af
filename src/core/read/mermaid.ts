/**
 * A parser for the subset of Mermaid flowcharts that architecture docs use: nodes with labels and
 * shapes, edges with optional labels, chains (a --> b --> c), `&` groups and subgraphs. Anything
 * else (styles, classes, click handlers, comments) is skipped. Hand-written because the mermaid
 * package needs a DOM and parses far more than we read.
 */

import { cleanLabel, splitArgs, type Diagram, type DiagramEdge, type DiagramGroup, type DiagramNode, type DiagramText } from './diagram.js';

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
    .replace(/<br\s*\/?>|\\n/gi, '\n')
    .replace(/&quot;|#quot;/g, '"')
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/** A label drawn on several lines names the node on its first line and describes it on the rest. */
function splitLabel(label: string): { name: string; rest: string | undefined } {
  const lines = label.split('\n').map((l) => l.trim()).filter(Boolean);
  // "Local<br>Resource A" is one name broken for width; "Safety Agent<br>Tool discovery" is a name and a note.
  if (lines.length > 1 && lines[0]!.split(/\s+/).length === 1 && lines.join(' ').split(/\s+/).length <= 4) return { name: lines.join(' '), rest: undefined };
  const [name, ...rest] = lines;
  return { name: name ?? label, rest: rest.length ? rest.join('; ') : undefined };
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

/** Any Mermaid block aitm reads: flowcharts, sequence diagrams and C4 diagrams. */
export function readMermaid(body: string): Diagram | undefined {
  const header = body.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('%%'))?.trim() ?? '';
  if (/^(graph|flowchart)\b/i.test(header)) {
    const g = parseMermaidFlowchart(body, 1);
    if (!g) return undefined;
    const lines = body.split('\n');
    const column = (line: number, text: string) => Math.max(0, (lines[line - 1] ?? '').indexOf(text.split(/\s/)[0]!));
    const flat = (t: string) => t.replace(/\n/g, ' ');
    const described = g.nodes.map((n) => ({ n, ...splitLabel(n.label) }));
    return {
      notation: 'mermaid-flowchart',
      nodes: described.map(({ n, name }) => ({ id: n.id, label: name, line: n.line, shape: n.shape, ...(n.shape === 'cylinder' ? { kind: 'datastore' as const } : {}), ...(n.subgraph ? { group: n.subgraph } : {}) })),
      edges: g.edges.map((e) => ({ from: e.from, to: e.to, line: e.line, ...(e.label ? { label: flat(e.label) } : {}) })),
      groups: g.subgraphs.map((s) => ({ id: s.id, label: flat(s.label), line: s.line, nodes: s.nodes })),
      texts: [
        ...described.filter((d) => d.rest).map((d) => ({ text: d.rest!, line: d.n.line, column: column(d.n.line, d.rest!), about: [d.n.id] })),
        ...g.edges.filter((e) => e.label).map((e) => ({ text: flat(e.label!), line: e.line, column: column(e.line, e.label!), about: [e.from, e.to] })),
      ],
    };
  }
  if (/^sequenceDiagram\b/.test(header)) return readMermaidSequence(body);
  if (/^C4(Context|Container|Component|Dynamic|Deployment)\b/.test(header)) return readC4Macros(body, 'c4-plantuml');
  return undefined;
}

const SEQ_PARTICIPANT = /^(?:create\s+)?(participant|actor)\s+("[^"]+"|[^\s]+?)(?:\s+as\s+(.+))?\s*$/i;
const SEQ_MESSAGE = /^([^\s:>+-][^:]*?)\s*(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*([+-]?)\s*([^:]+?)\s*:\s*(.*)$/;
const SEQ_NOTE = /^note\s+(?:over|left of|right of)\s+([^:]+):\s*(.*)$/i;

/** Mermaid sequence diagrams: participants and actors become nodes, messages become flows. */
export function readMermaidSequence(body: string): Diagram {
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const texts: DiagramText[] = [];
  const groups: DiagramGroup[] = [];
  let box: DiagramGroup | undefined;
  const touch = (id: string, line: number, label?: string, person = false) => {
    const key = id.trim().replace(/^"|"$/g, '');
    const existing = nodes.get(key);
    if (existing) {
      if (label && existing.label === existing.id) existing.label = cleanLabel(label);
      return key;
    }
    nodes.set(key, { id: key, label: cleanLabel(label ?? key), line, ...(person ? { person: true } : {}), ...(box ? { group: box.id } : {}) });
    box?.nodes.push(key);
    return key;
  };
  body.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.replace(/%%.*$/, '').trim();
    if (!t) return;
    const boxStart = /^box\b\s*(?:(?:rgba?\([^)]*\)|transparent|aqua|\w+)\s+)?(.*)$/i.exec(t);
    if (boxStart && /^box\b/i.test(t)) {
      box = { id: `box-${line}`, label: cleanLabel(boxStart[1] || `group ${groups.length + 1}`), line, nodes: [] };
      groups.push(box);
      return;
    }
    if (/^end\b/i.test(t) && box) {
      box = undefined;
      return;
    }
    const p = SEQ_PARTICIPANT.exec(t);
    if (p) {
      touch(p[2]!, line, p[3] ?? p[2], p[1]!.toLowerCase() === 'actor');
      return;
    }
    const note = SEQ_NOTE.exec(t);
    if (note) {
      const about = note[1]!.split(',').map((x) => touch(x, line));
      texts.push({ text: note[2]!.trim(), line, column: raw.indexOf(note[2]!.trim()), about });
      return;
    }
    const m = SEQ_MESSAGE.exec(t);
    if (m) {
      const from = touch(m[1]!, line);
      const to = touch(m[4]!, line);
      const label = m[5]!.trim();
      edges.push({ from, to, line, ...(label ? { label: cleanLabel(label) } : {}) });
      if (label) texts.push({ text: label, line, column: raw.lastIndexOf(label), about: [from, to] });
    }
  });
  return { notation: 'mermaid-sequence', nodes: [...nodes.values()], edges, groups, texts };
}

const C4_ELEMENT =
  /^(Person|System|SystemDb|SystemQueue|Container|ContainerDb|ContainerQueue|Component|ComponentDb|ComponentQueue|Node|Deployment_Node)(_Ext)?\s*\((.*)\)\s*\{?\s*$/;
const C4_BOUNDARY = /^(System_Boundary|Container_Boundary|Enterprise_Boundary|Boundary)\s*\((.*)\)\s*\{?\s*$/;
const C4_REL = /^(?:Bi)?Rel(?:_[A-Za-z]+)?\s*\((.*)\)\s*$/;

/** C4 macros, as C4-PlantUML and Mermaid C4 write them. */
export function readC4Macros(body: string, notation: Diagram['notation']): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const groups: DiagramGroup[] = [];
  const texts: DiagramText[] = [];
  const stack: DiagramGroup[] = [];
  const named = (args: string[], key: string) => args.find((a) => a.startsWith(`$${key}=`))?.slice(key.length + 2);
  body.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.replace(/^\s*'.*$/, '').trim();
    if (!t) return;
    if (t === '}') {
      stack.pop();
      return;
    }
    const boundary = C4_BOUNDARY.exec(t);
    if (boundary) {
      const args = splitArgs(boundary[2]!);
      const g: DiagramGroup = { id: args[0]!, label: cleanLabel(args[1] ?? args[0]!), line, nodes: [] };
      groups.push(g);
      if (t.endsWith('{')) stack.push(g);
      return;
    }
    const el = C4_ELEMENT.exec(t);
    if (el) {
      const type = el[1]!;
      const args = splitArgs(el[3]!).filter((a) => !a.startsWith('$') || /^\$(descr|techn|type)=/.test(a));
      const positional = args.filter((a) => !a.startsWith('$'));
      const [alias, label] = positional;
      if (!alias) return;
      const hasTech = /^(Container|Component)/.test(type);
      const tech = named(args, 'techn') ?? named(args, 'type') ?? (hasTech ? positional[2] : undefined);
      const descr = named(args, 'descr') ?? (hasTech ? positional[3] : positional[2]);
      const group = stack[stack.length - 1];
      const kind = /Db$/.test(type) ? 'datastore' : /Queue$/.test(type) ? 'queue' : undefined;
      nodes.push({
        id: alias,
        label: cleanLabel(label ?? alias),
        line,
        ...(type === 'Person' ? { person: true } : {}),
        ...(el[2] ? { external: true } : {}),
        ...(kind ? { kind } : {}),
        ...(tech ? { technology: cleanLabel(tech) } : {}),
        ...(group ? { group: group.id } : {}),
      });
      group?.nodes.push(alias);
      for (const text of [tech, descr]) {
        if (!text) continue;
        const clean = cleanLabel(text);
        if (clean) texts.push({ text: clean, line, column: Math.max(0, raw.indexOf(clean)), about: [alias] });
      }
      if (t.endsWith('{') && /Node$/.test(type)) stack.push({ id: alias, label: cleanLabel(label ?? alias), line, nodes: [] });
      return;
    }
    const rel = C4_REL.exec(t);
    if (rel) {
      const [from, to, label, tech] = splitArgs(rel[1]!).filter((a) => !a.startsWith('$'));
      if (!from || !to) return;
      const text = cleanLabel(label ?? '');
      edges.push({ from, to, line, ...(text ? { label: text } : {}) });
      const full = [text, tech ? cleanLabel(tech) : ''].filter(Boolean).join(' ');
      if (full) texts.push({ text: text || full, line, column: Math.max(0, raw.indexOf(text || full)), about: [from, to] });
    }
  });
  return { notation, nodes, edges, groups, texts };
}
