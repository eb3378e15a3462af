import { describe, expect, it } from 'vitest';
import { readDocument } from '../../../src/core/read/document.js';
import { parseMermaidFlowchart, readMermaid, type MermaidGraph } from '../../../src/core/read/mermaid.js';

function parse(body: string, firstLine = 1): MermaidGraph {
  const g = parseMermaidFlowchart(body, firstLine);
  if (!g) throw new Error('expected a flowchart');
  return g;
}
const node = (g: MermaidGraph, id: string) => g.nodes.find((n) => n.id === id);
const edges = (g: MermaidGraph) => g.edges.map((e) => [e.from, e.to, e.label ?? null]);

describe('parseMermaidFlowchart: nodes', () => {
  it('reads every node shape with its label', () => {
    const g = parse(
      [
        'flowchart LR',
        '  a[Box] --> b(Round)',
        '  c([Stadium]) --> d[(Cylinder DB)]',
        '  e((Circle)) --> f{Decision}',
        '  g{{Hexagon}} --> h[[Subroutine]]',
      ].join('\n'),
    );
    expect(g.nodes.map((n) => [n.id, n.label, n.shape])).toEqual([
      ['a', 'Box', 'box'],
      ['b', 'Round', 'round'],
      ['c', 'Stadium', 'stadium'],
      ['d', 'Cylinder DB', 'cylinder'],
      ['e', 'Circle', 'circle'],
      ['f', 'Decision', 'rhombus'],
      ['g', 'Hexagon', 'hexagon'],
      ['h', 'Subroutine', 'subroutine'],
    ]);
  });

  it('a bare id is its own label, and a later label replaces it', () => {
    const g = parse('graph TD\n  a --> b\n  b[Billing service]');
    expect(node(g, 'b')).toMatchObject({ label: 'Billing service', shape: 'box', line: 3 });
    expect(node(g, 'a')).toMatchObject({ label: 'a', shape: 'other', line: 2 });
  });

  it('unquotes labels, keeps <br> as line breaks and decodes &quot;', () => {
    const g = parse('graph TD\n  q["Quoted<br>label<br/>with &quot;x&quot; &amp; y"] --> r["Plain"]');
    expect(node(g, 'q')!.label).toBe('Quoted\nlabel\nwith "x" & y');
    expect(node(g, 'r')!.label).toBe('Plain');
  });

  it('readMermaid names a node by the first line of its label and reads the rest as its description', () => {
    const d = readMermaid('graph TD\n  s["Safety Agent<br>Tool discovery<br>Production"] --> r[("Local<br>Resource A")]')!;
    expect(d.nodes.map((n) => n.label)).toEqual(['Safety Agent', 'Local Resource A']);
    expect(d.texts).toEqual([{ text: 'Tool discovery; Production', line: 2, column: expect.any(Number), about: ['s'] }]);
  });

  it('keeps hyphenated and dotted node ids', () => {
    const g = parse('graph LR\n  api-gw[Gateway] --> svc.v2[Service]');
    expect(edges(g)).toEqual([['api-gw', 'svc.v2', null]]);
  });
});

describe('parseMermaidFlowchart: edges', () => {
  it('reads |labels| and `-- text -->` labels, and unlabelled arrows of every style', () => {
    const g = parse(
      [
        'flowchart LR',
        '  a -->|reads data| b',
        '  a -- writes logs --> c',
        '  a ==> d',
        '  b -.-> d',
        '  c --- d',
        '  a -->|"quoted label"| e',
      ].join('\n'),
    );
    expect(edges(g)).toEqual([
      ['a', 'b', 'reads data'],
      ['a', 'c', 'writes logs'],
      ['a', 'd', null],
      ['b', 'd', null],
      ['c', 'd', null],
      ['a', 'e', 'quoted label'],
    ]);
  });

  it('reads chains a --> b --> c as consecutive edges', () => {
    const g = parse('graph LR\n  a[A] --> b[B] -->|next| c[C]');
    expect(edges(g)).toEqual([
      ['a', 'b', null],
      ['b', 'c', 'next'],
    ]);
    expect(g.nodes.map((n) => n.label)).toEqual(['A', 'B', 'C']);
  });

  it('expands & groups on both sides into every pair', () => {
    const g = parse('graph LR\n  m & n --> o & p');
    expect(edges(g)).toEqual([
      ['m', 'o', null],
      ['m', 'p', null],
      ['n', 'o', null],
      ['n', 'p', null],
    ]);
  });

  // Regression test: the node-id pattern in mermaid.ts accepts "-", so `A-->B` (no spaces, the style of
  // Mermaid's own docs) is read as one node "A--" and the edge is lost.
  it('reads arrows written without spaces (A-->B, A-->|x|B)', () => {
    const g = parse('graph LR\n  A-->B\n  B-->|calls|C');
    expect(edges(g)).toEqual([
      ['A', 'B', null],
      ['B', 'C', 'calls'],
    ]);
  });

  // Regression test: Mermaid's entity syntax is #quot; (aitm's own renderer writes it), but only &quot; is decoded.
  it('decodes the Mermaid #quot; entity in labels', () => {
    const g = parse('graph LR\n  A["The #quot;best#quot; one"] --> B');
    expect(node(g, 'A')!.label).toBe('The "best" one');
  });
});

