import { cellText, type Block } from '../read/blocks.js';
import type { ReadDocument } from '../read/document.js';
import { capabilityNegated, capabilityNotYet, readControl, readValue, type ClauseReading, type ReadingContext } from '../read/reading.js';
import { clauseAt, clausesOf, sentencesOf, type TextRange } from '../read/sentences.js';
import { evidenceAt } from '../read/source.js';
import type { Evidence } from '../system.js';
import { CONTROLS, isControl, type ComponentKind, type Feature, type Trait } from '../vocabulary.js';
import type { Draft } from './builder.js';
import { blockEvidence, type DocState, type ReadContext } from './components.js';
import { blockFrame, frameOf, type Frame } from './frame.js';
import { CONTROL_RULES, FEATURE_RULES, TRAIT_RULES, type FeatureRule, type TraitRule } from './rules.js';

/** Words that make a control cover the whole system ("all tool calls", "every endpoint"). */
const UNIVERSAL = /\b(all|every|each|any|everything|system-wide|globally|across the (?:board|system|platform|stack)|platform-wide|org-wide|everywhere|always)\b/i;

/** Approval is about actions a model takes; "an operator confirms the verdict" is review, not tool approval. */
const ACTION_WORDS =
  /\b(tools?|actions?|tool calls?|function calls?|refunds?|payments?|transfers?|bookings?|purchases?|emails? (?:are |is )?sent|sending|commands?|side[- ]effect\w*|plugins?)\b/i;

