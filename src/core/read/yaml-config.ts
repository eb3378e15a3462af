import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Diagram, DiagramEdge, DiagramNode, DiagramText } from './diagram.js';

/**
 * YAML and JSON that describe a deployment rather than aitm's system model: docker-compose files
 * (services, images, depends_on, environment), Kubernetes workloads, and any other configuration,
 * whose "key: value" lines are read for facts ("rate_limiting: false").
 */
export interface StructuredReading {
  diagram?: Diagram;
  /** "key.path: value" statements with their position, for the fact reader. */
  settings: DiagramText[];
}

function parse(text: string): { docs: Document.Parsed[]; lines: LineCounter } | undefined {
  const lines = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
    return { docs, lines };
  } catch {
    return undefined;
  }
}

function position(lines: LineCounter, node: { range?: [number, number, number] | null } | null | undefined): { line: number; column: number } {
  const at = node?.range?.[0] ?? 0;
  const p = lines.linePos(at);
  return { line: p.line, column: p.col - 1 };
}

function scalar(node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined && typeof node.value !== 'object') return String(node.value);
  return undefined;
}

function get(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) if (scalar(pair.key) === key) return pair.value;
  return undefined;
}

/** Every scalar leaf as "a.b.c: value", with the position of its value. */
function settingsOf(node: unknown, lines: LineCounter, prefix: string, out: DiagramText[], about: string[] = []): void {
  if (out.length > 5000) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = scalar(pair.key);
      if (key === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const value = scalar(pair.value);
      if (value !== undefined) {
        const p = position(lines, pair.key as YamlNode);
        out.push({ text: `${path.replace(/[._]/g, ' ')}: ${value}`, line: p.line, column: p.column, about });
      } else settingsOf(pair.value, lines, path, out, about);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const value = scalar(item);
      if (value !== undefined) {
        const p = position(lines, item as YamlNode);
        out.push({ text: `${prefix.replace(/[._]/g, ' ')}: ${value}`, line: p.line, column: p.column, about });
      } else settingsOf(item, lines, prefix, out, about);
    }
  }
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod', 'ReplicaSet']);

/** Reads YAML or JSON text; undefined when it does not parse. */
export function readStructured(text: string): StructuredReading | undefined {
  const parsed = parse(text);
  if (!parsed) return undefined;
  const { docs, lines } = parsed;
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const settings: DiagramText[] = [];
  let notation: Diagram['notation'] | undefined;

  for (const doc of docs) {
    const root = doc.contents;
    const services = get(root, 'services');
    if (isMap(services) && services.items.some((p) => isMap(p.value) && (get(p.value, 'image') !== undefined || get(p.value, 'build') !== undefined))) {
      notation = 'compose';
      const names = services.items.map((p) => scalar(p.key)).filter((x): x is string => x !== undefined);
      for (const pair of services.items) {
        const id = scalar(pair.key);
        if (!id) continue;
        const image = scalar(get(pair.value, 'image'));
        const at = position(lines, pair.key as YamlNode);
        nodes.push({ id, label: id, line: at.line, ...(image ? { technology: image } : {}) });
        const deps = get(pair.value, 'depends_on');
        const depNames = isSeq(deps) ? deps.items.map(scalar) : isMap(deps) ? deps.items.map((p) => scalar(p.key)) : [];
        for (const d of depNames) if (d) edges.push({ from: id, to: d, line: at.line });
        // A connection string or host that names another service is a flow to it.
        const env: DiagramText[] = [];
        settingsOf(get(pair.value, 'environment'), lines, '', env, [id]);
        for (const e of env) {
          const value = e.text.slice(e.text.indexOf(':') + 1);
          for (const other of names) if (other !== id && new RegExp(`(^|[^\\w-])${other.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}([^\\w-]|$)`).test(value) && !edges.some((x) => x.from === id && x.to === other)) edges.push({ from: id, to: other, line: e.line });
        }
        settingsOf(pair.value, lines, id, settings, [id]);
      }
      continue;
    }
    const kind = scalar(get(root, 'kind'));
    const name = scalar(get(get(root, 'metadata'), 'name'));
    if (kind && name && WORKLOADS.has(kind)) {
      notation ??= 'kubernetes';
      const at = position(lines, get(get(root, 'metadata'), 'name') as YamlNode);
      const images: string[] = [];
      const collect = (n: unknown): void => {
        if (isMap(n)) for (const p of n.items) (scalar(p.key) === 'image' && scalar(p.value) ? images.push(scalar(p.value)!) : collect(p.value));
        else if (isSeq(n)) n.items.forEach(collect);
      };
      collect(get(root, 'spec'));
      nodes.push({ id: name, label: name, line: at.line, ...(images[0] ? { technology: images[0] } : {}) });
      settingsOf(root, lines, '', settings, [name]);
      continue;
    }
    settingsOf(root, lines, '', settings);
  }
  return {
    ...(notation ? { diagram: { notation, nodes, edges, groups: [], texts: [] } } : {}),
    settings,
  };
}