describe('parseMermaidFlowchart: subgraphs, comments, styles', () => {
  const body = [
    'flowchart TB',
    '  %% a comment a --> zz',
    '  subgraph trusted["Trusted zone"]',
    '    api[Support API]',
    '    subgraph inner[Inner]',
    '      db[(Orders DB)]',
    '    end',
    '  end',
    '  subgraph Public Internet',
    '    user[Browser]',
    '  end',
    '  user --> api; %% trailing comment',
    '  api --> db',
    '  style api fill:#f9f,stroke:#333',
    '  classDef hot fill:#f00',
    '  class api hot',
    '  click api "https://example.com"',
    '  linkStyle 0 stroke:red',
  ].join('\n');
  const g = parse(body);

  it('records subgraphs with id, label and member nodes, including nested ones', () => {
    expect(g.subgraphs.map((s) => [s.id, s.label, s.nodes])).toEqual([
      ['trusted', 'Trusted zone', ['api']],
      ['inner', 'Inner', ['db']],
      ['Public', 'Public Internet', ['user']],
    ]);
    expect(node(g, 'api')!.subgraph).toBe('trusted');
    expect(node(g, 'db')!.subgraph).toBe('inner');
    expect(node(g, 'user')!.subgraph).toBe('Public');
  });

  it('ignores comments, style, classDef, class, click and linkStyle lines', () => {
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['api', 'db', 'user']);
    expect(edges(g)).toEqual([
      ['user', 'api', null],
      ['api', 'db', null],
    ]);
  });

  it('returns undefined for diagrams that are not flowcharts', () => {
    expect(parseMermaidFlowchart('sequenceDiagram\n  Alice->>Bob: hi', 1)).toBeUndefined();
    expect(parseMermaidFlowchart('%% note\nclassDiagram\n  A <|-- B', 1)).toBeUndefined();
    expect(parseMermaidFlowchart('', 1)).toBeUndefined();
    expect(parseMermaidFlowchart('%% only a comment\n\ngraph LR\n  a --> b', 1)?.edges).toHaveLength(1);
  });
});

describe('line numbers are document lines', () => {
  it('offsets every node, edge and subgraph by the block start', () => {
    const g = parse('flowchart LR\n  subgraph z[Zone]\n    a[A]\n  end\n  a -->|x| b[B]', 40);
    expect(g.subgraphs[0]!.line).toBe(41);
    expect(node(g, 'a')!.line).toBe(42);
    expect(g.edges[0]!.line).toBe(44);
    expect(node(g, 'b')!.line).toBe(44);
  });

  it('readDocument places every diagram at its fence, so lines match the file', () => {
    const text = [
      '# Doc', // 1
      '', // 2
      'Some prose.', // 3
      '', // 4
      '```mermaid', // 5
      'flowchart LR', // 6
      '  web[Chat widget] -->|POST /chat| api[Support API]', // 7
      '  api --> llm[GPT-4o]', // 8
      '```', // 9
      '', // 10
      '```mermaid', // 11
      'sequenceDiagram', // 12
      '  A->>B: hi', // 13
      '```', // 14
    ].join('\n');
    const lines = text.split('\n');
    const doc = readDocument({ file: 'doc.md', text });
    expect(doc.diagrams.map((d) => d.diagram.notation)).toEqual(['mermaid-flowchart', 'mermaid-sequence']);
    const flow = doc.diagrams[0]!;
    expect(flow.diagram.nodes.map((n) => flow.lineOf(n.line))).toEqual([7, 7, 8]);
    expect(flow.diagram.edges.map((e) => flow.lineOf(e.line))).toEqual([7, 8]);
    for (const n of flow.diagram.nodes) expect(lines[flow.lineOf(n.line) - 1]).toContain(n.label);
    const seq = doc.diagrams[1]!;
    expect(seq.diagram.edges.map((e) => [e.from, e.to, e.label, seq.lineOf(e.line)])).toEqual([['A', 'B', 'hi', 13]]);
    // Fenced lines are not prose.
    expect(doc.blocks.filter((b) => b.kind !== 'code').map((b) => b.line)).toEqual([1, 3]);
  });
});
