import { cleanLabel, type Diagram, type DiagramEdge, type DiagramGroup, type DiagramNode, type DiagramText } from './diagram.js';

const ELEMENTS = new Set(['person', 'softwaresystem', 'container', 'component', 'element', 'infrastructurenode', 'softwaresysteminstance', 'containerinstance']);
const SKIPPED = new Set(['views', 'styles', 'configuration', 'deploymentenvironment', 'branding', 'terminology', 'properties', 'perspectives', 'themes']);

/** True when a text looks like a Structurizr DSL workspace. */
export function isStructurizr(text: string): boolean {
  return /\bworkspace\b[^{\n]*\{/.test(text) && /\b(softwareSystem|container|person)\s+"/.test(text);
}

interface Token {
  value: string;
  quoted: boolean;
  column: number;
}

function tokens(line: string): Token[] {
  const out: Token[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(->|[{}=])|([^\s"{}=]+)/g;
  for (const m of line.matchAll(re)) {
    if (m[1] !== undefined) out.push({ value: m[1], quoted: true, column: m.index + 1 });
    else out.push({ value: m[2] ?? m[3]!, quoted: false, column: m.index });
  }
  return out;
}

interface Frame {
  kind: 'element' | 'group' | 'skip' | 'other';
  id?: string;
  path?: string;
}

/** Structurizr DSL: people, software systems, containers and components; relationships as flows. */
export function readStructurizr(text: string): Diagram {
  const nodes = new Map<string, DiagramNode>();
  const byPath = new Map<string, string>();
  const edges: Array<DiagramEdge & { rawFrom: string; rawTo: string }> = [];
  const groups: DiagramGroup[] = [];
  const texts: DiagramText[] = [];
  const stack: Frame[] = [];
  let comment = false;
  let anonymous = 0;

  const current = () => [...stack].reverse().find((f) => f.kind === 'element');
  const inSkipped = () => stack.some((f) => f.kind === 'skip');

  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    let t = raw;
    if (comment) {
      const close = t.indexOf('*/');
      if (close < 0) return;
      t = ' '.repeat(close + 2) + t.slice(close + 2);
      comment = false;
    }
    const open = t.indexOf('/*');
    if (open >= 0 && t.indexOf('*/', open) < 0) {
      t = t.slice(0, open);
      comment = true;
    }
    t = t.replace(/^\s*(\/\/|#).*$/, '');
    const toks = tokens(t);
    if (toks.length === 0) return;
    const opens = toks[toks.length - 1]!.value === '{' && !toks[toks.length - 1]!.quoted;
    if (toks.length === 1 && toks[0]!.value === '}' && !toks[0]!.quoted) {
      stack.pop();
      return;
    }
    if (inSkipped()) {
      if (opens) stack.push({ kind: 'skip' });
      return;
    }
    const words = toks.filter((x) => !(x.value === '{' && !x.quoted));
    const first = words[0]!;
    if (!first.quoted && SKIPPED.has(first.value.toLowerCase())) {
      if (opens) stack.push({ kind: 'skip' });
      return;
    }
    // Relationship: [a] -> b "description" "technology"
    const arrow = words.findIndex((x) => x.value === '->' && !x.quoted);
    if (arrow >= 0 && arrow <= 1) {
      const from = arrow === 1 ? words[0]!.value : (current()?.id ?? '');
      const to = words[arrow + 1]?.value ?? '';
      const description = words[arrow + 2]?.quoted ? words[arrow + 2]! : undefined;
      if (from && to) {
        const label = description ? cleanLabel(description.value) : '';
        edges.push({ from, to, rawFrom: from, rawTo: to, line, ...(label ? { label } : {}) });
        if (description && label) texts.push({ text: description.value, line, column: description.column, about: [from, to] });
      }
      if (opens) stack.push({ kind: 'other' });
      return;
    }
    // Element: [id =] type "name" "description" "technology" "tags"
    const assigned = words[1]?.value === '=' && !words[1].quoted;
    const typeToken = assigned ? words[2] : words[0];
    const type = typeToken?.value.toLowerCase() ?? '';
    if (typeToken && !typeToken.quoted && (ELEMENTS.has(type) || type === 'group' || type === 'deploymentnode')) {
      const args = words.slice(assigned ? 3 : 1).filter((x) => x.quoted);
      if (type === 'group' || type === 'deploymentnode') {
        const g: DiagramGroup = { id: `group-${line}`, label: cleanLabel(args[0]?.value ?? type), line, nodes: [] };
        groups.push(g);
        if (opens) stack.push({ kind: 'group', id: g.id });
        return;
      }
      const name = args[0]?.value ?? '';
      if (!name) return;
      const parent = current();
      const localId = assigned ? words[0]!.value : `anonymous-${++anonymous}`;
      const path = parent?.path ? `${parent.path}.${localId}` : localId;
      const hasTech = type === 'container' || type === 'component';
      const description = args[1];
      const technology = hasTech ? args[2] : undefined;
      const tags = (hasTech ? args[3] : args[2])?.value ?? '';
      const group = [...stack].reverse().find((f) => f.kind === 'group');
      const node: DiagramNode = {
        id: path,
        label: cleanLabel(name),
        line,
        ...(type === 'person' ? { person: true } : {}),
        ...(technology ? { technology: cleanLabel(technology.value) } : {}),
        ...(group?.id ? { group: group.id } : {}),
      };
      applyTags(node, tags);
      nodes.set(path, node);
      byPath.set(localId, byPath.has(localId) ? byPath.get(localId)! : path);
      byPath.set(path, path);
      if (group?.id) groups.find((g) => g.id === group.id)?.nodes.push(path);
      for (const d of [description, technology]) if (d?.value.trim()) texts.push({ text: d.value, line, column: d.column, about: [path] });
      if (opens) stack.push({ kind: 'element', id: path, path });
      return;
    }
    const owner = current();
    if (owner && !first.quoted) {
      const node = nodes.get(owner.id!);
      const value = words[1];
      if (node && value?.quoted) {
        const k = first.value.toLowerCase();
        if (k === 'tags') applyTags(node, words.slice(1).map((w) => w.value).join(','));
        if (k === 'technology') node.technology = cleanLabel(value.value);
        if (k === 'description' || k === 'technology') texts.push({ text: value.value, line, column: value.column, about: [owner.id!] });
      }
    }
    if (opens) stack.push({ kind: 'other' });
  });

  const resolve = (ref: string) => byPath.get(ref) ?? byPath.get(ref.split('.').pop()!) ?? (nodes.has(ref) ? ref : undefined);
  const resolvedEdges: DiagramEdge[] = [];
  for (const e of edges) {
    const from = resolve(e.rawFrom);
    const to = resolve(e.rawTo);
    if (from && to && from !== to) resolvedEdges.push({ from, to, line: e.line, ...(e.label ? { label: e.label } : {}) });
  }
  for (const t of texts) t.about = t.about.map((a) => resolve(a) ?? a);
  return { notation: 'structurizr', nodes: [...nodes.values()], edges: resolvedEdges, groups, texts };
}

function applyTags(node: DiagramNode, tags: string): void {
  if (/\b(database|db|datastore|data store|storage)\b/i.test(tags)) node.kind = 'datastore';
  else if (/\b(queue|topic|stream)\b/i.test(tags)) node.kind = 'queue';
  if (/\bexternal\b/i.test(tags)) node.external = true;
}
