import { readDocument, type ReadDocument, type SourceDocument } from '../read/document.js';
import type { Block } from '../read/blocks.js';
import { sentencesOf } from '../read/sentences.js';
import type { TechnologyIndex } from '../technology.js';
import type { DataFlow, Evidence, SystemModel } from '../system.js';
import type { ReadingReport } from '../threat.js';
import type { ComponentKind, Feature } from '../vocabulary.js';
import { containsWord, norm, SystemBuilder, type Draft } from './builder.js';
import { lineEvidence, readDefinitions, readDiagrams, readHeadings, readNames, readSettings, readTables, type DocState, type ReadContext } from './components.js';
import { readFacts } from './facts.js';
import { resolveFeatures, resolveTraits } from './resolve.js';
import { FEATURE_FROM_TRAIT, TRAIT_FROM_FEATURE } from './rules.js';

export { slugify } from './builder.js';
export { classifyName } from './components.js';


export interface ExtractOptions {
  technologies: TechnologyIndex;
  name?: string;
}

export interface Extraction {
  system: SystemModel;
  report: ReadingReport;
}

const STRONG_ML = /xgboost|lightgbm|catboost|classifier|recommender|\branker\b|random forest|gradient[- ]boost|regression|neural net|collaborative filtering|scor(er|ing)|fraud|churn|risk|forecast|detector|detection|vision|cnn|resnet|yolo|asr|speech|whisper|embedding/i;

/**
 * In an LLM product, a box labelled just "Base model" or "Model server" is the LLM, not a
 * predictive model: fold it into the LLM unless the docs speak of predictive ML.
 */
function foldGenericModels(b: SystemBuilder): void {
  const llms = b.ofKind('llm');
  const predictive = b.statements.some((s) => s.feature === 'predictive-ml' && s.reading.reading === 'affirmed');
  if (llms.length === 0 || predictive) return;
  for (const d of [...b.ofKind('ml-model')]) {
    if (STRONG_ML.test(`${d.component.name} ${d.component.description ?? ''} ${d.component.technology ?? ''}`)) continue;
    if (llms.length === 1) b.merge(d, llms[0]!);
    else b.setKind(d, 'llm');
  }
}

/** "the worker" folds into "OA Worker", "the inference server" into "OA Inference Server": the one that ends with it. */
function foldShortNames(b: SystemBuilder): void {
  const byLast = new Map<string, Draft[]>();
  for (const d of b.drafts.values()) {
    const last = norm(d.component.name).split(' ').pop()!;
    byLast.set(last, [...(byLast.get(last) ?? []), d]);
  }
  for (const d of [...b.drafts.values()]) {
    if (d.origin !== 'phrase' && !d.generic) continue;
    if (!b.drafts.has(d.component.id)) continue;
    const n = norm(d.component.name);
    const longer = (byLast.get(n.split(' ').pop()!) ?? []).filter((x) => x !== d && b.drafts.has(x.component.id) && norm(x.component.name).endsWith(` ${n}`));
    if (longer.length === 1) b.merge(d, longer[0]!);
  }
}

/** Generic stand-ins ("LLM", "Vector store") fold into the one named component of their kind. */
function foldGenericComponents(b: SystemBuilder): void {
  for (const d of [...b.drafts.values()]) {
    if (!d.generic || !b.drafts.has(d.component.id)) continue;
    const named = b.ofKind(d.component.kind).filter((x) => x !== d && !x.generic);
    if (named.length === 1) b.merge(d, named[0]!);
    else if (named.length === 0) {
      // "Retrieval" with no vector store named, but an agent memory on Qdrant: that is the index.
      const onProduct = [...b.drafts.values()].filter((x) => x !== d && !x.generic && x.product?.kind === d.component.kind);
      if (onProduct.length === 1) b.merge(d, onProduct[0]!);
    }
  }
}

/**
 * "OpenAI" and "GPT-4o" in the same docs are one model reached through one provider: a component
 * that stands only for a hosted model API folds into the one named model, if there is one.
 */
function foldProviders(b: SystemBuilder): void {
  for (const kind of ['llm', 'ml-model'] as const) {
    const all = b.ofKind(kind);
    const providers = all.filter((d) => d.product && /\bAPI\b|platform|provider|service/i.test(d.product.role) && d.origin === 'technology');
    const models = all.filter((d) => !providers.includes(d));
    if (models.length !== 1) continue;
    for (const p of providers) b.merge(p, models[0]!);
  }
}

