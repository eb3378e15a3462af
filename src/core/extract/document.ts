import { parseMermaidFlowchart, type MermaidGraph } from './mermaid.js';

/** A document as aitm reads it: already decoded, with a display path. */
export interface SourceDocument {
  file: string;
  text: string;
}

export interface ProseLine {
  line: number;
  text: string;
  /** The nearest heading above, if any. */
  heading: string | undefined;
  /** True for a heading line itself. */
  isHeading: boolean;
}

export interface ParsedDocument {
  file: string;
  title: string | undefined;
  titleLine: number;
  purpose: { text: string; line: number } | undefined;
  prose: ProseLine[];
  diagrams: MermaidGraph[];
}

const FENCE = /^\s*(```+|~~~+)\s*([\w-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const PURPOSE_HEADING = /^(purpose|overview|context|summary|introduction|background|what (it|this) (is|does)|goals?)\b/i;

function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S[^*_]*?)[*_](?=\W|$)/g, '$1$2')
    .trim();
}

/** Splits a Markdown or plain-text document into prose lines, headings and Mermaid diagrams. */
export function parseDocument(doc: SourceDocument): ParsedDocument {
  const lines = doc.text.split('\n');
  const prose: ProseLine[] = [];
  const diagrams: MermaidGraph[] = [];
  const markdown = /\.(md|markdown)$/i.test(doc.file);
  let title: string | undefined;
  let titleLine = 1;
  let heading: string | undefined;
  let fence: { marker: string; lang: string; start: number; body: string[] } | undefined;
  let inFrontMatter = markdown && lines[0]?.trim() === '---';

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (inFrontMatter) {
      if (i > 0 && /^(---|\.\.\.)\s*$/.test(raw)) inFrontMatter = false;
      return;
    }
    const f = FENCE.exec(raw);
    if (fence) {
      if (f && raw.trim().startsWith(fence.marker)) {
        if (fence.lang === 'mermaid') {
          const graph = parseMermaidFlowchart(fence.body.join('\n'), fence.start + 1);
          if (graph) diagrams.push(graph);
        }
        fence = undefined;
      } else fence.body.push(raw);
      return;
    }
    if (f && markdown) {
      fence = { marker: f[1]!, lang: (f[2] ?? '').toLowerCase(), start: lineNo, body: [] };
      return;
    }
    const h = markdown ? HEADING.exec(raw) : plainHeading(raw, lines[i + 1]);
    if (h) {
      heading = stripInline(h[2]!);
      if (title === undefined && (h[1] === '#' || !markdown)) {
        title = heading;
        titleLine = lineNo;
      }
      prose.push({ line: lineNo, text: heading, heading, isHeading: true });
      return;
    }
    const text = stripInline(raw.replace(/^\s*([-*+]|\d+[.)])\s+/, '').replace(/^\s*>\s?/, '').replace(/^\s*\|/, '').replace(/\|\s*$/, ''));
    if (!text || /^[-|:\s]+$/.test(text)) return;
    prose.push({ line: lineNo, text, heading, isHeading: false });
  });

  // Plain text usually opens with its title line, whatever its case.
  const opening = prose[0];
  if (!markdown && opening && opening.text.length <= 120 && (title === undefined || opening.line < titleLine)) {
    title = opening.text.replace(/[.:]$/, '');
    titleLine = opening.line;
  }
  if (title === undefined) {
    const first = prose.find((p) => p.text.length > 0 && p.text.length <= 120);
    if (first) {
      title = first.text.replace(/[.:]$/, '');
      titleLine = first.line;
    }
  }
  return { file: doc.file, title, titleLine, purpose: findPurpose(prose, titleLine), prose, diagrams };
}

/** Headings in plain text: "2. COMPONENTS", "DATA FLOW", or a line underlined with === or ---. */
function plainHeading(line: string, next: string | undefined): RegExpExecArray | undefined {
  const t = line.trim();
  if (t.length < 3 || t.length > 80) return undefined;
  const underlined = next !== undefined && /^\s*(=+|-+)\s*$/.test(next) && next.trim().length >= 3;
  const caps = /^(\d+[.)]\s*)?[A-Z][A-Z0-9 &/()'",:-]{2,}$/.test(t) && /[A-Z]{3}/.test(t);
  if (!underlined && !caps) return undefined;
  const text = t.replace(/^\d+[.)]\s*/, '').replace(/:$/, '');
  return Object.assign([t, '##', text], { index: 0, input: line, groups: undefined }) as unknown as RegExpExecArray;
}

function findPurpose(prose: ProseLine[], titleLine: number): { text: string; line: number } | undefined {
  const body = prose.filter((p) => !p.isHeading && p.line > titleLine);
  const underPurpose = body.find((p) => p.heading !== undefined && PURPOSE_HEADING.test(p.heading) && p.text.length >= 30);
  const first = underPurpose ?? body.find((p) => p.text.length >= 40 && /[a-z]/.test(p.text));
  if (!first) return undefined;
  const sentence = firstSentences(first.text, 300);
  return { text: sentence, line: first.line };
}

function firstSentences(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = cut.lastIndexOf('. ');
  return end > 40 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, '')}…`;
}

/** Splits a line into sentences, keeping offsets, so rules can scope negation and mentions. */
export function sentences(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const re = /(?:[^.!?;]|[.!?;]+(?=\S))+(?:[.!?;]+(?=\s|$)|$)/g;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (t.trim()) out.push({ text: t, start: m.index });
  }
  return out;
}