/** A sentence that only negates what the sentence before said: "This assistant does not." */
const ELLIPTIC_NO = /^(?:[\w'’-]+\s){0,5}(?:does not|doesn't|do not|don't|did not|didn't|is not|isn't|are not|aren't|has none|have none|has no such \w+|neither does|nor does|not here|not (?:yet|in this \w+))\b[^.]{0,40}[.!]?$/i;

/** A sentence whose subject is the one before's: "It is rate limited per user." */
const PRONOUN_START = /^(?:it|this|they|these|its|their|the (?:service|api|tool|model|agent|endpoint|server|component|worker|job|pipeline|store|database))\b/i;

/** "…, except the rollback tool" / "except for X": the components after it are left out. */
const EXCEPT = /\b(?:except|but not|other than|apart from|excluding)\b(?: for)?/i;

/** Traits too situational to pin on a component the sentence does not name. */
const SITUATIONAL: ReadonlySet<Trait> = new Set<Trait>(['side-effects', 'requires-approval', 'public', 'contains-pii', 'rate-limited']);

/** A table column that says whether the row's control is in place. */
const STATUS_HEADER = /^(?:status|state|implemented|in place|done|live|enabled|available|today|current(?:ly)?|now|exists?|yes\/no|y\/n|in prod(?:uction)?)$/i;

const CAUTION_ORDER: Record<ClauseReading['reading'], number> = { negated: 0, rejected: 0, planned: 0, asked: 1, hedged: 1, conditional: 2, past: 3, affirmed: 3 };

/** Of two readings of the same fact, the one that assures less. */
function moreCautious(a: ClauseReading, b: ClauseReading): ClauseReading {
  return CAUTION_ORDER[b.reading] < CAUTION_ORDER[a.reading] ? b : a;
}

function readingNote(r: ClauseReading): string | undefined {
  if (r.reading === 'affirmed') return undefined;
  return `${r.reading}${r.cue ? `: ${r.cue}` : ''}`;
}

function withReading(e: Evidence, r: ClauseReading): Evidence {
  const note = readingNote(r);
  return note ? { ...e, reading: note } : e;
}

function kindsOf(feature: Feature): readonly ComponentKind[] {
  return isControl(feature) ? CONTROLS[feature].kinds : [];
}

/** `requires` must hold in the clause; `excludes` must not hold anywhere in the sentence. */
function ruleApplies(rule: FeatureRule | TraitRule, clause: string, sentence = clause): boolean {
  if (rule.requires && !rule.requires.test(clause)) return false;
  if (rule.excludes && rule.excludes.test(sentence)) return false;
  return true;
}

interface SentenceScope {
  text: string;
  mentions: Array<{ draft: Draft; start: number; end: number }>;
  clauses: TextRange[];
}

function scopeOf(ctx: ReadContext, text: string): SentenceScope {
  return { text, mentions: ctx.b.mentions(text), clauses: clausesOf(text, { start: 0, end: text.length }) };
}

/**
 * The components a fact stated at `at` is about: those its clause names, else those its sentence
 * names, else the block's owners, else the whole system when the clause says "all"/"every", else
 * the only component that could be meant. Otherwise nobody can tell: the fact is unplaced.
 */
function subjectsFor(
  ctx: ReadContext,
  s: SentenceScope,
  at: number,
  kinds: readonly ComponentKind[],
  owners: Draft[],
  situational: boolean,
  lowersRisk = false,
): string[] | 'system' | 'unplaced' {
  const eligible = (d: Draft) => kinds.includes(d.component.kind);
  const clause = clauseAt(s.clauses, at) ?? { start: 0, end: s.text.length };
  const inClause = s.mentions.filter((m) => eligible(m.draft) && m.start >= clause.start && m.start < clause.end);
  if (inClause.length > 0) return [...new Set(inClause.map((m) => m.draft.component.id))];
  const inSentence = s.mentions.filter((m) => eligible(m.draft));
  if (inSentence.length > 0) {
    const distance = (m: { start: number }) => Math.abs(m.start - at);
    const nearest = Math.min(...inSentence.map(distance));
    return inSentence.filter((m) => distance(m) === nearest).map((m) => m.draft.component.id);
  }
  const owner = owners.find(eligible);
  if (owner) return [owner.component.id];
  if (UNIVERSAL.test(s.text.slice(clause.start, clause.end))) return 'system';
  const candidates = ctx.b.countOfKinds(kinds);
  if (candidates.count === 0) return 'system';
  // The one part of that kind — but a "no" that would lower a risk must name its part: "we don't do
  // long-term memory" is about conversation memory, not the help-centre index that is the only store
  // of that kind.
  if (lowersRisk) return 'unplaced';
  if (candidates.count === 1 && (!situational || (s.mentions.length === 0 && owners.length === 0))) return [candidates.first!.component.id];
  return 'unplaced';
}

/** The components a block belongs to, closest first: its own definition, its list parents, its headings. */
function ownerChain(ctx: ReadContext, state: DocState, index: number, headingOwners: Map<number, string>): Draft[] {
  const out: Draft[] = [];
  const push = (id: string | undefined) => {
    const d = id === undefined ? undefined : ctx.b.resolve(id);
    if (d && !out.includes(d)) out.push(d);
  };
  const block = state.doc.blocks[index]!;
  push(state.owners.get(index));
  let within = block.within;
  let parent = block.list?.parent;
  for (let guard = 0; guard < 8 && (within !== undefined || parent !== undefined); guard++) {
    const next = within ?? parent!;
    push(state.owners.get(next));
    const nb = state.doc.blocks[next];
    within = nb?.within;
    parent = nb?.list?.parent;
  }
  for (let i = block.path.length - 1; i >= 0; i--) push(headingOwners.get(block.path[i]!.line));
  return out;
}

/** What one block's reading carries to the next sentence: the topic, and the controls just stated. */
interface Discourse {
  topic: Draft | undefined;
  lastControls: Feature[];
}

/** Reads every fact in one document's blocks, table cells, diagram texts and settings. */
export function readFacts(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  const headingOwners = new Map<number, string>();
  doc.blocks.forEach((b, i) => {
    const id = state.owners.get(i);
    if (b.kind === 'heading' && id) headingOwners.set(b.line, id);
  });
  const discourse: Discourse = { topic: undefined, lastControls: [] };
  const offByDefault = controlsOffByDefault(doc);
  // A list right after "**Refund tool**" (or "The refund tool:") is about the refund tool.
  let listLead: Draft | undefined;
  doc.blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      discourse.topic = headingOwners.has(block.line) ? ctx.b.resolve(headingOwners.get(block.line)!) : undefined;
      discourse.lastControls = [];
    }
    if (block.kind !== 'item') {
      const own = state.owners.get(index);
      listLead = block.kind === 'paragraph' && own ? ctx.b.resolve(own) : undefined;
    }
    if (block.kind === 'code' || !block.text) return;
    const frame = blockFrame(block);
    if (frame.notFact) return;
    const owners = ownerChain(ctx, state, index, headingOwners);
    const own = state.owners.get(index);
    if (own) discourse.topic = ctx.b.resolve(own);
    if (block.kind === 'row') {
      readRow(ctx, doc, block, frame, owners);
      return;
    }
    for (const range of sentencesOf(block.text)) {
      const text = block.text.slice(range.start, range.end);
      const scope = scopeOf(ctx, text);
      const evidence = (at: number) => blockEvidence(doc, block, range.start, range.end, range.start + at);
      const sentenceOwners = PRONOUN_START.test(text) && discourse.topic ? [discourse.topic, ...owners] : owners;
      readSentence(ctx, scope, frame, listLead && block.kind === 'item' ? [...sentenceOwners, listLead] : sentenceOwners, evidence, { heading: block.kind === 'heading', checked: block.list?.checked ?? null, offByDefault }, discourse);
      const first = scope.mentions[0];
      if (first && first.start <= 25) discourse.topic = first.draft;
    }
  });
  for (const placed of doc.diagrams) {
    const frame = placed.block !== undefined ? frameOf(doc.blocks[placed.block]!.path) : NO_FRAME;
    if (frame.notFact) continue;
    const labels = new Map(placed.diagram.nodes.map((n) => [n.id, n.label]));
    for (const t of placed.diagram.texts) {
      const owners = t.about.map((a) => ctx.b.findByAlias(labels.get(a) ?? a) ?? ctx.b.findByAlias(a)).filter((d): d is Draft => d !== undefined);
      readLooseText(ctx, doc, t.text, placed.lineOf(t.line), placed.locate(t.line, t.column), frame, owners);
    }
  }
  for (const s of doc.settings) {
    const frame = s.block !== undefined ? frameOf(doc.blocks[s.block]!.path) : NO_FRAME;
    if (frame.notFact) continue;
    const owners = s.text.about.map((a) => ctx.b.findByAlias(a)).filter((d): d is Draft => d !== undefined);
    readSetting(ctx, doc, s.text.text, s.locate(s.text.line, s.text.column), frame, owners);
  }
}

