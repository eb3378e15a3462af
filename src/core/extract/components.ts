import { cellText, sourceRange, type Block } from '../read/blocks.js';
import type { PlacedDiagram, ReadDocument } from '../read/document.js';
import { capabilityNegated, capabilityNotYet } from '../read/reading.js';
import { sentencesOf } from '../read/sentences.js';
import { evidenceAt } from '../read/source.js';
import type { Technology, TechnologyIndex, TechnologyMatch } from '../technology.js';
import type { Evidence } from '../system.js';
import { COMPONENT_KINDS, type ComponentKind } from '../vocabulary.js';

const COMPONENT_KIND_LIST: readonly ComponentKind[] = COMPONENT_KINDS;
import { addEvidence, norm, slugify, type Draft, type Origin, type SystemBuilder } from './builder.js';
import { frameOf } from './frame.js';
import { ACTOR_PATTERN, actorTrust, CONTROL_RULES, KIND_RULES, READING_CALL, WRITING_CALL } from './rules.js';

export interface ReadContext {
  b: SystemBuilder;
  tech: TechnologyIndex;
}

/** Per document: the component each block defines or belongs to (table rows, definitions, headings). */
export interface DocState {
  doc: ReadDocument;
  owners: Map<number, string>;
}

/** Evidence for a range of a block's text; the quote is the source, verbatim. */
export function blockEvidence(doc: ReadDocument, block: Block, start = 0, end = block.text.length, focus = start): Evidence {
  if (block.map.length === 0) return lineEvidence(doc, block.line);
  const { from, to } = sourceRange(block, start, end);
  const f = sourceRange(block, focus, focus + 1).from;
  return evidenceAt(doc.file, doc.lines, from, to, f);
}

/** Evidence for one whole line of a document. */
export function lineEvidence(doc: ReadDocument, line: number, focus?: number): Evidence {
  const start = doc.lines.startOf(line);
  const text = doc.lines.line(line);
  const lead = text.length - text.trimStart().length;
  return evidenceAt(doc.file, doc.lines, start + lead, start + text.trimEnd().length, focus ?? start + lead);
}

export function isActorLabel(label: string): boolean {
  return ACTOR_PATTERN.test(label.trim());
}

const HEAD_NOUN =
  /\b(service|services|api|apis|gateway|server|store|database|db|index|queue|topic|stream|bucket|cache|model|classifier|ranker|recommender|detector|agent|tool|plugin|pipeline|job|worker|scheduler|dashboard|portal|console|app|ui|frontend|front-end|backend|back-end|widget|bot|chatbot|assistant|registry|lake|warehouse|engine|endpoint|function|lambda|crawler|scraper|ingester|ingestor|extractor|indexer|retriever|embedder|router|orchestrator|planner|executor|proxy|broker|cluster|webhook|sandbox|runner|llm|memory|corpus|dataset|repository|repo|cms|crm|erp|wiki|inbox|collector|exporter|alerter|monitor|notifier|parser|chunker|summari[sz]er|transcriber|translator|generator|validator|filter|guard|guardrails?|vault|scanner|storage|datastore|bus|platform|system|module|layer|microservice|daemon|cron|controller|manager|hub|portal|site|website|extension|client|sdk|library|cli)\b/i;

/** Words that say who or what an interface is for, not which part it belongs to. */
const INTERFACE_AUDIENCE = /^(?:internal|external|public|private|partner|partners|admin|user|customer|client|chat|main|primary|secondary|http|https|rest|grpc|graphql|websocket|inbound|outbound|webhook|health|status|metrics|debug|management|legacy|new|v\d+)$/i;

/** A body of documents: "… articles", "… tickets", "… transcripts". */
const DOCUMENTS_HEAD = /\b(?:articles|documents|docs|posts|pages|tickets|transcripts|recordings|emails|records|reports|manuals|papers|faqs|notes|threads|conversations|chats|reviews|images|photos|scans)$/i;

/** A service's interface named by its audience or use: "Partner endpoint", "Admin routes". */
const INTERFACE_NAME = /^(?:[\w-]+\s+){0,2}(?:endpoints?|routes?|interfaces?|ports?|entry ?points?)$/i;

/** A name whose last word is data ("… content", "… comments", "… results") names what flows, not a part. */
const DATA_HEAD = /\b(?:content|contents|text|texts|comments|results|inputs|outputs|summaries|payloads?|responses|answers|messages|snippets|excerpts)$/i;

/** Words that never name a component on their own, whatever their formatting. */
const NOT_A_NAME =
  /^(?:note|notes|nb|warning|important|caution|tl;?dr|todo|tbd|fixme|status|owner|owners|example|examples|e\.?g|yes|no|none|n\/a|input|output|inputs|outputs|request|response|pros|cons|goals?|non-goals|why|how|what|when|where|who|summary|overview|context|background|details?|description|purpose|scope|decision|consequences|risks?|impact|mitigations?|versions?|date|cost|costs|latency|sla|slo|regions?|team|teams|contact|budget|scale|numbers|volume|traffic|security|privacy|compliance|performance|availability|reliability|deployment|operations|testing|links?|references?|faq|q|a|steps?|phase|options?|results?|problem|solution|approach|question|answer|trade-?offs?|alternatives?|timeline|milestones?|dependencies|assumptions?|constraints?|requirements?|users?|customers?|data|format|type|default|value|values|key|keys|name|id|total|sum|count|rate|size|limit|limits|retention|frequency|schedule|trigger|triggers|language|runtime|license|licence|tags?|must|should|never|always|not|only|all|every|any|nothing|everything|new|old|done|live|planned|current|today|now|later|next|owner team|on-call|oncall|author|authors|reviewers?|approvers?|audience|stakeholders?|glossary|terminology|changelog|appendix|diagram|figure|table|section|chapter|part|step \d+|phase \d+|option \d+|v\d+(?:\.\d+)*|components?|parts?|pieces?|modules?)$/i;

/** Labels of "Label: value" lines that name a part of the system by its role, with the kind it implies. */
const CATEGORY_LABEL: Array<[RegExp, ComponentKind]> = [
  [/^(?:llm|llms|language model|foundation model|base model|generator|generation)$/i, 'llm'],
  [/^(?:model|models|classifier|detector|ranker|recommender|scoring model|ml model|scorer|predictor)$/i, 'ml-model'],
  [/^(?:labels?|labell?ing|annotations?|training data|training set|dataset|data ?set|corpus|ground truth|features?|feature store)$/i, 'dataset'],
  [/^(?:serving|inference|model serving|hosting|api|backend|back-end|server|compute)$/i, 'service'],
  [/^(?:storage|database|db|data ?store|persistence|cache|object store|blob store|logs?|logging|warehouse|registry|model registry|artifacts?|artifact store)$/i, 'datastore'],
  [/^(?:queue|queues|messaging|message bus|event bus|streaming|stream|broker|events)$/i, 'queue'],
  [/^(?:frontend|front-end|ui|web ?app|client|dashboard|console|portal|app|interface)$/i, 'ui'],
  [/^(?:training|retraining|training pipeline|pipeline|orchestration|scheduler|fine-?tuning)$/i, 'training-pipeline'],
  [/^(?:vector store|vector db|vector database|embeddings?|retrieval|search|index|knowledge base)$/i, 'vector-store'],
  [/^(?:monitoring|observability|alerting|alerts|tracing)$/i, 'service'],
  [/^(?:tools?|plugins?|functions?|actions|skills)$/i, 'tool'],
  [/^(?:memory)$/i, 'memory'],
  [/^(?:agents?|orchestrator|planner)$/i, 'agent'],
  [/^(?:auth|authentication|identity|sso|idp|gateway|api gateway|proxy|load balancer|ocr|asr|tts|speech|vision)$/i, 'service'],
];

/** Labels that name a topic of the design ("Tracing", "Limits", "Output"), not a part of the system. */
const TOPIC_LABEL =
  /^(?:tracing|traces|limits?|output|outputs|input|inputs|data|deploy|deployment|access|access control|permissions|secrets?|retention|alerts?|alerting|evaluation|evals?|testing|rollout|costs?|pricing|sla|content filtering|filtering|guardrails?|moderation|logging|logs?|monitoring|observability|audit|auditing|privacy|security|compliance|safety|rate limits?|rate limiting|throttling|quotas?|approvals?|review|reviews|human review|scaling|performance|latency|availability|backups?|dr|disaster recovery|incident response|on-?call|ownership|owners?|status|notes?|history|context|scope|summary|overview|risks?|issues?|gaps?|todo|next steps?|open questions?|questions?)$/i;