/** "The Support Assistant is a chat widget…": a phrase that names the system itself is not one of its parts. */
function dropSystemItself(b: SystemBuilder, name: string): void {
  const system = norm(name);
  // When the docs describe one service, the service is the system: keep it.
  if (b.drafts.size < 4) return;
  for (const d of [...b.drafts.values()]) {
    if (d.origin !== 'phrase' && d.origin !== 'name') continue;
    const n = norm(d.component.name);
    if (n.length >= 4 && (n === system || containsWord(system, n))) b.remove(d);
  }
}

/** Without an LLM or agent, a "tool" is an ordinary application (an admin tool), not something a model calls. */
function demoteToolsWithoutModel(b: SystemBuilder): void {
  const llm = b.ofKind('llm').length > 0 || b.ofKind('agent').length > 0 || b.statements.some((s) => s.feature === 'llm' && s.reading.reading === 'affirmed');
  if (llm) return;
  for (const d of [...b.ofKind('tool')]) b.setKind(d, 'service');
}

/** An AI feature the docs state, with no component to attach it to: a stand-in component, marked generic. */
function standIns(b: SystemBuilder): void {
  const need: Array<{ feature: Feature; kind: ComponentKind; name: string }> = [
    { feature: 'llm', kind: 'llm', name: 'LLM' },
    { feature: 'predictive-ml', kind: 'ml-model', name: 'ML model' },
  ];
  for (const { feature, kind, name } of need) {
    if (b.ofKind(kind).length > 0) continue;
    if (kind === 'ml-model' && b.ofKind('llm').length > 0) continue;
    const s = b.statements.find((x) => x.feature === feature && x.reading.reading === 'affirmed');
    if (s) b.addComponent(name, kind, s.evidence, 'phrase', [], true);
  }
}

/** What a request looks like on a flow's label: "POST /chat", "webhook", "tool calls", "query". */
const REQUEST_LABEL = /\b(?:GET|POST|PUT|PATCH|DELETE|HTTPS?|REST|gRPC|requests?|calls?|webhooks?|quer(?:y|ies)|chat|messages?|API|prompts?|commands?|invokes?|uploads?)\b/i;

/**
 * A component that requests reach across a trust boundary: from a person, a UI or an outside
 * system, or on a flow labelled as a request. A batch job that pulls posts from a forum receives
 * data, not requests, and is not an endpoint.
 */
function boundaryTraits(b: SystemBuilder): void {
  for (const f of b.finalFlows()) {
    if (!f.crosses_boundary) continue;
    const from = b.drafts.get(f.from);
    const caller = b.actors.has(f.from) || from?.component.kind === 'ui';
    if (!caller && !REQUEST_LABEL.test(f.data ?? '')) continue;
    const to = b.drafts.get(f.to);
    if (!to || to.component.traits.some((t) => t.trait === 'boundary-inbound')) continue;
    to.component.traits.push({ trait: 'boundary-inbound', state: 'present', evidence: f.evidence.slice(0, 1) });
  }
}

const FEEDBACK_SOURCE = /feedback|reports?\b|ratings?|thumbs|clicks?|labels?|flags?|dispute|chargeback|corrections?|outcomes?/i;

/** A path in the data flows from a feedback source to training: the model learns from feedback. */
function feedbackPaths(b: SystemBuilder): void {
  const training = new Set(b.ofKind('training-pipeline').map((d) => d.component.id));
  if (training.size === 0) return;
  const out = new Map<string, DataFlow[]>();
  for (const f of b.finalFlows()) out.set(f.from, [...(out.get(f.from) ?? []), f]);
  const named = (id: string) => b.drafts.get(id)?.component.name ?? b.actors.get(id)?.name ?? id;
  for (const start of [...b.drafts.keys(), ...b.actors.keys()]) {
    const startFlows = out.get(start) ?? [];
    if (!FEEDBACK_SOURCE.test(named(start)) && !startFlows.some((f) => FEEDBACK_SOURCE.test(f.data ?? ''))) continue;
    const queue: Array<{ id: string; path: DataFlow[] }> = [{ id: start, path: [] }];
    const seen = new Set([start]);
    while (queue.length > 0) {
      const { id, path } = queue.shift()!;
      if (training.has(id) && path.length > 0) {
        for (const f of path) for (const e of f.evidence) b.state({ feature: 'learns-from-feedback', reading: { reading: 'affirmed' }, subjects: 'system', evidence: e });
        break;
      }
      if (path.length >= 4) continue;
      for (const f of out.get(id) ?? []) {
        if (seen.has(f.to)) continue;
        seen.add(f.to);
        queue.push({ id: f.to, path: [...path, f] });
      }
    }
  }
}

