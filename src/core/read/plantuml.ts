import { cleanLabel, type Diagram, type DiagramEdge, type DiagramGroup, type DiagramNode, type DiagramText } from './diagram.js';
import { readC4Macros } from './mermaid.js';
import type { ComponentKind } from '../vocabulary.js';

const ELEMENT =
  /^(actor|participant|boundary|control|entity|database|collections|queue|component|node|cloud|rectangle|frame|folder|package|storage|artifact|interface|usecase|agent|card|file|hexagon|person|process|stack|circle)\s+("[^"]+"|\[[^\]]+\]|[^\s{]+)(?:\s+as\s+("[^"]+"|[^\s{]+))?\s*(?:<<[^>]*>>)?\s*(#\w+)?\s*(\{)?\s*$/i;
const REF = String.raw`(\[[^\]]+\]|"[^"]+"|\(\)\s*"?[^"\s]+"?|[\w.]+)`;
const ARROW = String.raw`(<?[-.=~]+(?:\[[^\]]*\])?(?:left|right|up|down|l|r|u|d)?[-.=~]*[>\]]?|<?-+>?)`;
const RELATION = new RegExp(`^${REF}\\s*${ARROW}\\s*${REF}\\s*(?::\\s*(.*))?$`);

const KIND_OF: Record<string, ComponentKind | undefined> = { database: 'datastore', storage: 'datastore', collections: 'datastore', queue: 'queue' };
const GROUPING = new Set(['package', 'node', 'cloud', 'frame', 'folder', 'rectangle', 'stack']);

/** PlantUML: C4-PlantUML macros, component and deployment diagrams, sequence diagrams. */
export function readPlantUml(body: string): Diagram {
  if (/^\s*(?:!include\S*\s+\S*C4|\s*(?:Person|System|Container|Component)(?:_Ext|Db|Queue)?\s*\()/m.test(body)) return readC4Macros(body, 'c4-plantuml');
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const groups: DiagramGroup[] = [];
  const texts: DiagramText[] = [];
  const stack: DiagramGroup[] = [];
  const key = (ref: string) => cleanLabel(ref.replace(/^\[|\]$/g, '').replace(/^\(\)\s*/, ''));
  const touch = (ref: string, line: number, label?: string, extra: Partial<DiagramNode> = {}) => {
    const id = key(ref);
    const existing = nodes.get(id);
    if (existing) return id;
    const group = stack[stack.length - 1];
    nodes.set(id, { id, label: cleanLabel(label ?? id), line, ...extra, ...(group ? { group: group.id } : {}) });
    group?.nodes.push(id);
    return id;
  };
  body.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.replace(/^\s*'.*$/, '').trim();
    if (!t || /^@(start|end)uml/i.test(t) || /^(skinparam|title|left to right|top to bottom|hide|show|!|legend|endlegend|autonumber|activate|deactivate|==|\.\.\.)/i.test(t)) return;
    if (t === '}') {
      stack.pop();
      return;
    }
    const el = ELEMENT.exec(t);
    if (el) {
      const type = el[1]!.toLowerCase();
      const first = el[2]!;
      const alias = el[3];
      // `database "Orders DB" as db`: label first, alias second; `database db as "Orders DB"` the other way.
      const labelFirst = /^["[]/.test(first) || !alias;
      const label = labelFirst ? first : alias!;
      const id = alias && labelFirst ? alias : first;
      if (GROUPING.has(type) && el[5]) {
        const g: DiagramGroup = { id: key(id), label: key(label), line, nodes: [] };
        groups.push(g);
        stack.push(g);
        return;
      }
      const kind = KIND_OF[type];
      touch(id, line, key(label), { ...(type === 'actor' || type === 'person' ? { person: true } : {}), ...(kind ? { kind } : {}) });
      return;
    }
    const rel = RELATION.exec(t);
    if (rel) {
      const [, a, arrow, b, label] = rel;
      const from = touch(a!, line);
      const to = touch(b!, line);
      const reversed = /^</.test(arrow!) && !/>$/.test(arrow!);
      const text = label ? cleanLabel(label) : '';
      edges.push({ from: reversed ? to : from, to: reversed ? from : to, line, ...(text ? { label: text } : {}) });
      if (text) texts.push({ text, line, column: Math.max(0, raw.indexOf(label!.trim())), about: [from, to] });
      return;
    }
    const note = /^note\s+(?:over|left of|right of|top of|bottom of)\s+([^:]+):\s*(.+)$/i.exec(t);
    if (note) texts.push({ text: note[2]!.trim(), line, column: raw.indexOf(note[2]!.trim()), about: note[1]!.split(',').map((x) => key(x.trim())) });
  });
  return { notation: 'plantuml', nodes: [...nodes.values()], edges, groups, texts };
}