const NO_FRAME: Frame = { future: false, notFact: false, caution: false, tools: false };

interface SentenceContext {
  heading: boolean;
  checked: boolean | null;
  /** Controls the document says are off by default, anywhere in it: none of its mentions is a plain yes. */
  offByDefault?: ReadonlySet<Feature>;
}

/** "…non-authorized mode as the default", "rate limiting is opt-in": a control that is off unless someone turns it on. */
const DEFAULT_CUE = /\b(?:by default|as (?:the|a) default|the default is|(?:is|remains|stays) the default|defaults? to)\b/i;
const OFF_CUE = /\b(?:non-|no[- ]|not\b|disabled|off\b|opt[- ]in|optional|without)/i;
/** What a control is about, where its own pattern is too narrow to see "non-authorized" or "auth is off". */
const CONTROL_TOPIC: Partial<Record<Feature, RegExp>> = {
  authentication: /\b(?:non-)?auth(?:enticat\w*|oriz\w*|\b)|\blogins?\b|\bsign[- ]in\b/i,
};

function controlsOffByDefault(doc: ReadDocument): Set<Feature> {
  const out = new Set<Feature>();
  for (const block of doc.blocks) {
    if (!block.text || !DEFAULT_CUE.test(block.text)) continue;
    for (const range of sentencesOf(block.text)) {
      const text = block.text.slice(range.start, range.end);
      if (!DEFAULT_CUE.test(text) || !OFF_CUE.test(text)) continue;
      for (const rule of CONTROL_RULES) if ((CONTROL_TOPIC[rule.feature] ?? rule.pattern).test(text)) out.add(rule.feature);
    }
  }
  return out;
}