/** Capabilities that follow from the components and their traits. */
function deriveFeatures(b: SystemBuilder): void {
  const from = (feature: Feature, drafts: Draft[]) => {
    for (const d of drafts) b.state({ feature, reading: { reading: 'affirmed' }, subjects: 'system', evidence: d.component.evidence[0]! });
  };
  from('llm', b.ofKind('llm'));
  from('predictive-ml', b.ofKind('ml-model'));
  from('tools', b.ofKind('tool'));
  from('mcp', b.ofKind('mcp-server'));
  from('in-house-training', b.ofKind('training-pipeline'));
  from('persistent-memory', b.ofKind('memory'));
  if (b.ofKind('llm').length > 0) from('rag', b.ofKind('vector-store'));
  if (b.ofKind('agent').length >= 2) from('multi-agent', b.ofKind('agent'));
  for (const rule of FEATURE_FROM_TRAIT) {
    for (const d of b.ofKind(...rule.kinds)) {
      const t = d.component.traits.find((x) => x.trait === rule.trait && x.state === 'present');
      if (t) for (const e of t.evidence) b.state({ feature: rule.feature, reading: { reading: 'affirmed' }, subjects: 'system', evidence: e });
    }
  }
}

/** Running code is a side effect; a feature with one candidate component is that component's trait. */
/** A store named for logs or telemetry, or on a logging product, or fed a flow of logs, holds logs. */
const LOG_NAME = /\blogs?\b|\blogging\b|\btelemetry\b|\btraces?\b|\baudit trail\b|\bSIEM\b/i;
const LOG_PRODUCT = /\b(?:datadog|loki|splunk|elasticsearch|opensearch|cloudwatch|stackdriver|sentry|new relic|honeycomb|langsmith|langfuse|helicone|grafana)\b/i;

function logTraits(b: SystemBuilder): void {
  const fedLogs = new Set(b.finalFlows().filter((f) => f.data && /\blogs?\b|\btraces?\b|prompts?, (?:completions|outputs)|telemetry/i.test(f.data)).map((f) => f.to));
  for (const d of b.ofKind('datastore', 'service', 'external-api')) {
    const c = d.component;
    if (c.traits.some((t) => t.trait === 'holds-logs')) continue;
    if (!LOG_NAME.test(c.name) && !LOG_PRODUCT.test(c.technology ?? '') && !fedLogs.has(c.id)) continue;
    c.traits.push({ trait: 'holds-logs', state: 'present', evidence: c.evidence.slice(0, 1) });
  }
}

function deriveTraits(b: SystemBuilder, features: SystemModel['features']): void {
  for (const d of b.ofKind('tool', 'agent', 'mcp-server')) {
    const runs = d.component.traits.find((t) => t.trait === 'executes-code' && t.state === 'present');
    if (runs && !d.component.traits.some((t) => t.trait === 'side-effects')) d.component.traits.push({ trait: 'side-effects', state: 'present', evidence: [...runs.evidence] });
  }
  for (const rule of TRAIT_FROM_FEATURE) {
    const fact = features[rule.feature];
    if (fact?.state !== 'present') continue;
    const candidates = b.ofKind(...rule.kinds);
    if (candidates.length !== 1) continue;
    const d = candidates[0]!;
    if (!d.component.traits.some((t) => t.trait === rule.trait)) d.component.traits.push({ trait: rule.trait, state: 'present', evidence: [...fact.evidence] });
  }
}

const DOC_WORDS =
  /^(architecture|design|design doc(ument)?|system design|technical design|solution (architecture|design)|high[- ]level design|hld|lld|low[- ]level design|reference architecture|target architecture|overview|architecture overview|system overview|rfc[- ]?\d*|one-pager|tech spec|technical spec(ification)?|technical overview|readme|adr[- ]?\d*|notes|docs?|documentation|security review|threat model|design review|architecture (notes|review|decision record)|how it works)$/i;

