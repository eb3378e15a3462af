import type { Block } from './blocks.js';
import type { Diagram, DiagramText } from './diagram.js';
import { readMarkdown } from './markdown.js';
import { readMermaid } from './mermaid.js';
import { readPlainText } from './plaintext.js';
import { readPlantUml } from './plantuml.js';
import { LineIndex, type SourceDocument } from './source.js';
import { isStructurizr, readStructurizr } from './structurizr.js';
import { readStructured } from './yaml-config.js';

export type { SourceDocument } from './source.js';

/** Maps a position in a piece of code (1-based line, 0-based column) to a document offset. */
export type Locate = (line: number, column: number) => number;

export interface PlacedDiagram {
  diagram: Diagram;
  locate: Locate;
  /** Document line of a line of the diagram's code. */
  lineOf: (line: number) => number;
  /** The block index of the code block it came from, if any (for its heading path). */
  block?: number;
}

export interface ReadDocument {
  file: string;
  lines: LineIndex;
  format: 'markdown' | 'text' | 'mermaid' | 'plantuml' | 'structurizr' | 'structured';
  blocks: Block[];
  diagrams: PlacedDiagram[];
  /** "key: value" statements from configuration, with where they are. */
  settings: Array<{ text: DiagramText; locate: Locate; lineOf: (line: number) => number; block?: number }>;
  title: { text: string; line: number } | undefined;
  /** What a diagram file says the system is: a Structurizr workspace's or system's description. */
  description?: { text: string; line: number };
}

const MERMAID_HEADER = /^\s*(?:%%[^\n]*\n\s*)*(graph|flowchart|sequenceDiagram|C4Context|C4Container|C4Component|C4Dynamic)\b/;

function formatOf(file: string, text: string): ReadDocument['format'] {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'mmd' || ext === 'mermaid') return 'mermaid';
  if (ext === 'puml' || ext === 'plantuml' || ext === 'pu' || ext === 'iuml') return 'plantuml';
  if (ext === 'dsl') return 'structurizr';
  if (ext === 'yaml' || ext === 'yml' || ext === 'json') return 'structured';
  if (MERMAID_HEADER.test(text)) return 'mermaid';
  if (isStructurizr(text)) return 'structurizr';
  if (/^\s*@startuml\b/.test(text)) return 'plantuml';
  return 'text';
}

/** Reads a code block or file body into a diagram or settings, by language or by its content. */
function readCode(lang: string, body: string): { diagram?: Diagram; settings?: DiagramText[] } {
  const l = lang.toLowerCase();
  if (l === 'mermaid' || MERMAID_HEADER.test(body)) {
    const diagram = readMermaid(body);
    return diagram ? { diagram } : {};
  }
  if (l === 'plantuml' || l === 'puml' || l === 'uml' || /^\s*@startuml\b/.test(body)) return { diagram: readPlantUml(body) };
  if (l === 'dsl' || l === 'structurizr' || isStructurizr(body)) return { diagram: readStructurizr(body) };
  if (l === 'yaml' || l === 'yml' || l === 'json' || l === 'jsonc' || (l === '' && /^\s*[\w.-]+:\s/m.test(body) && /^\s*services:\s*$/m.test(body))) {
    const r = readStructured(body);
    if (!r) return {};
    return { ...(r.diagram ? { diagram: r.diagram } : {}), settings: r.settings };
  }
  return {};
}