/** Sections that list the parts of the system. */
const COMPONENT_SECTION = /\b(components?|compontents|architecture|building blocks|services|modules|parts|inventory|stack|infrastructure|integrations?|tools|agents|models|data ?stores|stores|system overview|how it works|what'?s in it|moving parts|containers|topology|dependencies|actors|roles)\b/i;

function categoryOf(label: string): ComponentKind | undefined {
  for (const [re, kind] of CATEGORY_LABEL) if (re.test(label.trim())) return kind;
  return undefined;
}

/** Splits "Vector store (Qdrant)" into the name and what the parentheses add. Strips markup and quotes. */
export function cleanName(raw: string): { name: string; paren?: string; callable?: boolean; also?: string[] } {
  let t = raw.replace(/\*\*|__/g, '').replace(/[`“”"]/g, '').trim();
  t = t.replace(/^[-–—•*]\s*/, '').replace(/[:.,;!]+$/, '').replace(/^(?:the|a|an|our)\s+(?=\S)/i, '').trim();
  // "User Agent (UA) or Shopping Agent (SA)": the first name, the others as aliases.
  const alternatives = t.split(/\s+or\s+|\s+\/\s+|\s+aka\s+/i);
  if (alternatives.length > 1 && alternatives.every((a) => a.trim().length >= 2 && a.trim().split(/\s+/).length <= 5)) {
    const [first, ...rest] = alternatives.map((a) => cleanName(a));
    return { ...first!, also: rest.flatMap((r) => [r.name, ...(r.paren ? [r.paren] : [])]) };
  }
  // `issue_refund(order_id, amount)` or `search_crm(query: str) -> list`: a function, named like code.
  t = t.replace(/\s+(?:GET|POST|PUT|PATCH|DELETE)\s+\/\S*$/, '').trim();
  const call = /^([A-Za-z_][\w.]*)\((.*)\)(?:\s*(?:->|:|=>)\s*[^()]*)?$/s.exec(t);
  if (call && /[_.]|^[a-z]|[a-z][A-Z]/.test(call[1]!)) return { name: call[1]!, callable: true };
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(t);
  if (m && m[1]) return { name: m[1].trim(), paren: m[2]!.trim() };
  return { name: t };
}

/** Whether a string can be a component's name. */
export function plausibleName(name: string): boolean {
  const t = name.trim();
  if (t.length < 2 || t.length > 60) return false;
  if (NOT_A_NAME.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 6) return false;
  if (/^\d+(\.\d+)*$|^#?\d+$/.test(t)) return false;
  if (/[.!?;]\s/.test(t) || /^(https?:|www\.|\/|\.{1,2}\/|~\/)/.test(t)) return false;
  // File names and paths are not components ("config.yaml", "src/agent").
  if (/\.(py|ts|js|go|rs|java|yaml|yml|json|md|txt|toml|cfg|ini|sh|sql|csv|html)$/i.test(t) || (/\//.test(t) && !/^[A-Z]/.test(t) && !/pub\/sub/i.test(t))) return false;
  // A sentence fragment: starts with a verb or a lower-case function word, or says something.
  if (/^(is|are|was|were|be|has|have|can|will|must|should|may|might|does|do|if|when|then|and|or|but|so|to|for|with|from|by|of|in|on|at|as|it|this|that|these|those|there|we|you|they|he|she|i)\b/i.test(t)) return false;
  if (/\b(is|are|was|were|be|been|should|must|can|will|would|defined|used|fails?|not)\b/i.test(t) && words.length >= 3) return false;
  if (words.length >= 4 && /\b(into|onto|from|with|of the|for the|to the|on the|in the)\b/i.test(t)) return false;
  // A quality or an activity ("Modularity", "Backward Compatibility", "Memory Management Best Practices"), not a part.
  if (ABSTRACT.test(words[words.length - 1]!) || /\b(best practices|convention|guidelines?|principles?|process|organization|organisation|overview|walkthrough|lifecycle|workflow|strategy|approach|considerations)\b/i.test(t)) return false;
  if (/^[\p{Emoji_Presentation}\p{Extended_Pictographic}]/u.test(t) || /\bclass$/i.test(t)) return false;
  return true;
}

/** Abstract nouns: qualities and activities, which a design discusses but does not run. */
const ABSTRACT =
  /^(?:\w+(?:ity|ness|ance|ence)|modularity|simplicity|scalability|resilience|reliability|compatibility|consistency|correctness|efficiency|efficient|latency|sharing|retrieval|recall|integration|communication|coupling|organization|management|hierarchy|metadata|solutions?|support|access|fragments?|update|inheritance|ready|production-ready|cross-platform|points?|principles?|practices|naming|recommendations?|considerations?|prediction|action|actions|policy|policies|resource|resources|permissions?)$/i;

/** The kind a name states by itself (a product it names, or a head noun), and the product. */
export function classifyName(name: string, tech: TechnologyIndex): { kind?: ComponentKind; technology?: Technology } {
  const matches = tech.find(name);
  // "Repository content", "Issue text and comments", "Docs-search results": what flows, not a part.
  if (DATA_HEAD.test(name) && !matches.some((m) => m.technology.kind && !m.technology.generic)) return {};
  // "Help-centre articles", "Past tickets": a body of documents the system reads is a dataset.
  if (DOCUMENTS_HEAD.test(name) && !matches.some((m) => m.technology.kind)) return { kind: 'dataset' };
  // In a name the product comes last: "OpenAI GPT-4o" is GPT-4o, "Postgres + pgvector" is pgvector.
  const specific = matches.filter((m) => m.technology.kind && !m.technology.generic).pop();
  if (specific) {
    // Words after the product name the part: "ServiceNow ticket tool" is a tool that talks to ServiceNow,
    // "S3 model bucket" is a bucket on S3.
    const rest = name.slice(specific.end).replace(/^[\s\d.,:()-]+/, '').trim();
    let head: ComponentKind | undefined;
    if (rest && !/^(api|apis|cluster|instance|instances|service|server|database|db|endpoint|account|project|workspace|tenant|deployment|v?\d[\w.]*)$/i.test(rest)) {
      for (const rule of KIND_RULES) if (rule.pattern.test(rest)) {
        head = rule.kind;
        break;
      }
      if (!head && HEAD_NOUN.test(rest)) head = 'service';
    }
    if (head && head !== specific.technology.kind) {
      return sameKind(specific.technology.kind, head) || (COMPATIBLE[head] ?? []).includes(specific.technology.kind!) ? { kind: head, technology: specific.technology } : { kind: head };
    }
    return { kind: specific.technology.kind!, technology: specific.technology };
  }
  // A category phrase that ends the name is its head: "Model server" is a server, not a model.
  const head = matches.find((m) => m.technology.kind && m.end === name.trimEnd().length);
  if (head) return { kind: head.technology.kind! };
  for (const rule of KIND_RULES) if (rule.pattern.test(name)) return { kind: rule.kind };
  const generic = matches.find((m) => m.technology.kind);
  if (generic) return { kind: generic.technology.kind! };
  if (HEAD_NOUN.test(name)) return { kind: 'service' };
  return {};
}

/** The kind a description states in its first words ("Postgres 15 + pgvector", "Function exposed to the model"). */
function kindFromDescription(description: string, tech: TechnologyIndex): { kind?: ComponentKind; technology?: Technology } {
  const first = description.split(/[;.]|,\s(?=[a-z])/)[0] ?? '';
  // Category words count only where they open the description ("Vector store for…"), not anywhere in it.
  const matches = tech.find(first).filter((m) => m.technology.kind && (!m.technology.generic || m.start <= 4));
  const specific = matches.filter((m) => !m.technology.generic);
  if (specific.length >= 1) {
    const kinds = new Set(specific.map((m) => m.technology.kind));
    // "Postgres 15 + pgvector": a vector extension makes the store a vector store.
    const technology = specific.find((m) => m.technology.kind === 'vector-store')?.technology ?? specific[0]!.technology;
    if (kinds.size === 1 || technology.kind === 'vector-store') return { kind: technology.kind!, technology };
  }
  if (/^\s*(?:an?\s+|the\s+)?(?:function|tool|action|plugin)s?\b.{0,40}\b(?:model|llm|agent|assistant)\b|\bfunction[- ]call/i.test(first)) return { kind: 'tool' };
  const head = /^\s*(?:an?\s+|the\s+|[A-Z][\w/+.-]*\s+)(?:[\w/+.-]+\s+){0,2}?(service|api|database|db|store|queue|index|model|classifier|agent|tool|function|job|pipeline|dashboard|ui|app|widget|bucket|cache|registry|gateway|worker|cron|server)\b/.exec(first) ??
    /^\s*(service|api|database|db|store|queue|index|model|classifier|agent|tool|function|job|pipeline|dashboard|ui|app|widget|bucket|cache|registry|gateway|worker|cron|server)\b/i.exec(first);
  if (head) {
    for (const rule of KIND_RULES) if (rule.pattern.test(head[0])) return { kind: rule.kind };
    return { kind: 'service' };
  }
  if (matches[0]) return { kind: matches[0].technology.kind! };
  return {};
}

function addActor(ctx: ReadContext, label: string, evidence: Evidence): string {
  const id = slugify(label);
  const existing = ctx.b.actors.get(id);
  if (existing) addEvidence(existing.evidence, evidence);
  else ctx.b.actors.set(id, { id, name: label, trust: actorTrust(label), evidence: [evidence] });
  return id;
}

/** Adds a component, or adds the name as evidence to the one it already is. */
export function placeComponent(
  ctx: ReadContext,
  name: string,
  kind: ComponentKind,
  evidence: Evidence,
  origin: Origin,
  extra: { aliases?: string[]; technology?: Technology; description?: string; generic?: boolean } = {},
): Draft {
  const { b } = ctx;
  const existing = b.findByAlias(name);
  const draft = existing ?? b.addComponent(name, kind, evidence, origin, [], extra.generic === true);
  if (existing) {
    addEvidence(existing.component.evidence, evidence);
    if (extra.generic !== true) existing.generic = false;
  }
  for (const a of extra.aliases ?? []) if (a && plausibleName(a)) b.addAlias(draft, a);
  if (extra.technology) setTechnology(ctx, draft, extra.technology);
  if (extra.description && !draft.component.description) draft.component.description = extra.description.slice(0, 240);
  return draft;
}

export function setTechnology(ctx: ReadContext, draft: Draft, technology: Technology): void {
  if (!technology.generic) draft.product ??= technology;
  // What a product is, whatever the sentence: a secrets manager holds secrets.
  for (const trait of technology.traits)
    if (!draft.component.traits.some((t) => t.trait === trait)) draft.component.traits.push({ trait, state: 'present', evidence: draft.component.evidence.slice(0, 1) });
  if (!draft.component.technology && norm(technology.name) !== norm(draft.component.name)) draft.component.technology = technology.name;
  ctx.b.setProductOwner(technology.name, draft);
  if (!technology.generic) for (const phrase of technology.match) if (!phrase.startsWith('.')) ctx.b.addAlias(draft, phrase);
}

// ---------------------------------------------------------------------------------------------
// Diagrams

/** Diagram groups that hold other people's systems. */
const OUTSIDE_GROUP = /\b(?:internet|external|third[- ]part(?:y|ies)|saas|vendors?|outside|partners?|public cloud)\b/i;

export function readDiagrams(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  for (const placed of doc.diagrams) {
    const inNotFact = placed.block !== undefined && frameOf(doc.blocks[placed.block]!.path).notFact;
    if (inNotFact) continue;
    const ids = new Map<string, string>();
    const { diagram } = placed;
    for (const node of diagram.nodes) {
      const evidence = lineEvidence(doc, placed.lineOf(node.line));
      const label = node.label;
      if (node.person || (isActorLabel(label) && !node.kind)) {
        ids.set(node.id, addActor(ctx, label, evidence));
        continue;
      }
      // "Help-centre index - pgvector", "Session store (Redis)": the part, and the product it runs on.
      const split = /^(.+?)\s+(?:[-–—]\s+(.+)|\((.+)\))$/.exec(label);
      const suffix = split ? (split[2] ?? split[3])! : undefined;
      const suffixTech = suffix ? ctx.tech.find(suffix).filter((m) => m.technology.kind && !m.technology.generic) : [];
      if (split && suffixTech.length > 0 && plausibleName(split[1]!)) {
        const own = classifyName(split[1]!, ctx.tech);
        const product = suffixTech[suffixTech.length - 1]!.technology;
        // "vLLM - fine-tuned Qwen2.5-Coder": a model server and the model it serves is the model.
        if (own.technology && !own.technology.generic && (product.kind === 'llm' || product.kind === 'ml-model') && own.kind !== product.kind) {
          const draft = placeComponent(ctx, label, product.kind, evidence, 'diagram', { technology: product, aliases: [split[1]!] });
          ids.set(node.id, draft.component.id);
          continue;
        }
        const draft = sameThing(ctx, split[1]!, own.kind ?? product.kind!, product) ?? placeComponent(ctx, split[1]!, own.kind ?? product.kind ?? node.kind!, evidence, 'diagram', { technology: product, aliases: [label] });
        // "Feature store - Redis/Feast": every product the label names is this part's.
        for (const m of suffixTech.slice(0, -1)) if (!ctx.b.productOwner(m.technology.name)) ctx.b.setProductOwner(m.technology.name, draft);
        addEvidence(draft.component.evidence, evidence);
        ids.set(node.id, draft.component.id);
        continue;
      }
      const techMatches = node.technology ? ctx.tech.find(node.technology) : [];
      const named = classifyName(label, ctx.tech);
      const fromTech = techMatches.find((m) => m.technology.kind && !m.technology.generic)?.technology ?? techMatches.find((m) => m.technology.kind)?.technology;
      let kind: ComponentKind = node.kind ?? named.kind ?? fromTech?.kind ?? (node.shape === 'cylinder' ? 'datastore' : 'service');
      // A cylinder says "stores data"; the name may say which kind of store ("Qdrant - past fixes memory").
      if (kind === 'datastore' && named.kind && (COMPATIBLE.datastore ?? []).includes(named.kind)) kind = named.kind;
      if (node.external && kind === 'service' && !named.kind) kind = 'external-api';
      const aliases = node.id.length >= 3 && !/^[a-z]?\d+$|^(node|n)\d+$/i.test(node.id) && node.id !== label ? [node.id.split('.').pop()!] : [];
      const draft = placeComponent(ctx, label, kind, evidence, 'diagram', {
        aliases,
        ...(named.technology ? { technology: named.technology } : fromTech ? { technology: fromTech } : {}),
      });
      if (!draft.component.technology && node.technology && !fromTech) draft.component.technology = node.technology;
      ids.set(node.id, draft.component.id);
    }
    for (const g of diagram.groups) {
      // A service drawn inside "Internet", "External" or "Third party" is someone else's system.
      if (OUTSIDE_GROUP.test(g.label))
        for (const n of g.nodes) {
          const d = ctx.b.drafts.get(ids.get(n) ?? '');
          if (d && d.component.kind === 'service' && (classifyName(d.component.name, ctx.tech).kind ?? 'service') === 'service') ctx.b.setKind(d, 'external-api');
        }
      const id = slugify(g.label);
      const boundary = ctx.b.boundaries.get(id) ?? { id, name: g.label, components: [] };
      for (const n of g.nodes) {
        const cid = ids.get(n);
        if (cid && !boundary.components.includes(cid)) boundary.components.push(cid);
      }
      ctx.b.boundaries.set(id, boundary);
    }
    const zone = new Map(diagram.nodes.map((n) => [n.id, n.group]));
    for (const e of diagram.edges) {
      const from = ids.get(e.from);
      const to = ids.get(e.to);
      if (!from || !to || from === to) continue;
      const za = zone.get(e.from);
      const zb = zone.get(e.to);
      ctx.b.addFlow({
        from,
        to,
        ...(e.label ? { data: e.label } : {}),
        crosses_boundary: za !== undefined && zb !== undefined && za !== zb,
        evidence: [lineEvidence(doc, placed.lineOf(e.line))],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

const NAME_HEADER = /^(?:components?|component name|names?|pieces?|piece of the system|building blocks?|services?|service name|systems?|containers?|modules?|parts?|elements?|tools?|tool name|agents?|agent name|models?|model name|stores?|data ?stores?|databases?|integrations?|plugins?|functions?|function name|apps?|applications?|microservices?|workers?|jobs?|pipelines?|sources?|data sources?|queues?|topics?|endpoints? name|mcp servers?|servers?|what|box|node|building blocks?|resources?|subsystems?|layers? component|vendors?|providers?|third[- ]part(?:y|ies)|external systems?|system name|dependency|dependencies|datasets?)$/i;
const TECH_HEADER = /^(?:technolog(?:y|ies)|tech|tech stack|stack|products?|what we use|we use|uses|using|implementation|implemented (?:with|by|in)|tooling|choice|vendor|provider|framework|platform|runs on|built with|software|engine|service used|tool used|hosting|hosted on|where)$/i;
const ROLE_HEADER = /^(?:purpose|role|layer|function|category|type|kind|what it does|responsibility|capability|area|concern|use|used for|job)$/i;
const NON_COMPONENT_HEADER =
  /^(?:parameters?|params?|settings?|options?|fields?|keys?|variables?|env(?:ironment)?(?: variables?)?|flags?|metrics?|risks?|threats?|questions?|decisions?|dates?|versions?|releases?|roles?|personas?|users?|actors?|teams?|owners?|directories|directory|paths?|files?|commands?|status codes?|errors?|codes?|events?|event types?|messages?|steps?|phases?|milestones?|requirements?|goals?|features?|endpoints?|routes?|methods?|http method|url|uri|permissions?|scopes?|attributes?|properties|columns?|tables?|arguments?|args|returns?|labels?|classes|categories|hazards?|controls?|mitigations?|checks?|tests?|cases?|scenarios?|languages?|regions?|countries|numbers|figures)$/i;

/** Name-column headers that say nothing about the kind of the rows. */
const GENERIC_HEADER = /^(?:components?|names?|pieces?|building blocks?|parts?|elements?|what|box|node|systems?|resources?|subsystems?|modules?|containers?|dependency|dependencies|integrations?|vendors?|providers?|third[- ]part(?:y|ies)|external systems?|sources?|layer component|piece of the system)$/i;

/** Which column of a table names components, by its header or, failing that, by its content. */
function tableColumns(rows: Block[], tech: TechnologyIndex): { name: number; tech: number; role: number; described?: number } | undefined {
  const header = rows[0]!.table!.header.map((h) => h.replace(/[*_`]/g, '').trim());
  const find = (re: RegExp) => header.findIndex((h) => re.test(h));
  let name = find(NAME_HEADER);
  const techCol = find(TECH_HEADER);
  const role = find(ROLE_HEADER);
  const cells = (i: number) => rows.map((r) => cellText(r, i)).filter(Boolean);
  const componentLike = (i: number) => {
    const values = cells(i);
    if (values.length === 0) return 0;
    const hits = values.filter((v) => {
      const { name: n } = cleanName(v);
      return plausibleName(n) && !/^\d+$/.test(n) && n.split(/\s+/).length <= 5 && classifyName(n, tech).kind !== undefined;
    });
    return hits.length / values.length;
  };
  if (name < 0 && techCol < 0) {
    // "| Directory | Description |": the description names the part a folder or file holds ("Secrets store (…)").
    const pathCol = header.findIndex((h) => /^(?:directory|directories|folder|path|paths|file|files|module|package)$/i.test(h));
    const described = header.findIndex((h) => /^(?:description|purpose|contents?|what it (?:is|holds|does)|role)$/i.test(h));
    if (pathCol >= 0 && described >= 0) return { name: -1, tech: -1, role: -1, described };
    if (header.every((h) => NON_COMPONENT_HEADER.test(h) || /^(?:#|no\.?|description|notes?|details?|comments?|default|type|required|example|value|values|meaning|why|how|when|status|owner)$/i.test(h) || h === '')) return undefined;
    // No header says which: the column whose cells look most like component names.
    let best = -1;
    let score = 0;
    for (let i = 0; i < header.length; i++) {
      if (/^(?:#|no\.?|id|step|order|rank)$/i.test(header[i]!) || NON_COMPONENT_HEADER.test(header[i]!)) continue;
      const s = componentLike(i);
      if (s > score) {
        score = s;
        best = i;
      }
    }
    if (best < 0 || score < 0.5) return undefined;
    name = best;
  }
  if (name < 0 && NON_COMPONENT_HEADER.test(header[0] ?? '') && role < 0) return undefined;
  return { name, tech: techCol, role };
}

export function readTables(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  const byTable = new Map<number, number[]>();
  doc.blocks.forEach((block, i) => {
    if (block.kind !== 'row' || !block.table) return;
    const list = byTable.get(block.table.id) ?? [];
    list.push(i);
    byTable.set(block.table.id, list);
  });
  for (const indexes of byTable.values()) {
    const rows = indexes.map((i) => doc.blocks[i]!);
    const frame = frameOf(rows[0]!.path);
    if (frame.notFact || frame.future) continue;
    const cols = tableColumns(rows, ctx.tech);
    if (!cols) continue;
    const header = rows[0]!.table!.header;
    if (cols.described !== undefined) {
      rows.forEach((row, k) => {
        const phrase = cellText(row, cols.described!).split(/\s*[(,;:]|\s+(?:and|or|for|used|that|which|with|—|–|-)\s+/)[0]!.trim();
        const { name } = cleanName(phrase);
        const c = classifyName(name, ctx.tech);
        if (!plausibleName(name) || name.split(/\s+/).length > 4 || !c.kind || !/^[A-Z]/.test(name)) return;
        const evidence = blockEvidence(doc, row);
        const draft = sameThing(ctx, name, c.kind, c.technology) ?? placeComponent(ctx, name, c.kind, evidence, 'table', { ...(c.technology ? { technology: c.technology } : {}) });
        addEvidence(draft.component.evidence, evidence);
        state.owners.set(indexes[k]!, draft.component.id);
      });
      continue;
    }
    // A name column headed by a kind ("MCP server", "Tool", "Queue") gives its rows that kind.
    const headerWord = cols.name >= 0 ? (header[cols.name] ?? '').replace(/\s*name$/i, '').replace(/(?<=[^s])s$/i, '') : '';
    const headerKind = headerWord && !GENERIC_HEADER.test(headerWord) ? classifyName(headerWord, ctx.tech).kind : undefined;
    rows.forEach((row, k) => {
      const fromTech = cols.name < 0;
      const raw = cols.name >= 0 ? cellText(row, cols.name) : cellText(row, cols.tech);
      // A product cell used as the name: "Zendesk Guide (312 articles), synced nightly" names "Zendesk Guide".
      const shortened = fromTech ? raw.split(/\s*[(,;]|\s+(?:via|on|in|from|with|for|behind)\s+/)[0]! : raw;
      const { name: cleaned, paren, callable } = cleanName(shortened);
      if (!plausibleName(cleaned)) return;
      if (header.some((h) => norm(h) === norm(cleaned))) return;
      const techCell = cols.tech >= 0 && cols.tech !== cols.name ? cellText(row, cols.tech) : '';
      const roleCell = cols.role >= 0 && cols.role !== cols.name ? cellText(row, cols.role) : '';
      const rest = row.table!.cells.map((_, i) => (i === cols.name ? '' : cellText(row, i))).filter(Boolean).join('; ');
      const evidence = blockEvidence(doc, row);
      if (isActorLabel(cleaned)) {
        addActor(ctx, cleaned, evidence);
        return;
      }
      const byName = classifyName(cleaned, ctx.tech);
      // The product a tech cell names first is the part's own ("Claude 3.5 Haiku on Amazon Bedrock").
      const byTech = techCell ? classifyName(techCell.split(/\s*[(,;]|\s+(?:via|on|in|from|with|behind|hosted)\s+/)[0]!, ctx.tech) : {};
      const byRole = roleCell ? classifyName(roleCell, ctx.tech) : {};
      const byParen = paren ? classifyName(paren, ctx.tech) : {};
      const byRest = kindFromDescription(rest, ctx.tech);
      let kind = byName.kind ?? byRole.kind ?? byTech.kind ?? byParen.kind ?? headerKind ?? byRest.kind ?? 'service';
      if ((callable || frameOf(row.path).tools || /^tools?$|^functions?$|^plugins?$/i.test(header[cols.name] ?? '')) && !['tool', 'mcp-server', 'agent'].includes(kind)) kind = 'tool';
      // A role column's category word ("Vector store") with a product in the name column ("Qdrant").
      if (byName.technology?.kind && !byName.technology.generic) kind = byName.technology.kind;
      const technology =
        byName.technology ?? byTech.technology ?? byParen.technology ?? (byRest.technology && !byName.kind && sameKind(byRest.technology.kind, kind) ? byRest.technology : undefined);
      // The row may name a part a diagram drew under another name ("Logging | Datadog Logs", "Agent queue" for "Zendesk agent queue").
      const firstOther = row.table!.cells.map((_, i) => (i === cols.name ? '' : cleanName(cellText(row, i)).name)).find(Boolean) ?? '';
      // "| MCP server |" over "github": the part a diagram drew as "GitHub MCP server".
      const withHeader = headerKind ? ctx.b.findByAlias(`${cleaned} ${headerWord}`) : undefined;
      const same = withHeader ?? sameThing(ctx, cleaned, kind, technology) ?? (firstOther && plausibleName(firstOther) ? ctx.b.findByAlias(firstOther) : undefined);
      if (same) {
        addEvidence(same.component.evidence, evidence);
        ctx.b.addAlias(same, cleaned);
        if (technology) setTechnology(ctx, same, technology);
        if (!same.component.description && rest) same.component.description = rest.slice(0, 240);
        if (callable && same.component.kind === 'tool') callTrait(same, cleaned, evidence);
        state.owners.set(indexes[k]!, same.component.id);
        return;
      }
      const draft = placeComponent(ctx, cleaned, kind, evidence, 'table', {
        ...(technology ? { technology } : {}),
        ...(paren && plausibleName(paren) && paren.split(/\s+/).length <= 3 ? { aliases: [paren] } : {}),
        ...(rest ? { description: rest } : {}),
      });
      if (callable && draft.component.kind === 'tool') callTrait(draft, cleaned, evidence);
      state.owners.set(indexes[k]!, draft.component.id);
    });
  }
}

/**
 * An existing component that is the same part under another name: one that already has this name as
 * an alias, or runs on the same product, or whose name contains this one (or the reverse) as whole
 * words with a compatible kind ("Agent queue" and "Zendesk agent queue", "Ingestion job" and
 * "Nightly ingestion job").
 */
function sameThing(ctx: ReadContext, name: string, kind: ComponentKind, technology?: Technology): Draft | undefined {
  const byAlias = ctx.b.findByAlias(name);
  if (byAlias) return byAlias;
  // Named only by its product ("Qdrant", "the Postgres database"): the part that already stands for that product.
  // A pipeline, model or store of a kind a system rarely has two of is also the one on the same product
  // ("Training pipeline (Airflow DAG)" and "Airflow training DAG").
  if (technology && !technology.generic) {
    const owner = ctx.b.productOwner(technology.name);
    const namedAsProduct = [technology.name, ...technology.match].some((m) => norm(m) === norm(name.replace(KIND_WORD, '')));
    if (owner && namedAsProduct && (COMPATIBLE[kind] ?? [kind]).includes(owner.component.kind)) return owner;
    if (owner && owner.component.kind === kind && SINGULAR_KINDS.has(kind)) return owner;
  }
  // Only a multi-word name is specific enough to match inside another ("Queue" is not "Agent queue"); then
  // the kind may differ, since the two readings guessed it from different words.
  if (name.trim().split(/\s+/).length < 2) return undefined;
  const candidate = ctx.b.containing(name, COMPONENT_KIND_LIST);
  return candidate && norm(candidate.component.name).split(' ').length >= 2 ? candidate : undefined;
}

/** Kinds a system rarely has two of on the same product. */
const SINGULAR_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>(['training-pipeline', 'llm', 'vector-store', 'memory', 'ui']);

const KIND_WORD = /\s+(?:database|db|cluster|instance|server|service|api|store|bucket|queue|topic|index)$/i;

function sameKind(a: ComponentKind | undefined, b: ComponentKind): boolean {
  return a === b || (a === 'vector-store' && b === 'datastore') || (a === 'datastore' && b === 'vector-store');
}

function callTrait(draft: Draft, name: string, evidence: Evidence): void {
  const side = WRITING_CALL.test(name) ? 'present' : READING_CALL.test(name) ? 'absent' : undefined;
  if (side && !draft.component.traits.some((t) => t.trait === 'side-effects')) draft.component.traits.push({ trait: 'side-effects', state: side, evidence: [evidence] });
}

// ---------------------------------------------------------------------------------------------
// Definitions: "**Name** — description", "Name: description", "`tool_name(args)` does …"

const SEPARATOR = /^\s*(?:\((?:[^()]|\([^()]*\)){0,100}\)\s*)?(?:[:—–]|\s-\s|-\s)\s*/;

export interface Definition {
  /** What a parenthesis right after the name says: "`ll-intake` (Azure Function, timer) reads…". */
  paren?: string;
  lead: string;
  leadStart: number;
  leadEnd: number;
  value: string;
  valueStart: number;
  style: 'strong' | 'code' | 'em' | 'link' | 'plain';
}

/** The name a block opens with and what follows its separator, if it is a definition. */
export function definitionOf(block: Block): Definition | undefined {
  if (block.kind !== 'item' && block.kind !== 'paragraph') return undefined;
  const text = block.text;
  // A name set in bold or code at the start: "**Refund** — …", "`issue_refund(...)` — …", "The **Help index** stores …".
  const first = block.names.find((n) => n.style !== 'link' && (n.start <= 4 || (/^(?:the|a|an|our)\s+$/i.test(text.slice(0, n.start)) && n.start <= 5)));
  if (first) {
    const after = text.slice(first.end);
    const sep = SEPARATOR.exec(after);
    const leadAt = /^(?:the|a|an|our)\s+$/i.test(text.slice(0, first.start)) ? first.start : 0;
    if (sep && leadAt === 0) {
      return { lead: text.slice(first.start, first.end), leadStart: first.start, leadEnd: first.end, value: after.slice(sep[0].length), valueStart: first.end + sep[0].length, style: first.style };
    }
    if (/^\s*(?:\((?:[^()]|\([^()]*\))*\)\s*)?(?:[a-z][a-z'-]*\b|—|–|-|,)/.test(after) && first.style !== 'em') {
      const paren = /^\s*\(((?:[^()]|\([^()]*\))*)\)/.exec(after)?.[1];
      return {
        lead: text.slice(first.start, first.end),
        leadStart: first.start,
        leadEnd: first.end,
        value: after.replace(/^\s*\((?:[^()]|\([^()]*\))*\)/, '').replace(/^[\s,—–-]+/, ''),
        valueStart: first.end,
        style: first.style,
        ...(paren ? { paren } : {}),
      };
    }
  }
  // A list item that opens with a capitalised name and a verb: "Detector is to detect incoming metrics…".
  if (block.kind === 'item') {
    const sv = /^([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})\s+(?=(?:is|are|runs|handles|stores|serves|sends|receives|provides|manages|keeps|takes|reads|writes|calls|checks|exposes|hosts|listens|collects|consumes|publishes|detects|cleans|visuali[sz]es|schedules|forwards|routes|holds|owns|answers|returns|generates|scores|ranks|classifies|transcribes|extracts|converts|renders|indexes|embeds|orchestrates|wraps|proxies|validates|parses)\b)/.exec(text);
    // "Weights are stored in the registry": what is stored is data; the part is where it goes.
    const passive = /^(?:is|are)\s+(?:\w+ly\s+)?(?:stored|kept|saved|written|persisted|cached|held|logged|pulled|pushed|downloaded|uploaded|generated|produced|sent|copied|archived|retained|deleted|encrypted|refreshed|rebuilt|synced|exported|imported)\b/.test(text.slice(sv?.[0].length ?? 0));
    if (sv && !passive && !/^(The|A|An|This|That|It|We|They|There|Each|Every|All|Any|Some)$/.test(sv[1]!.split(' ')[0]!)) {
      return { lead: sv[1]!, leadStart: 0, leadEnd: sv[1]!.length, value: text.slice(sv[0].length), valueStart: sv[0].length, style: 'plain' };
    }
  }
  // A plain "Name: description" in a list item (or a plain-text definition line).
  if (block.kind === 'item') {
    const m = /^([A-Za-z][\w .&/+'’()-]{0,48}?)\s*(?::|\s[—–]\s|\s-\s)\s*(\S.*)$/.exec(text);
    if (m && m[1]!.split(/\s+/).length <= 6) return { lead: m[1]!, leadStart: 0, leadEnd: m[1]!.length, value: m[2]!, valueStart: text.indexOf(m[2]!, m[1]!.length), style: 'plain' };
  }
  return undefined;
}

export function readDefinitions(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  doc.blocks.forEach((block, index) => {
    const frame = frameOf(block.path);
    if (frame.notFact || frame.future) return;
    // "**Refund tool**" alone on its line (or "**Refund tool**:"): a label for what follows.
    const only = block.kind === 'paragraph' && block.names[0]?.start === 0 && block.names[0].style !== 'em' ? block.names[0] : undefined;
    const tail = only ? /^\s*(?:\(((?:[^()]|\([^()]*\))*)\))?\s*:?\s*$/.exec(block.text.slice(only.end)) : null;
    if (only && tail) {
      const { name, paren } = cleanName(block.text.slice(only.start, only.end));
      const c = classifyName(name, ctx.tech);
      const note = tail[1] ?? paren;
      const byNote = note ? kindFromDescription(note, ctx.tech) : {};
      if (plausibleName(name) && c.kind) {
        const kind = frame.tools && !['tool', 'mcp-server', 'agent'].includes(c.kind) ? 'tool' : c.kind;
        const technology = c.technology ?? (byNote.technology && sameKind(byNote.technology.kind, kind) ? byNote.technology : undefined) ?? (kind === 'training-pipeline' ? byNote.technology : undefined);
        const draft =
          sameThing(ctx, name, kind, technology) ??
          placeComponent(ctx, name, kind, blockEvidence(doc, block), 'definition', {
            ...(technology ? { technology } : {}),
            ...(paren && plausibleName(paren) ? { aliases: [paren] } : {}),
          });
        addEvidence(draft.component.evidence, blockEvidence(doc, block));
        ctx.b.addAlias(draft, name);
        state.owners.set(index, draft.component.id);
      }
      return;
    }
    const def = definitionOf(block);
    if (!def) return;
    const evidence = blockEvidence(doc, block, def.leadStart, Math.min(block.text.length, def.valueStart + 80), def.leadStart);
    const cleaned = cleanName(def.lead);
    const { name, paren, callable } = cleaned;
    // "Content filtering: none", "Tracing: LangSmith", "Limits: …": a topic, not a part — unless a product answers it.
    const topic = TOPIC_LABEL.test(name) || CONTROL_RULES.some((r) => r.pattern.test(name));
    const category = topic ? undefined : categoryOf(name);
    const valueTech = ctx.tech.find(def.value);
    const specific = valueTech.filter((m) => m.technology.kind && !m.technology.generic);
    if (category || topic || NOT_A_NAME.test(name)) {
      // "Model: a convolutional network…", "Serving: Triton on EKS", "Owner: platform team".
      const callables = codeCalls(block, def.valueStart);
      if (callables.length > 0) {
        for (const c of callables) {
          const draft = placeComponent(ctx, c.name, 'tool', blockEvidence(doc, block, c.start, c.end + 60, c.start), 'definition');
          callTrait(draft, c.name, evidence);
          state.owners.set(index, draft.component.id);
        }
        return;
      }
      if (!category) {
        if (specific.length === 1) state.owners.set(index, placeComponent(ctx, specific[0]!.technology.name, specific[0]!.technology.kind!, evidence, 'definition', { technology: specific[0]!.technology, description: def.value }).component.id);
        return;
      }
      const uniqueTech = new Set(specific.map((m) => m.technology.id)).size === 1 ? specific[0]!.technology : undefined;
      if (uniqueTech && uniqueTech.kind) {
        const draft = placeComponent(ctx, uniqueTech.name, uniqueTech.kind, evidence, 'definition', { technology: uniqueTech, description: def.value, aliases: [name] });
        state.owners.set(index, draft.component.id);
        return;
      }
      // "Plugins:", "Tools:", "Services:": a heading for the list that follows, not a part.
      if (/s$/i.test(name) && !/(?:ss|us|is)$/i.test(name)) return;
      const kind = kindFromDescription(def.value, ctx.tech).kind ?? category;
      const draft = placeComponent(ctx, capitalize(name), category === 'service' ? kind : category, evidence, 'definition', { description: def.value, generic: true });
      state.owners.set(index, draft.component.id);
      return;
    }
    if (!plausibleName(name) || name.split(/\s+/).length > 5) return;
    if (isActorLabel(name)) {
      addActor(ctx, name, evidence);
      return;
    }
    // "Internal endpoint `POST /v2/score` — …", "Chat endpoint is public": a door of a part, not a part.
    if (INTERFACE_NAME.test(name) && !specific.length) return;
    // A plain "Label: value" item is a component only if its label says so.
    const byName = classifyName(name, ctx.tech);
    const byParen = def.paren ? kindFromDescription(def.paren, ctx.tech) : {};
    const byDesc = byParen.kind ? byParen : kindFromDescription(def.value, ctx.tech);
    // Without a kind in its name or its description's first words, a lead is a component only where the
    // doc lists components ("## Components", a tools section).
    const listed = frame.tools || block.path.some((h) => h.depth > 1 && COMPONENT_SECTION.test(h.text));
    if (!byName.kind && !byDesc.kind && !listed && !callable) return;
    if (def.style === 'plain' && !byName.kind && !(frame.tools && block.kind === 'item') && !/^[A-Z][\w-]*(?:\s[A-Z][\w-]*)*$/.test(name)) return;
    if (def.style === 'em' && !byName.kind) return;
    let kind = byName.kind ?? byDesc.kind ?? 'service';
    const isCall = callable || (def.style === 'code' && (/_/.test(name) || /^[a-z]+[A-Z]/.test(name)) && (WRITING_CALL.test(name) || READING_CALL.test(name)));
    if ((isCall || frame.tools) && !['tool', 'mcp-server', 'agent'].includes(kind)) kind = 'tool';
    // A product in the description is the component's own only when it is the same kind of thing ("Session store — Redis").
    const technology = byName.technology ?? (byDesc.technology && !byName.kind && sameKind(byDesc.technology.kind, kind) ? byDesc.technology : undefined);
    if (def.style === 'plain' && /s$/i.test(name) && !/(?:ss|us|is)$/i.test(name) && !technology) return;
    const same = sameThing(ctx, name, kind, technology);
    if (same) {
      addEvidence(same.component.evidence, evidence);
      ctx.b.addAlias(same, name);
      if (!same.component.description && def.value) same.component.description = def.value.slice(0, 240);
      if (isCall && same.component.kind === 'tool') callTrait(same, name, evidence);
      state.owners.set(index, same.component.id);
      return;
    }
    const draft = placeComponent(ctx, name, kind, evidence, 'definition', {
      ...(technology ? { technology } : {}),
      description: def.value,
      aliases: [...(paren && plausibleName(paren) && paren.split(/\s+/).length <= 3 ? [cleanName(paren).name] : []), ...(cleaned.also ?? [])],
    });
    // "**Refund** (`issue_refund(order_id, amount)`) — issues a refund": the call names the tool too.
    if (paren) {
      const call = cleanName(paren);
      if (call.callable) ctx.b.addAlias(draft, call.name);
    }
    if (isCall && draft.component.kind === 'tool') callTrait(draft, name, evidence);
    for (const c of codeCalls(block, def.leadEnd).filter((c) => c.start < def.valueStart + 4)) {
      ctx.b.addAlias(draft, c.name);
      if (draft.component.kind === 'tool') callTrait(draft, c.name, evidence);
    }
    state.owners.set(index, draft.component.id);
  });
}

/** Code spans of a block that are function calls: `send_email(to, subject)` or `lookup_user`. */
function codeCalls(block: Block, from: number): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  for (const n of block.names) {
    if (n.style !== 'code' || n.start < from) continue;
    const text = block.text.slice(n.start, n.end);
    const m = /^([a-z_][\w.]*)\s*(\(|$)/i.exec(text);
    if (!m) continue;
    if (m[2] === '(' || (/_/.test(m[1]!) && (WRITING_CALL.test(m[1]!) || READING_CALL.test(m[1]!)))) out.push({ name: m[1]!, start: n.start, end: n.end });
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Headings that name a component ("### Refund tool", "## Vector store (Qdrant)")

const SECTION_WORDS =
  /\b(overview|architecture|design|flows?|security|considerations|requirements|notes|summary|introduction|deployment|operations|appendix|faq|glossary|risks?|controls?|how|why|what|who|when|where|background|context|goals?|scope|data handled|handling|responsibilities|responsibility|ownership|testing|rollout|roadmap|status|decisions?|options?|consequences|changes|history|limitations|questions|issues|plan|plans|phase|appendix|lifecycle|setup|installation|usage|configuration|getting started|quick ?start|example|examples|walkthrough|sequence|interaction|interactions|integration points|inventory|components|services|tools|models|stores|layers|stack|infrastructure|monitoring and|alerting and|logging and|management|practices|process|convention|organization|support|guide|hierarchy|communication|update|order|system integration|principles|stage \d+|step \d+|&)\b/i;

export function readHeadings(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  doc.blocks.forEach((block, index) => {
    if (block.kind !== 'heading' || (block.depth ?? 1) <= 1) return;
    const frame = frameOf(block.path);
    if (frame.notFact || frame.future) return;
    const { name, paren } = cleanName(block.text.replace(/^\d+(\.\d+)*[.)]?\s+/, ''));
    // A heading right under "## Core Components" names a component, whatever its words ("### 6. Skills").
    const parent = block.path[block.path.length - 1];
    const plural = /s$/i.test(name) && !/(?:ss|us|is)$/i.test(name);
    const listed = parent !== undefined && parent.depth > 1 && COMPONENT_SECTION.test(parent.text) && !SECTION_WORDS.test(name) && name.split(/\s+/).length <= 3 && !plural;
    if (!plausibleName(name) || name.split(/\s+/).length > 5 || (SECTION_WORDS.test(name) && !listed)) return;
    // "Launching the Server", "Modifying Models": an activity, not a part.
    if (/^[A-Z]?[a-z]+ing\b/.test(name) && name.split(/\s+/).length >= 2 && !/^(?:billing|routing|ranking|tracing|logging|streaming|training|scoring|pricing|messaging|booking|ticketing|matching|labell?ing|hosting|serving|indexing|caching|queueing|queuing|alerting|monitoring|forecasting|reporting|onboarding|shipping|banking|lending|trading|printing|parsing|embedding)\b/i.test(name)) return;
    if (!listed && /s$/i.test(name.split(/\s+/).pop() ?? '') && !ctx.tech.find(name).length && /\b(tools|services|models|stores|agents|plugins|functions|integrations|components|apis|queues|pipelines|datasets|sources)$/i.test(name)) return;
    const byName = classifyName(name, ctx.tech);
    const byParen = paren ? classifyName(paren, ctx.tech) : {};
    if (!byName.kind && !byParen.technology && !listed) return;
    // "## Guardrails", "## Monitoring": a topic of the design, not a part of it.
    if (TOPIC_LABEL.test(name) && !listed && !byName.technology) return;
    let kind = byName.kind ?? byParen.kind ?? categoryOf(name.replace(/\s+system$/i, '')) ?? categoryOf(name.replace(/s$/i, '')) ?? 'service';
    if (frame.tools && !['tool', 'mcp-server', 'agent'].includes(kind) && !byName.technology) kind = 'tool';
    const technology = byName.technology ?? byParen.technology;
    // "## Model", "## Memory": a category word stands in for the part until the docs name it.
    const generic = !technology && !listed && categoryOf(name) !== undefined;
    const draft = placeComponent(ctx, name, kind, blockEvidence(doc, block), 'heading', {
      generic,
      ...(technology ? { technology } : {}),
      ...(paren && plausibleName(paren) && paren.split(/\s+/).length <= 3 ? { aliases: [paren] } : {}),
    });
    state.owners.set(index, draft.component.id);
  });
}

// ---------------------------------------------------------------------------------------------
// Names in running text: bold and code names, named phrases ("the Intake API"), technologies

const STOP_LEAD = /^(?:the|a|an|our|their|its|this|that|these|those|each|every|all|any|some|no|new|existing|both|either|other|another|same|main|separate|single|first|second|third|next|previous|last|whole|entire|current|old|one|two|three|such|which|what|when|where|how|if|then|also|and|or|but|for|from|with|by|to|in|on|at|of|via|per|so|we|you|they|it|is|are|was|were|be|been|has|have|had|will|can|may|might|should|would|could|must|do|does|did|not|only|just|more|most|less|many|much|few|several|various|different|multiple|own|given|specific|particular|default|custom|simple|basic|standard|generic|typical|small|large|big|relevant|right|correct|underlying|actual|overall|appropriate|corresponding|respective|above|below|original|final|shared|common|public|private|dedicated|central|core|primary|secondary|local|remote|later|today|now|here|there|e\.g|i\.e|etc|see|use|uses|using|call|calls|calling|run|runs|send|sends|read|reads|write|writes)$/i;

const PHRASE_HEAD =
  'model server|inference server|model registry|feature store|vector store|message queue|event bus|api gateway|data lake|data warehouse|object store|runtime|knowledge base|vector index|search index|service|api|gateway|server|database|db|store|index|queue|topic|bucket|cache|classifier|ranker|recommender|detector|agent|tool|plugin|pipeline|job|worker|scheduler|dashboard|portal|console|widget|bot|chatbot|assistant|registry|lake|warehouse|engine|endpoint|crawler|scraper|ingester|ingestor|extractor|indexer|retriever|embedder|router|orchestrator|planner|executor|proxy|broker|webhook|sandbox|alerter|notifier|collector|transcriber|summari[sz]er|microservice|daemon|lambda|function app|app|model|llm|cms|crm|erp|wiki|inbox|feed|repository|repo|frontend|backend|ui|extension|mcp server';
/** The head nouns with either case for their first letter ("Inference Server", "Intake API"). */
const TITLE_HEAD = PHRASE_HEAD.replace(/(^|\||\s)([a-z])/g, (_, sep: string, c: string) => `${sep}[${c}${c.toUpperCase()}]`).replace(/\bapi\b/, 'api|API').replace(/\bui\b/, 'ui|UI').replace(/\bllm\b/, 'llm|LLM').replace(/\bcms\b/, 'cms|CMS').replace(/\bcrm\b/, 'crm|CRM').replace(/\berp\b/, 'erp|ERP');
const TITLE_PHRASE = new RegExp(String.raw`\b((?:[A-Z][\w.+]*(?:-[\w.+]+)*|[A-Z]{2,}\w*)(?:\s+(?:[A-Z][\w.+]*(?:-[\w.+]+)*|[A-Z]{2,}\w*|of|for|&|and)){0,3}?)\s+(${TITLE_HEAD})s?\b`, 'g');
const LOWER_PHRASE = new RegExp(String.raw`\b(?:[Tt]he|[Oo]ur|[Aa]n?|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat)\s+((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*\s+){1,2})(${PHRASE_HEAD})\b`, 'g');

/** A service's name written as code: "upload-api", "ll_intake", "sift-service". */
const SERVICE_ID = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+){1,3}$/;
/** What follows a subject: an optional parenthesis, then a verb in the present tense. */
const SUBJECT_VERB =
  /^\s*(?:\([^()]{0,80}\)\s*)?(?:[:—–-]\s*)?(?:also\s+|then\s+|only\s+|now\s+)?(?:writes|reads|stores|sends|calls|runs|serves|receives|publishes|consumes|pulls|pushes|polls|fetches|loads|hosts|exposes|handles|processes|forwards|routes|checks|scans|hashes|applies|turns|takes|creates|updates|deletes|posts|listens|watches|emits|returns|generates|builds|indexes|embeds|scores|ranks|classifies|detects|transcribes|extracts|converts|renders|queues|schedules|triggers|executes|invokes|talks|connects|syncs|uploads|downloads|caches|is|owns|keeps|holds|manages|does|wraps|proxies|validates|enriches|parses|chunks|summari[sz]es|answers|orchestrates|dispatches|picks|drains|consumers|workers|pods|jobs|service|api)\b/;
/** Hyphenated words that are adjectives, never a service's name. */
const NOT_AN_ID = /^(?:read-only|real-time|built-in|long-term|short-term|end-to-end|third-party|open-source|multi-tenant|on-prem|per-user|high-level|low-level|follow-up|opt-in|opt-out|out-of-band|in-house|off-the-shelf|day-to-day|top-k|top-n|e-mail|co-pilot|self-hosted|well-known|so-called|non-blocking|up-to-date|pre-trained|fine-tuned|x-ray|re-ranking)$/i;

/** Verbs and prepositions that introduce a system the design talks to. */
const INTEGRATION = new RegExp(
  String.raw`\b(?:calls?|calling|queries|querying|posts? (?:\w+ ){0,3}?(?:to|into)|pushes? (?:\w+ ){0,3}?to|sends? (?:\w+ ){0,4}?(?:to|via)|syncs? (?:\w+ ){0,3}?(?:with|to)|integrates? with|reads? (?:\w+ ){0,3}?from|pulls? (?:\w+ ){0,3}?from|fetch(?:es)? (?:\w+ ){0,3}?from|writes? (?:\w+ ){0,3}?(?:to|into)|loads? (?:\w+ ){0,3}?from|via|through|using|backed by|hosted (?:on|in|by)|runs on|stored in|powered by|flags from|checks against|looks? up (?:\w+ ){0,3}?in)\s+((?:[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|[A-Z]{2,}[A-Za-z0-9]*)(?:['’]s)?(?:\s+(?:[A-Z][A-Za-z0-9]*|[A-Z]{2,}|\d+[A-Za-z]*)){0,2})`,
  'g',
);
/** A proper name: capitalised inside, all capitals, or several capitalised words — not an ordinary word at a sentence start. */
const PROPER = /^(?:[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z]{2,}[A-Za-z0-9]*|[A-Z][a-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+)+|[A-Z][a-z]{2,})$/;
const NOT_PROPER =
  /^(?:The|A|An|This|That|These|Those|Our|Their|Its|We|It|They|You|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|English|French|German|Spanish|Legal|Finance|Security|Support|Sales|Marketing|Engineering|Ops|HR|IT|AP|AR|API|APIs|UI|URL|JSON|YAML|CSV|PDF|HTML|HTTP|HTTPS|REST|SQL|SDK|CLI|LLM|AI|ML|ID|IDs|PII|TLS|SSO|MFA|OK|PR|PRs|CI|CD|SMS|VPN|VPC|DNS|GPU|CPU|RAM|USB|QA|EU|US|UK|Q[1-4]|V\d+|Step|Phase|Stage|Option|Section|Note|Notes|Example|Appendix|Table|Figure|Docker|Kubernetes|Python|Java|Go|Node|TypeScript|JavaScript|Rust|Ruby|Linux|Windows|Mac|MacOS|Git|Markdown)$/;

/** "a poller", "the matcher": a part named by what it does, at the start of a sentence or after a step's dash. */
const AGENT_NOUN = /(^|[—–:-]\s*)(?:a|an|the|our)\s+([a-z]+(?:er|or))\b/gi;
const NOT_AGENT_NOUN =
  /^(?:user|customer|other|number|order|error|layer|owner|partner|manner|letter|member|paper|header|folder|master|answer|filter|later|former|latter|computer|operator|reviewer|officer|author|editor|visitor|vendor|supplier|provider|sender|caller|buyer|seller|developer|engineer|manager|leader|player|speaker|writer|reader|viewer|subscriber|consumer|producer|trainer|teacher|doctor|monitor|major|minor|error|factor|vector|sector|color|colour|floor|door|mirror|hour|four|our|your|their|either|neither|whether|rather|further|together|never|ever|over|under|after|before|per|cluster|container|server|browser|driver|banner|corner|center|centre|character|chapter|matter|quarter|summer|winter|super|offer|lower|upper|power|water|paper|river|timer|counter|pointer|parameter|identifier|marker|sticker|poster|tier|barrier|carrier)$/i;

/** "the following models", "these services:" — a sentence that lists parts of one kind. */
const LISTED_KIND = /\b(?:following|these|those|the)\s+(models|services|tools|agents|datasets|databases|stores|servers|plugins|components|apis|queues)\b/i;
const LISTED_KINDS: Record<string, ComponentKind> = {
  model: 'ml-model',
  service: 'service',
  tool: 'tool',
  agent: 'agent',
  dataset: 'dataset',
  database: 'datastore',
  store: 'datastore',
  server: 'service',
  plugin: 'tool',
  component: 'service',
  api: 'external-api',
  queue: 'queue',
};

/** A sentence that lists the system's parts. */
const COMPONENT_LIST = /\b(?:(?:core |main |key |following )?components?(?: are)?|consists? of|comprised of|composed of|made up of|is built from|parts are|pieces are|building blocks are)\s*[:—–-]?\s*/i;

/** The items of "a, b, c and d" with their offsets. */
function splitList(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const end = text.search(/[.;](?:\s|$)/);
  const body = end >= 0 ? text.slice(0, end) : text;
  let start = 0;
  for (const m of body.matchAll(/,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+/g)) {
    out.push({ text: body.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  out.push({ text: body.slice(start), start });
  return out.filter((x) => x.text.trim());
}

/** "a database with several tables" → "database"; "distributed gpu workers" → "distributed gpu workers". */
function listItemName(item: string): string | undefined {
  const t = item
    .trim()
    .replace(/^(?:a|an|the|one|two|three|several|multiple|some|our)\s+/i, '')
    .split(/\s+(?:with|used|for|that|which|running|built|based|to|in|on|of|from|via|where|who|as)\b/i)[0]!
    .trim();
  return t.length >= 2 ? t : undefined;
}

function phraseName(words: string, head: string): string | undefined {
  const parts = words.trim().split(/\s+/);
  while (parts.length > 0 && STOP_LEAD.test(parts[0]!)) parts.shift();
  while (parts.length > 0 && /^(of|for|&|and)$/i.test(parts[parts.length - 1]!)) parts.pop();
  if (parts.length === 0) return undefined;
  if (parts.some((p) => STOP_LEAD.test(p) && !/^(of|for|&|and)$/i.test(p))) return undefined;
  // "OpenAI-compatible endpoint": how another part is reached, not a part of its own.
  if (parts.some((p) => /-compatible$/i.test(p))) return undefined;
  const name = `${parts.join(' ')} ${head}`;
  // "the partner endpoint", "Internal endpoint": a door of some part, named by who uses it.
  if (INTERFACE_NAME.test(name) && parts.every((p) => /^[a-z]/i.test(p) && !/[A-Z].*[A-Z]/.test(p) && INTERFACE_AUDIENCE.test(p))) return undefined;
  return plausibleName(name) ? name : undefined;
}

export function readNames(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  doc.blocks.forEach((block, index) => {
    if (block.kind === 'code') return;
    // A table row's own component came from its name column; its other cells may name products it uses.
    if (block.kind === 'row') {
      readRowProducts(ctx, state, block, index);
      return;
    }
    // The title names the system (or the document), not a part of it.
    if (block.kind === 'heading' && (block.depth === 1 || block.line === doc.title?.line)) return;
    const frame = frameOf(block.path);
    if (frame.notFact || frame.future) return;
    const def = definitionOf(block);
    for (const s of sentencesOf(block.text)) {
      const sentence = block.text.slice(s.start, s.end);
      if (capabilityNotYet(sentence)) continue;
      const seen = new Set<string>();
      const consider = (name: string, at: number, end: number, origin: Origin, kind: ComponentKind, technology?: Technology, generic = false) => {
        const key = norm(name);
        if (seen.has(key)) return;
        seen.add(key);
        if (capabilityNegated(sentence.slice(0, at - s.start), sentence.slice(end - s.start))) return;
        if (isActorLabel(name)) return;
        const evidence = blockEvidence(doc, block, s.start, s.end, at);
        const existing = sameThing(ctx, name, kind, technology);
        if (existing) {
          addEvidence(existing.component.evidence, evidence);
          return;
        }
        placeComponent(ctx, name, kind, evidence, origin, { ...(technology ? { technology } : {}), generic });
      };
      // Bold names in running text ("- The **Help index** stores…"), not the definition lead (read above).
      // Links listed after "the following models", "these tools": the link texts name parts of that kind.
      const listKind = LISTED_KIND.exec(sentence);
      for (const n of block.names) {
        if (n.start < s.start || n.end > s.end || n.style !== 'link' || !listKind) continue;
        const { name } = cleanName(block.text.slice(n.start, n.end));
        if (!plausibleName(name) || /^https?:|^\[?\d+\]?$|^(here|this|link|docs?|documentation|summary|see)$/i.test(name)) continue;
        const c = classifyName(name, ctx.tech);
        consider(name, n.start, n.end, 'name', c.kind ?? LISTED_KINDS[listKind[1]!.toLowerCase().replace(/s$/, '')] ?? 'service', c.technology);
      }
      for (const n of block.names) {
        if (n.start < s.start || n.end > s.end || n.style === 'em' || n.style === 'link') continue;
        if (def && n.start === def.leadStart) continue;
        const { name } = cleanName(block.text.slice(n.start, n.end));
        if (!plausibleName(name) || name.split(/\s+/).length > 5) continue;
        const c = classifyName(name, ctx.tech);
        if (n.style === 'code') {
          // Code spans are identifiers; products, and service names in subject position ("`upload-api` stores…"), are parts.
          if (c.technology && c.technology.kind && !c.technology.generic) consider(c.technology.name, n.start, n.end, 'technology', c.technology.kind, c.technology);
          else if (SERVICE_ID.test(name) && !NOT_AN_ID.test(name) && /^\s*(?:the\s+)?$/i.test(block.text.slice(s.start, n.start)) && SUBJECT_VERB.test(block.text.slice(n.end, n.end + 60))) {
            const paren = /^\s*\(([^()]*)\)/.exec(block.text.slice(n.end))?.[1];
            const k = c.kind ?? (paren ? kindFromDescription(paren, ctx.tech).kind : undefined) ?? 'service';
            consider(name, n.start, n.end, 'name', k);
          }
          continue;
        }
        const subject = /^\s*(?:the\s+|a\s+|an\s+|our\s+)?$/i.test(block.text.slice(s.start, n.start));
        if (c.kind) consider(name, n.start, n.end, 'name', c.kind, c.technology);
        // Without a kind word, a bold subject is a part only when it is written as a proper name
        // ("**Lighthouse** scores…"), not a phrase in sentence case ("**Human merge required.**").
        else if (subject && /^[A-Z]/.test(name) && PROPER.test(name) && !NOT_PROPER.test(name)) consider(name, n.start, n.end, 'name', 'service');
      }
      // A service named like code at the start of a sentence, without backticks: "upload-api writes the item to Postgres".
      const id = /^(?:the\s+)?([A-Za-z][a-z0-9]*(?:[-_][a-z0-9]+){1,3})\b/.exec(sentence);
      if (id && SERVICE_ID.test(id[1]!.toLowerCase()) && !NOT_AN_ID.test(id[1]!) && SUBJECT_VERB.test(sentence.slice(id[0].length))) {
        const name = id[1]!.toLowerCase();
        const at = s.start + id[0].length - id[1]!.length;
        const paren = /^\s*\(([^()]*)\)/.exec(sentence.slice(id[0].length))?.[1];
        const c = classifyName(name, ctx.tech);
        consider(name, at, at + name.length, 'name', c.kind ?? (paren ? kindFromDescription(paren, ctx.tech).kind : undefined) ?? 'service');
      }
      // A named outside system after an integration verb: "calls Experian's bureau API", "posts the invoice to NetSuite".
      for (const m of sentence.matchAll(INTEGRATION)) {
        const raw = m[1]!;
        const name = raw.replace(/['’]s$/, '');
        if (!PROPER.test(name) || NOT_PROPER.test(name) || isActorLabel(name) || !plausibleName(name)) continue;
        const at = s.start + m.index + m[0].length - raw.length;
        const c = classifyName(name, ctx.tech);
        consider(c.technology?.name ?? name, at, at + raw.length, c.technology ? 'technology' : 'name', c.kind ?? 'external-api', c.technology);
      }
      // An agent noun as the subject of a step: "Ingest — a poller (Python, on ECS) reads the mailbox", "the matcher does…".
      for (const m of sentence.matchAll(AGENT_NOUN)) {
        const noun = m[2]!.toLowerCase();
        if (NOT_AGENT_NOUN.test(noun) || !SUBJECT_VERB.test(sentence.slice(m.index + m[0].length))) continue;
        const at = s.start + m.index + m[0].length - m[2]!.length;
        const paren = /^\s*\(([^()]*)\)/.exec(sentence.slice(m.index + m[0].length))?.[1];
        const c = classifyName(noun, ctx.tech);
        consider(capitalize(noun), at, at + noun.length, 'phrase', c.kind ?? (paren ? kindFromDescription(paren, ctx.tech).kind : undefined) ?? 'service');
      }
      // "…is comprised of several core components: a frontend client, a FastAPI webserver, a database and gpu workers."
      const list = COMPONENT_LIST.exec(sentence);
      if (list) {
        const from = list.index + list[0].length;
        for (const item of splitList(sentence.slice(from))) {
          const name = listItemName(item.text);
          if (!name || !plausibleName(name) || name.split(/\s+/).length > 4 || /[:]/.test(name) || /^(?:text|number|set|lot|variety|range|mix|couple|few|bunch|series|list|way|kind|type)s?$/i.test(name)) continue;
          const c = classifyName(name, ctx.tech);
          const at = s.start + from + item.start;
          consider(capitalize(c.technology && norm(c.technology.name) === norm(name) ? c.technology.name : name), at, at + item.text.length, 'name', c.kind ?? 'service', c.technology);
        }
      }
      // Named phrases: "the Intake API", "Scoring Service", "the review queue".
      for (const m of sentence.matchAll(TITLE_PHRASE)) {
        const name = phraseName(m[1]!, m[2]!);
        if (!name) continue;
        const at = s.start + m.index + m[0].indexOf(m[1]!.trim().split(/\s+/).find((w) => !STOP_LEAD.test(w)) ?? m[1]!);
        const c = classifyName(name, ctx.tech);
        consider(name, at, s.start + m.index + m[0].length, 'name', c.kind ?? 'service', c.technology);
      }
      for (const m of sentence.matchAll(LOWER_PHRASE)) {
        const name = phraseName(m[1]!, m[2]!);
        if (!name) continue;
        const at = s.start + m.index + m[0].indexOf(m[1]!);
        const c = classifyName(name, ctx.tech);
        consider(capitalize(name), at, s.start + m.index + m[0].length, 'phrase', c.kind ?? 'service', c.technology);
      }
      // Products and category words from the technology vocabulary.
      for (const t of ctx.tech.find(sentence)) {
        const technology = t.technology;
        if (!technology.kind) continue;
        const at = s.start + t.start;
        readTechnologyMention(ctx, state, block, s, sentence, t, at, consider);
      }
    }
  });
}

/** Products a configuration selects: "vectorstore database: qdrant", "llm mode: llamacpp", an image name. */
export function readSettings(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  for (const set of doc.settings) {
    if (set.block !== undefined) {
      const frame = frameOf(doc.blocks[set.block]!.path);
      if (frame.notFact || frame.future) continue;
    }
    const text = set.text.text;
    const value = text.slice(text.lastIndexOf(':') + 1).trim();
    if (!value || /^(?:false|no|none|off|disabled|null|~|0)$/i.test(value)) continue;
    const line = set.lineOf(set.text.line);
    for (const t of ctx.tech.find(value)) {
      const technology = t.technology;
      if (!technology.kind || technology.generic) continue;
      const evidence = lineEvidence(doc, line);
      const existing = ctx.b.productOwner(technology.name) ?? ctx.b.findByAlias(technology.name);
      if (existing) addEvidence(existing.component.evidence, evidence);
      else placeComponent(ctx, technology.name, technology.kind, evidence, 'technology', { technology });
    }
  }
}

function readRowProducts(ctx: ReadContext, state: DocState, block: Block, index: number): void {
  const frame = frameOf(block.path);
  if (frame.notFact || frame.future) return;
  const ownerId = state.owners.get(index);
  const owner = ownerId ? ctx.b.resolve(ownerId) : undefined;
  for (const t of ctx.tech.find(block.text)) {
    const technology = t.technology;
    if (!technology.kind || technology.generic) continue;
    if (capabilityNegated(block.text.slice(0, t.start), block.text.slice(t.end)) || capabilityNotYet(block.text)) continue;
    if (ctx.b.productOwner(technology.name) !== undefined || (owner && owner.product === technology)) continue;
    // "Support API | Python service on ECS", "Help-centre index | Postgres 15 + pgvector": what the row's part runs on.
    if (owner && (COMPATIBLE[owner.component.kind] ?? [owner.component.kind]).includes(technology.kind)) continue;
    const name = technology.name;
    const existing = ctx.b.findByAlias(name);
    const evidence = blockEvidence(state.doc, block, 0, block.text.length, t.start);
    if (existing) addEvidence(existing.component.evidence, evidence);
    else placeComponent(ctx, name, technology.kind, evidence, 'technology', { technology });
  }
}

function readTechnologyMention(
  ctx: ReadContext,
  state: DocState,
  block: Block,
  s: { start: number; end: number },
  sentence: string,
  t: TechnologyMatch,
  at: number,
  consider: (name: string, at: number, end: number, origin: Origin, kind: ComponentKind, technology?: Technology, generic?: boolean) => void,
): void {
  const technology = t.technology;
  const kind = technology.kind!;
  if (capabilityNegated(sentence.slice(0, t.start), sentence.slice(t.end))) return;
  // Already a component's product ("the help-centre index (pgvector)"), or a component named after it.
  const owner = ctx.b.productOwner(technology.name);
  if (owner) {
    addEvidence(owner.component.evidence, blockEvidence(state.doc, block, s.start, s.end, at));
    return;
  }
  const mentioned = ctx.b.mentions(sentence).map((m) => m.draft);
  const compatible = COMPATIBLE[kind] ?? [kind];
  if (technology.generic) {
    // "a vector store", "the LLM": the component of that kind the docs already name, if it is clear which.
    const near = mentioned.filter((d) => compatible.includes(d.component.kind));
    const sameKind = ctx.b.countOfKinds(compatible);
    const target = near[0] ?? (sameKind.count === 1 ? sameKind.first : undefined);
    if (target) {
      addEvidence(target.component.evidence, blockEvidence(state.doc, block, s.start, s.end, at));
      return;
    }
    if (sameKind.count > 1) return;
    consider(technology.name, at, s.start + t.end, 'technology', kind, undefined, true);
    return;
  }
  // A product named right by a component of its kind that has none yet is that component's product:
  // "the help-centre index (Postgres + pgvector)", "the session store on Redis".
  const sentenceMentions = ctx.b.mentions(sentence);
  const host = sentenceMentions.find(
    (m) =>
      (m.draft.component.kind === kind || (kind === 'vector-store' && m.draft.component.kind === 'datastore')) &&
      !m.draft.product &&
      m.end <= t.start &&
      /^\s*(?:\(|,|:|—|–|-|is|are|on|in|uses?|using|runs on|backed by|built on|via|powered by|=)[^.;]{0,12}$/i.test(sentence.slice(m.end, t.start)),
  )?.draft;
  // "package registries (npm, PyPI, crates.io)": members of a group the docs treat as one part.
  const group = sentenceMentions.find((m) => m.end <= t.start && /s$/i.test(m.draft.component.name) && /^\s*\([^()]*$/.test(sentence.slice(m.end, t.start)))?.draft;
  if (group && (COMPATIBLE[group.component.kind] ?? [group.component.kind]).includes(kind)) {
    ctx.b.addAlias(group, technology.name);
    addEvidence(group.component.evidence, blockEvidence(state.doc, block, s.start, s.end, at));
    return;
  }
  if (host && host.origin !== 'technology') {
    setTechnology(ctx, host, technology);
    addEvidence(host.component.evidence, blockEvidence(state.doc, block, s.start, s.end, at));
    return;
  }
  consider(technology.name, at, s.start + t.end, 'technology', kind, technology);
}

/** Kinds a mention may attach to when the doc drew the thing as something close. */
export const COMPATIBLE: Partial<Record<ComponentKind, ComponentKind[]>> = {
  'vector-store': ['vector-store', 'memory', 'datastore'],
  memory: ['memory', 'vector-store', 'datastore'],
  datastore: ['datastore', 'vector-store', 'dataset', 'memory'],
  tool: ['tool', 'mcp-server'],
  dataset: ['dataset', 'datastore'],
  llm: ['llm', 'ml-model'],
  'ml-model': ['ml-model', 'llm', 'service'],
  service: ['service', 'external-api', 'ml-model', 'llm'],
  'external-api': ['external-api', 'service'],
  'training-pipeline': ['training-pipeline', 'service'],
};