function readSentence(ctx: ReadContext, s: SentenceScope, frame: Frame, owners: Draft[], evidence: (at: number) => Evidence, sc: SentenceContext, discourse?: Discourse): void {
  const { b } = ctx;
  const clauseText = (at: number) => {
    const c = clauseAt(s.clauses, at) ?? { start: 0, end: s.text.length };
    return s.text.slice(c.start, c.end);
  };
  // Capabilities: wide, system-wide, presence wins.
  if (!frame.future && !(sc.heading && FUTURE_WORDS.test(s.text))) {
    for (const rule of FEATURE_RULES) {
      const m = rule.pattern.exec(s.text);
      if (!m || !ruleApplies(rule, clauseText(m.index), s.text)) continue;
      if (capabilityNotYet(clauseText(m.index))) continue;
      const negated = capabilityNegated(s.text.slice(0, m.index), s.text.slice(m.index + m[0].length));
      b.state({ feature: rule.feature, reading: negated ? { reading: 'negated' } : { reading: 'affirmed' }, subjects: 'system', evidence: evidence(m.index) });
    }
    for (const t of ctx.tech.find(s.text)) {
      if (t.technology.features.length === 0 && t.technology.traits.length === 0) continue;
      if (capabilityNotYet(clauseText(t.start)) || capabilityNegated(s.text.slice(0, t.start), s.text.slice(t.end))) continue;
      for (const feature of t.technology.features) b.state({ feature, reading: { reading: 'affirmed' }, subjects: 'system', evidence: evidence(t.start) });
      const owner = b.productOwner(t.technology.name);
      if (owner) for (const trait of t.technology.traits) b.state({ trait, reading: { reading: 'affirmed' }, subjects: [owner.component.id], evidence: evidence(t.start) });
    }
  }
  // Controls: narrow; the clause's reading decides, the sentence's subject scopes.
  const stated: Feature[] = [];
  if (!sc.heading) {
    for (const rule of CONTROL_RULES) {
      if (stated.includes(rule.feature)) continue;
      const m = rule.pattern.exec(s.text);
      if (!m) continue;
      const clause = clauseText(m.index);
      if (!ruleApplies(rule, clause, s.text)) continue;
      const context: ReadingContext = { future: frame.future, caution: frame.caution, unchecked: sc.checked === false };
      if (readControlStatement(ctx, s, rule.feature, m.index, clause, context, owners, evidence, sc)) stated.push(rule.feature);
    }
    // "Our payments team uses human approval. This assistant does not."
    if (stated.length === 0 && discourse && discourse.lastControls.length > 0 && ELLIPTIC_NO.test(s.text.trim())) {
      for (const feature of discourse.lastControls) {
        const subjects = subjectsFor(ctx, s, 0, kindsOf(feature), [], true);
        b.state({ feature, reading: { reading: 'negated', cue: s.text.trim() }, subjects: subjects === 'unplaced' ? 'system' : subjects, evidence: withReading(evidence(0), { reading: 'negated', cue: s.text.trim() }) });
      }
    }
    if (discourse) discourse.lastControls = stated;
  }
  if (frame.future || sc.heading) return;
  // Traits of one component.
  const doneTraits = new Set<string>();
  for (const rule of TRAIT_RULES) {
    const key = `${rule.trait}${rule.absent ? '-' : '+'}`;
    if (doneTraits.has(key)) continue;
    const m = rule.pattern.exec(s.text);
    if (!m || !ruleApplies(rule, clauseText(m.index), s.text)) continue;
    doneTraits.add(key);
    const negated = capabilityNegated(s.text.slice(0, m.index), s.text.slice(m.index + m[0].length));
    if (rule.absent && negated) continue;
    const reading: ClauseReading = rule.absent || negated ? { reading: 'negated', cue: rule.absent ? m[0] : 'not' } : { reading: 'affirmed' };
    const subjects = subjectsFor(ctx, s, m.index, rule.kinds, owners, SITUATIONAL.has(rule.trait), reading.reading === 'negated');
    if (!Array.isArray(subjects)) continue;
    b.state({ trait: rule.trait, reading, subjects, evidence: withReading(evidence(m.index), reading) });
  }
}

