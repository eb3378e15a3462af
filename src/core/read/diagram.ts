import type { ComponentKind } from '../vocabulary.js';
import type { NodeShape } from './mermaid.js';

/**
 * What every diagram and structured notation reads into: nodes (components or people), edges
 * (data flows) and groups (trust boundaries), each with the line of the diagram that drew it, plus
 * the free texts (descriptions, notes, message labels) that facts are read from.
 */
export interface DiagramNode {
  id: string;
  label: string;
  /** Line (1-based, in the code's own numbering) that defined or first drew the node. */
  line: number;
  shape?: NodeShape;
  /** A kind the notation states (a database, a queue), not one guessed from the label. */
  kind?: ComponentKind;
  person?: boolean;
  external?: boolean;
  technology?: string;
  group?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
  line: number;
}

export interface DiagramGroup {
  id: string;
  label: string;
  line: number;
  nodes: string[];
}

/** A piece of text in a diagram, at `line`/`column` of the code, about some nodes. */
export interface DiagramText {
  text: string;
  line: number;
  column: number;
  about: string[];
}

export interface Diagram {
  notation: 'mermaid-flowchart' | 'mermaid-sequence' | 'plantuml' | 'c4-plantuml' | 'structurizr' | 'compose' | 'kubernetes';
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  groups: DiagramGroup[];
  texts: DiagramText[];
}

/** Strips one level of double quotes and Mermaid/PlantUML line-break markup from a label. */
export function cleanLabel(label: string): string {
  const t = label.trim();
  const q = /^"(.*)"$/s.exec(t);
  return (q ? q[1]! : t)
    .replace(/<br\s*\/?>|\\n/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&quot;|#quot;/g, '"')
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a macro's argument list at top-level commas, honouring double quotes and parentheses. */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of args) {
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === ',') {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