/** Reads one document into blocks, diagrams and settings, whatever its format. */
export function readDocument(doc: SourceDocument): ReadDocument {
  const lines = new LineIndex(doc.text);
  const format = formatOf(doc.file, doc.text);
  const out: ReadDocument = { file: doc.file, lines, format, blocks: [], diagrams: [], settings: [], title: undefined };
  const whole: Locate = (line, column) => lines.startOf(line) + column;
  const same = (line: number) => line;

  if (format === 'markdown' || format === 'text') {
    if (format === 'markdown') {
      const md = readMarkdown(doc.text);
      out.blocks = md.blocks;
      const fmTitle = md.frontMatter ? /^title:\s*["']?(.+?)["']?\s*$/m.exec(md.frontMatter)?.[1] : undefined;
      if (fmTitle) out.title = { text: fmTitle, line: 2 };
    } else out.blocks = readPlainText(doc.text);
    out.blocks.forEach((b, index) => {
      if (b.kind !== 'code' || !b.code) return;
      const { lang, value, firstLine } = b.code;
      const bodyLines = value.split('\n');
      const lineOf = (line: number) => firstLine + line - 1;
      const locate: Locate = (line, column) => {
        const docLine = lineOf(line);
        const docText = lines.line(docLine);
        const bodyText = bodyLines[line - 1] ?? '';
        const shift = bodyText && docText.endsWith(bodyText) ? docText.length - bodyText.length : 0;
        return lines.startOf(docLine) + shift + column;
      };
      const r = readCode(lang, value);
      if (r.diagram) out.diagrams.push({ diagram: r.diagram, locate, lineOf, block: index });
      for (const s of r.settings ?? []) out.settings.push({ text: s, locate, lineOf, block: index });
    });
    out.title ??= titleOf(out.blocks, format);
    return out;
  }
  if (format === 'structured') {
    const r = readStructured(doc.text);
    if (!r) {
      out.format = 'text';
      out.blocks = readPlainText(doc.text);
      out.title = titleOf(out.blocks, 'text');
      return out;
    }
    if (r.diagram) out.diagrams.push({ diagram: r.diagram, locate: whole, lineOf: same });
    for (const s of r.settings) out.settings.push({ text: s, locate: whole, lineOf: same });
    return out;
  }
  const diagram = format === 'mermaid' ? readMermaid(doc.text) : format === 'plantuml' ? readPlantUml(doc.text) : readStructurizr(doc.text);
  if (diagram) out.diagrams.push({ diagram, locate: whole, lineOf: same });
  // A diagram file is titled by its workspace or `title`, else by the first system it draws.
  const named = /^\s*workspace\s+"([^"]+)"/m.exec(doc.text) ?? /^\s*title\s+(.+)$/m.exec(doc.text);
  const firstSystem = diagram?.nodes.find((n) => !n.person);
  if (named) out.title = { text: named[1]!.trim(), line: lines.lineOf(named.index) };
  else if (firstSystem) out.title = { text: firstSystem.label, line: firstSystem.line };
  // `softwareSystem "Deskmate" "Answers IT questions…"` (the workspace's own system), else the workspace's description.
  if (format === 'structurizr' && out.title) {
    const name = out.title.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const described = new RegExp(`\\bsoftwareSystem\\s+"${name}"\\s+"([^"]+)"`).exec(doc.text) ?? /^\s*workspace\s+"[^"]+"\s+"([^"]+)"/m.exec(doc.text);
    if (described) out.description = { text: described[1]!.trim(), line: lines.lineOf(described.index) };
  }
  // Comments in a DSL or diagram file are the author's prose.
  out.blocks = commentBlocks(doc.text);
  return out;
}

/** "// …", "# …" and "' …" comment lines of a diagram file, as paragraphs. */
function commentBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let offset = 0;
  text.split('\n').forEach((raw, i) => {
    const m = /^(\s*(?:\/\/|#|%%|')\s?)(.*)$/.exec(raw);
    if (m && m[2]!.trim() && !/^#\s*(include|!)/.test(raw.trim())) {
      const from = offset + m[1]!.length;
      if (!current) {
        current = { kind: 'paragraph', text: '', map: [], names: [], line: i + 1, path: [] };
        blocks.push(current);
      } else {
        current.text += ' ';
        current.map.push(from);
      }
      for (let k = 0; k < m[2]!.length; k++) {
        current.text += m[2]![k];
        current.map.push(from + k);
      }
    } else current = undefined;
    offset += raw.length + 1;
  });
  return blocks;
}

function titleOf(blocks: readonly Block[], format: ReadDocument['format']): ReadDocument['title'] {
  const h1 = blocks.find((b) => b.kind === 'heading' && b.depth === 1);
  if (h1 && format === 'markdown') return { text: h1.text, line: h1.line };
  const first = blocks.find((b) => b.kind !== 'code');
  if (first?.kind === 'heading') return { text: first.text, line: first.line };
  if (first && first.text.length <= 100 && !/[.!?:]$/.test(first.text) && first.kind === 'paragraph') return { text: first.text, line: first.line };
  const heading = blocks.find((b) => b.kind === 'heading');
  return heading ? { text: heading.text, line: heading.line } : undefined;
}