/** One control stated in a clause: its reading, its subjects, and the components an "except" leaves out. */
function readControlStatement(
  ctx: ReadContext,
  s: SentenceScope,
  feature: Feature,
  at: number,
  clause: string,
  context: ReadingContext,
  owners: Draft[],
  evidence: (at: number) => Evidence,
  sc: SentenceContext,
): boolean {
  const { b } = ctx;
  const kinds = kindsOf(feature);
  const eligible = (d: Draft) => kinds.includes(d.component.kind);
  const c = clauseAt(s.clauses, at) ?? { start: 0, end: s.text.length };
  // "All tools require approval, except the rollback tool": the rollback tool is left out, the rest are covered.
  const except = EXCEPT.exec(clause);
  const excluded = except ? s.mentions.filter((m) => eligible(m.draft) && m.start >= c.start + except.index && m.start < c.end) : [];
  let reading: ClauseReading;
  let subjects: string[] | 'system' | 'unplaced';
  if (except && excluded.length > 0) {
    const head = clause.slice(0, except.index);
    reading = readControl(head, s.text, context);
    const named = s.mentions.filter((m) => eligible(m.draft) && m.start >= c.start && m.start < c.start + except.index);
    const out = new Set(excluded.map((m) => m.draft.component.id));
    subjects = named.length > 0 ? named.map((m) => m.draft.component.id) : b.ofKind(...kinds).map((d) => d.component.id).filter((id) => !out.has(id));
    const left: ClauseReading = { reading: 'negated', cue: except[0] };
    b.state({ feature, reading: left, subjects: [...out], evidence: withReading(evidence(at), left) });
  } else {
    reading = readControl(clause, s.text, context);
    subjects = subjectsFor(ctx, s, at, kinds, owners, false);
    // A subject named in another clause ("…at the CDN; the API itself has none") takes that clause's reading too.
    if (Array.isArray(subjects)) {
      for (const other of s.clauses) {
        if (other === c || !s.mentions.some((x) => (subjects as string[]).includes(x.draft.component.id) && x.start >= other.start && x.start < other.end)) continue;
        reading = moreCautious(reading, readControl(s.text.slice(other.start, other.end), s.text, context));
      }
    }
    // Another clause that turns the whole sentence ("it is off by default", "the chain does not call them").
    for (const other of s.clauses) {
      if (other === c || s.mentions.some((x) => eligible(x.draft) && x.start >= other.start && x.start < other.end)) continue;
      const r = readControl(s.text.slice(other.start, other.end), s.text, context);
      if (r.reading !== 'affirmed' && r.reading !== 'conditional' && r.reading !== 'past') reading = moreCautious(reading, r);
    }
  }
  if (sc.checked === true && reading.reading === 'hedged') reading = { reading: 'affirmed' };
  if (sc.offByDefault?.has(feature) && reading.reading === 'affirmed') reading = { reading: 'hedged', cue: 'off by default, as the document says elsewhere' };
  if (feature === 'tool-approval' && !Array.isArray(subjects) && !ACTION_WORDS.test(clause)) return false;
  const e = withReading(evidence(at), reading);
  b.state({ feature, reading, subjects, evidence: e });
  if (subjects === 'unplaced' && reading.reading === 'affirmed') b.unplaced.push(e);
  return true;
}

const FUTURE_WORDS = /\b(future|roadmap|planned|phase (?:2|3|ii|two)|next steps|later|todo|backlog|considered|rejected|alternatives?)\b/i;