/** Words a document title uses for itself rather than for the system ("Architecture and Scalability"). */
const TITLE_WORDS =
  /^(?:architecture|architectural|design|overview|technical|guide|notes?|scalability|communication|protocol|memo|readme|introduction|intro|documentation|docs?|reference|system|systems|details|summary|description|diagram|diagrams|concepts?|deployment|specification|spec|review|security|how|it|works|and|of|the|for|a|an|&|to|in|on|v\d[\w.]*|draft|wip|internal|high[- ]level|low[- ]level|solution|target|current|proposed)$/i;

function genericTitle(part: string): boolean {
  const words = part.toLowerCase().split(/[\s/]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => TITLE_WORDS.test(w));
}

/**
 * "Acme Support Assistant — Architecture" → "Acme Support Assistant": the system, not the document.
 * A short name before a dash or colon is the name ("Earshot — Speech Analytics Platform" → "Earshot");
 * a title that names only the document ("Architecture Guide") gives way to the name the prose opens with.
 */
export function systemNameOf(title: string, subject?: string): string {
  const cleaned = title.replace(/^\s*(?:adr[- ]?\d+|rfc[- ]?\d+)\s*[:.-]\s*/i, '').trim();
  const parts = cleaned.split(/\s+[—–-]\s+|:\s+|\s+\|\s+/).map((p) => p.trim()).filter(Boolean);
  const kept = parts.filter((p) => !DOC_WORDS.test(p) && !genericTitle(p));
  if (kept.length === 0) return subject ?? parts.join(' — ');
  // "Retrieval store and model hosting for the Compass HR assistant": a decision's title names its system after "for".
  const forSystem = /\bfor (?:the |our )?((?:[A-Z][\w-]*\s+){1,4}(?:assistant|bot|agent|system|platform|service|app|copilot|pipeline|engine|tool))$/i.exec(kept[0]!);
  if (forSystem && /^(?:adr|rfc|decision)\b/i.test(title.trim())) return forSystem[1]!;
  const first = kept[0]!.replace(/\s+(architecture|design|overview|system design|technical design)( document| doc)?$/i, '').trim() || kept[0]!;
  if (parts.length > 1 && first.split(/\s+/).length <= 5) return first;
  return kept.join(' — ').replace(/\s+(architecture|design|overview|system design|technical design)( document| doc)?$/i, '').trim();
}