/** A table row: each cell read with its column header, about the row's component. */
function readRow(ctx: ReadContext, doc: ReadDocument, block: Block, frame: Frame, owners: Draft[]): void {
  const header = block.table!.header.map((h) => h.replace(/[*_`]/g, '').trim());
  const whole = blockEvidence(doc, block);
  // A status column answers for every control the row names ("Human approval | wire tool | planned").
  const statusCol = header.findIndex((h) => STATUS_HEADER.test(h));
  const statusCell = statusCol >= 0 ? cellText(block, statusCol) : undefined;
  const status = statusCell !== undefined ? (readValue(statusCell) ?? readControl(statusCell, statusCell, { caution: frame.caution })) : undefined;
  block.table!.cells.forEach((_, i) => {
    if (i === statusCol) return;
    readStatement(ctx, header[i] ?? '', cellText(block, i), frame, owners, whole, status);
  });
  // The whole row as a sentence, for capabilities that span cells ("Ingestion job | Pulls … forum posts").
  if (frame.future) return;
  for (const rule of FEATURE_RULES) {
    const m = rule.pattern.exec(block.text);
    if (!m || !ruleApplies(rule, block.text) || capabilityNotYet(block.text)) continue;
    const negated = capabilityNegated(block.text.slice(0, m.index), block.text.slice(m.index + m[0].length));
    ctx.b.state({ feature: rule.feature, reading: negated ? { reading: 'negated' } : { reading: 'affirmed' }, subjects: 'system', evidence: whole });
  }
  for (const t of ctx.tech.find(block.text)) {
    if (capabilityNegated(block.text.slice(0, t.start), block.text.slice(t.end))) continue;
    for (const feature of t.technology.features) ctx.b.state({ feature, reading: { reading: 'affirmed' }, subjects: 'system', evidence: whole });
  }
  for (const rule of TRAIT_RULES) {
    const m = rule.pattern.exec(block.text);
    if (!m || !ruleApplies(rule, block.text)) continue;
    const negated = capabilityNegated(block.text.slice(0, m.index), block.text.slice(m.index + m[0].length));
    if (rule.absent && negated) continue;
    const subjects = owners.filter((d) => rule.kinds.includes(d.component.kind)).slice(0, 1).map((d) => d.component.id);
    if (subjects.length === 0) continue;
    const reading: ClauseReading = rule.absent || negated ? { reading: 'negated', cue: rule.absent ? m[0] : 'not' } : { reading: 'affirmed' };
    ctx.b.state({ trait: rule.trait, reading, subjects, evidence: withReading(whole, reading) });
  }
}

/**
 * A control stated as "Header: value" (a table cell or a setting): "Approval: No", "Rate limit:
 * 30/min per IP". The value decides when it is a plain yes or no; otherwise it is read as a clause.
 * A row's status column, when there is one, decides instead.
 */
function readStatement(ctx: ReadContext, head: string, value: string, frame: Frame, owners: Draft[], evidence: Evidence, status?: ClauseReading): void {
  const statement = `${head}: ${value}`;
  for (const rule of CONTROL_RULES) {
    const m = rule.pattern.exec(statement);
    if (!m || !ruleApplies(rule, statement)) continue;
    const headerNames = rule.pattern.test(head);
    const valueReading = headerNames ? readValue(value) : undefined;
    const reading: ClauseReading = frame.future
      ? { reading: 'planned', cue: 'under a heading about the future' }
      : (status ?? valueReading ?? readControl(headerNames && !rule.pattern.test(value) ? statement : value, value, { caution: frame.caution }));
    const scope = scopeOf(ctx, statement);
    const subjects = subjectsFor(ctx, scope, m.index, kindsOf(rule.feature), owners, false);
    if (rule.feature === 'tool-approval' && !Array.isArray(subjects) && !ACTION_WORDS.test(statement)) continue;
    const e = withReading(evidence, reading);
    ctx.b.state({ feature: rule.feature, reading, subjects, evidence: e });
    if (subjects === 'unplaced' && reading.reading === 'affirmed') ctx.b.unplaced.push(e);
    break;
  }
}

/** A label in a diagram (a message, a note, a C4 description): a sentence about the nodes it touches. */
function readLooseText(ctx: ReadContext, doc: ReadDocument, text: string, line: number, offset: number, frame: Frame, owners: Draft[]): void {
  const start = doc.lines.startOf(line);
  const lineText = doc.lines.line(line);
  const lead = lineText.length - lineText.trimStart().length;
  const base = Math.max(start, Math.min(offset, start + lineText.length));
  const evidence = (at: number) => evidenceAt(doc.file, doc.lines, start + lead, start + lineText.trimEnd().length, Math.min(base + at, start + Math.max(lead, lineText.length - 1)));
  for (const range of sentencesOf(text)) {
    const t = text.slice(range.start, range.end);
    readSentence(ctx, scopeOf(ctx, t), frame, owners, (at) => evidence(range.start + at), { heading: false, checked: null });
  }
}

/** A "key path: value" setting from YAML or JSON (a commented-out line never gets here: YAML drops comments). */
function readSetting(ctx: ReadContext, doc: ReadDocument, text: string, offset: number, frame: Frame, owners: Draft[]): void {
  const line = doc.lines.lineOf(offset);
  const lineText = doc.lines.line(line);
  const start = doc.lines.startOf(line);
  const evidence = evidenceAt(doc.file, doc.lines, start + (lineText.length - lineText.trimStart().length), start + lineText.trimEnd().length);
  const colon = text.lastIndexOf(':');
  readStatement(ctx, text.slice(0, colon).trim(), text.slice(colon + 1).trim(), frame, owners, evidence);
}