const SUBJECT =
  /(?:^|[.!?]\s+|\b[Tt]he\s+)((?:[A-Z][a-z0-9]*[A-Z][\w-]*|[A-Z][\w-]+)(?:\s+(?:[A-Z][\w-]+|\d[\w.]*)){0,3})(?:['’]s)?(?:\s*\([^)]{1,20}\))?\s+(?:is|are|was|provides|follows|uses|lets|helps|offers|enables|implements|runs|turns|screens|answers|gives|consists|has|supports|can|toolkit|architecture|framework|platform)\b/;
const NOT_SUBJECT = /^(?:This|That|These|It|Each|Every|Our|We|There|Here|The|A|An|In|On|At|For|When|If|Note|Section|Figure|Table|Architecture|Overview|System)$/;

/** The name the prose opens with: "Agent Zero is built on…", "The Model Context Protocol (MCP) follows…". */
function subjectOf(doc: ReadDocument): string | undefined {
  for (const b of doc.blocks.filter((x) => x.kind === 'paragraph').slice(0, 4)) {
    const m = SUBJECT.exec(b.text.replace(/^(?:The|A|An)\s+/, ''));
    if (m && !NOT_SUBJECT.test(m[1]!.split(/\s+/)[0]!) && !genericTitle(m[1]!)) return m[1]!;
  }
  return undefined;
}

const MAIN_FILE = /(^|\/)(readme|overview|architecture|arch|index|system|design|intro|introduction|summary|about)[^/]*$/i;
const SIDE_FILE = /(^|\/)(data|serving|deployment|deploy|config|settings|api|infra|infrastructure|ops|runbook|training|security|appendix|glossary|changelog|adr[-_ ]?\d*|roles?|users?|protocol|sdk|guide|faq|notes)[^/]*$/i;

/** The document that describes the system as a whole: named like an overview, titled, with a purpose. */
function mainDocument(docs: ReadDocument[]): ReadDocument | undefined {
  let best: ReadDocument | undefined;
  let bestScore = -Infinity;
  docs.forEach((d, i) => {
    let score = -i * 0.01;
    if (d.title) score += 3;
    if (d.format === 'markdown' || d.format === 'text') score += 2;
    else score -= 5;
    if (MAIN_FILE.test(d.file)) score += 3;
    if (SIDE_FILE.test(d.file)) score -= 3;
    if (purposeOf(d)) score += 1;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  });
  return best;
}

/** Document metadata, not a description: "Version 0.9 · Owner: …", "Status: draft", "Last reviewed: …". */
const METADATA = /^(?:version|v\d|status|owner|owners|author|authors|date|last (?:updated|reviewed|edited)|reviewers?|approvers?|contact|team|draft|confidential|internal|design doc)\b|(?:\w+:\s*[^·|]+[·|]\s*){2,}|^\**(?:status|owner)\**:|(?=(?:[^:]*\b[A-Z]\w+:\s){2})(?=.*[·|])/i;

/** A sentence that says what something is or does for its users. */
const DEFINING = /^(?:[A-Z][\w'’-]*\s+){1,5}(?:is|are)\s+(?:a|an|the|our)\b|\b(?:lets|helps|allows|enables)\s+(?:\w+\s+){0,2}(?:users?|customers?|teams?|agents?|analysts?|developers?|operators?|engineers?|clinicians?|people)\b/;

const PURPOSE_HEADING = /^(purpose|overview|context|summary|introduction|intro|background|about|what (it|this) (is|does)|goals?|problem|tl;?dr|executive summary|description)\b/i;

function purposeOf(doc: ReadDocument): string | undefined {
  if (doc.description) return doc.description.text;
  // Metadata lines are short: testing a paragraph's head keeps the check cheap on long prose.
  const prose = (b: Block) =>
    b.kind === 'paragraph' && !b.quoted && b.text.length >= 30 && /[a-z]{3}/.test(b.text) && !/^[:.]|^\.\. /.test(b.text) && !METADATA.test(b.text.slice(0, 240));
  const titleLine = doc.title?.line ?? 0;
  const under = doc.blocks.find((b) => b.path.length > 0 && PURPOSE_HEADING.test(b.path[b.path.length - 1]!.text) && prose(b));
  const first = under ?? doc.blocks.find((b) => b.line > titleLine && b.text.length >= 40 && prose(b));
  if (!first) return undefined;
  let out = '';
  // Start at the sentence that says what the system is ("The Support Assistant is a chat widget…"),
  // if one of the first three does; a paragraph often opens with the problem instead.
  const sentences = sentencesOf(first.text);
  // The title's lead ("Patchwork" in "Patchwork: an autonomous coding agent") as a sentence's subject counts too.
  const lead = doc.title?.text.split(/\s*(?::|—|–|\s-\s|\()/)[0]?.trim();
  const bySubject = (t: string) => lead !== undefined && lead.length >= 3 && lead.split(/\s+/).length <= 4 && new RegExp(`^(?:the\\s+)?${lead.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+[a-z]+s\\b`, 'i').test(t);
  const defining = sentences.slice(0, 3).findIndex((s) => DEFINING.test(first.text.slice(s.start, s.end)) || bySubject(first.text.slice(s.start, s.end)));
  for (const s of sentences.slice(Math.max(0, defining))) {
    const next = first.text.slice(s.start, s.end);
    if (out && out.length + next.length > 300) break;
    out = out ? `${out} ${next}` : next;
    if (out.length >= 120) break;
  }
  if (out.length > 400) out = `${out.slice(0, 400).replace(/\s+\S*$/, '')}…`;
  return out || undefined;
}

/** Offline extraction: the documents read into blocks and diagrams, then rules; every fact carries its evidence. */
export function extractSystem(docs: SourceDocument[], options: ExtractOptions): Extraction {
  const b = new SystemBuilder();
  const ctx: ReadContext = { b, tech: options.technologies };
  const read = docs.map((d) => readDocument(d));
  const states: DocState[] = read.map((doc) => ({ doc, owners: new Map() }));
  // Structured sources first, so prose merges into what diagrams and tables name.
  for (const s of states) readDiagrams(ctx, s);
  for (const s of states) readTables(ctx, s);
  for (const s of states) readDefinitions(ctx, s);
  for (const s of states) readHeadings(ctx, s);
  for (const s of states) readNames(ctx, s);
  for (const s of states) readSettings(ctx, s);
  // Fold what is one part under several names before reading facts, so a fact finds one subject.
  foldShortNames(b);
  foldGenericComponents(b);
  foldProviders(b);
  for (const s of states) readFacts(ctx, s);
  foldGenericModels(b);
  demoteToolsWithoutModel(b);
  standIns(b);
  resolveTraits(b);
  feedbackPaths(b);
  boundaryTraits(b);
  logTraits(b);
  deriveFeatures(b);
  let features = resolveFeatures(b);
  deriveTraits(b, features);
  deriveFeatures(b);
  features = resolveFeatures(b);

  const main = mainDocument(read);
  const purpose = main ? purposeOf(main) : undefined;
  const subject = main ? subjectOf(main) : undefined;
  const name = options.name ?? (main?.title ? systemNameOf(main.title.text, subject) : (subject ?? 'Unnamed system'));
  dropSystemItself(b, name);
  const components = [...b.drafts.values()].map((d) => d.component).sort((x, y) => x.id.localeCompare(y.id));
  for (const c of components) {
    c.traits.sort((x, y) => x.trait.localeCompare(y.trait));
    c.evidence = c.evidence.slice(0, 12);
  }
  const system: SystemModel = {
    name,
    ...(purpose ? { purpose } : {}),
    actors: [...b.actors.values()].sort((x, y) => x.id.localeCompare(y.id)),
    components,
    flows: b.finalFlows(),
    boundaries: b.finalBoundaries(),
    features,
    limitations: [],
    assumptions: [],
    questions: [],
  };
  const perDoc = new Map<string, Set<string>>();
  for (const c of components) for (const e of c.evidence) perDoc.set(e.file, (perDoc.get(e.file) ?? new Set()).add(c.id));
  const report: ReadingReport = {
    documents: read.map((d) => ({ file: d.file, format: d.format, title: d.title?.text ?? null, components: perDoc.get(d.file)?.size ?? 0 })),
    main: main?.file ?? null,
    unplaced: dedupe(b.unplaced).slice(0, 50),
    ...assess(system, [...b.drafts.values()]),
  };
  return { system, report };
}

function dedupe(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.file}:${e.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const AI_KINDS: ReadonlySet<ComponentKind> = new Set(['llm', 'ml-model', 'agent', 'mcp-server', 'vector-store', 'training-pipeline', 'tool', 'memory', 'prompt']);

/** Whether the reading is empty, thin, without AI, or fine — and what to tell the user. */
export function assess(system: SystemModel, drafts?: Draft[]): Pick<ReadingReport, 'status' | 'warnings'> {
  const components = system.components;
  if (components.length === 0) return { status: 'empty', warnings: ['no component found in the documents'] };
  const ai = components.some((c) => AI_KINDS.has(c.kind)) || (['llm', 'predictive-ml'] as const).some((f) => system.features[f]?.state === 'present');
  if (!ai) return { status: 'no-ai', warnings: ['no AI or ML component found: the AI threat catalog does not apply to what the documents describe'] };
  const vague = drafts ? drafts.filter((d) => d.generic).length : 0;
  const warnings: string[] = [];
  if (components.length <= 2) warnings.push(`only ${components.length} component(s) found; the documents may describe more than aitm could read`);
  if (drafts && vague > 0 && vague >= components.length / 2) warnings.push(`${vague} of ${components.length} component(s) are only named by a category word (such as "LLM"), with nothing to tell them apart`);
  const models = components.filter((c) => c.kind === 'llm' || c.kind === 'ml-model');
  if (models.length > 0 && models.every((m) => drafts?.find((d) => d.component.id === m.id)?.generic) && components.length <= 3) {
    warnings.push('an AI feature is mentioned, but the documents name no model component to attach it to');
  }
  return { status: warnings.length > 0 ? 'thin' : 'ok', warnings };
}

export { lineEvidence };
