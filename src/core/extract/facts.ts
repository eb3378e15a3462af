import { cellText, type Block } from '../read/blocks.js';
import type { Locate, ReadDocument } from '../read/document.js';
import { capabilityNegated, capabilityNotYet, readControl, readValue, type ClauseReading } from '../read/reading.js';
import { clauseAt, clausesOf, sentencesOf, type TextRange } from '../read/sentences.js';
import { evidenceAt } from '../read/source.js';
import type { Evidence } from '../system.js';
import { CONTROLS, isControl, type ComponentKind, type Feature, type Trait } from '../vocabulary.js';
import type { Draft, Statement } from './builder.js';
import { blockEvidence, type DocState, type ReadContext } from './components.js';
import { blockFrame, frameOf, type Frame } from './frame.js';
import { CONTROL_RULES, FEATURE_RULES, TRAIT_RULES, type FeatureRule, type TraitRule } from './rules.js';

/** Words that make a control cover the whole system ("all tool calls", "every endpoint"). */
const UNIVERSAL = /\b(all|every|each|any|everything|system-wide|globally|across the (?:board|system|platform|stack)|platform-wide|org-wide|everywhere|always)\b/i;

/** Traits too situational to pin on a component the sentence does not name. */
const SITUATIONAL: ReadonlySet<Trait> = new Set<Trait>(['side-effects', 'requires-approval', 'public', 'contains-pii', 'rate-limited']);

function readingNote(r: ClauseReading): string | undefined {
  if (r.reading === 'affirmed') return undefined;
  return `${r.reading}${r.cue ? `: ${r.cue}` : ''}`;
}

function withReading(e: Evidence, r: ClauseReading): Evidence {
  const note = readingNote(r);
  return note ? { ...e, reading: note } : e;
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

interface SentenceScope {
  text: string;
  start: number;
  mentions: Array<{ draft: Draft; start: number; end: number }>;
  clauses: TextRange[];
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
  const candidates = ctx.b.ofKind(...kinds);
  if (candidates.length === 0) return 'system';
  if (candidates.length === 1 && !situational) return [candidates[0]!.component.id];
  if (candidates.length === 1 && s.mentions.length === 0 && owners.length === 0) return [candidates[0]!.component.id];
  return 'unplaced';
}

function ruleApplies(rule: FeatureRule | TraitRule, clause: string): boolean {
  if (rule.requires && !rule.requires.test(clause)) return false;
  if (rule.excludes && rule.excludes.test(clause)) return false;
  return true;
}

/** Reads every fact in one document's blocks, table cells, diagram texts and settings. */
export function readFacts(ctx: ReadContext, state: DocState): void {
  const { doc } = state;
  const headingOwners = new Map<number, string>();
  doc.blocks.forEach((b, i) => {
    const id = state.owners.get(i);
    if (b.kind === 'heading' && id) headingOwners.set(b.line, id);
  });
  doc.blocks.forEach((block, index) => {
    if (block.kind === 'code' || !block.text) return;
    const frame = blockFrame(block);
    if (frame.notFact) return;
    const owners = ownerChain(ctx, state, index, headingOwners);
    if (block.kind === 'row') {
      readRow(ctx, doc, block, frame, owners);
      return;
    }
    for (const range of sentencesOf(block.text)) {
      const text = block.text.slice(range.start, range.end);
      const scope: SentenceScope = { text, start: range.start, mentions: ctx.b.mentions(text), clauses: clausesOf(text, { start: 0, end: text.length }) };
      const evidence = (at: number) => blockEvidence(doc, block, range.start, range.end, range.start + at);
      readSentence(ctx, scope, frame, owners, evidence, { heading: block.kind === 'heading', checked: block.list?.checked ?? null });
    }
  });
  for (const placed of doc.diagrams) {
    const frame = placed.block !== undefined ? frameOf(doc.blocks[placed.block]!.path) : NO_FRAME;
    if (frame.notFact) continue;
    for (const t of placed.diagram.texts) readLooseText(ctx, doc, t.text, placed.lineOf(t.line), placed.locate(t.line, t.column), frame, aboutOwners(ctx, t.about, placed));
  }
  for (const s of doc.settings) {
    const frame = s.block !== undefined ? frameOf(doc.blocks[s.block]!.path) : NO_FRAME;
    if (frame.notFact) continue;
    const owners = s.text.about.map((a) => ctx.b.findByAlias(a)).filter((d): d is Draft => d !== undefined);
    readSetting(ctx, doc, s.text.text, s.locate(s.text.line, s.text.column), frame, owners);
  }
}

const NO_FRAME: Frame = { future: false, notFact: false, caution: false, tools: false };

function aboutOwners(ctx: ReadContext, about: string[], placed: ReadDocument['diagrams'][number]): Draft[] {
  const labels = new Map(placed.diagram.nodes.map((n) => [n.id, n.label]));
  return about.map((a) => ctx.b.findByAlias(labels.get(a) ?? a) ?? ctx.b.findByAlias(a)).filter((d): d is Draft => d !== undefined);
}

interface SentenceContext {
  heading: boolean;
  checked: boolean | null;
}

function readSentence(
  ctx: ReadContext,
  s: SentenceScope,
  frame: Frame,
  owners: Draft[],
  evidence: (at: number) => Evidence,
  sc: SentenceContext,
): void {
  const { b } = ctx;
  const clauseText = (at: number) => {
    const c = clauseAt(s.clauses, at) ?? { start: 0, end: s.text.length };
    return s.text.slice(c.start, c.end);
  };
  // Capabilities: wide, system-wide, presence wins.
  if (!frame.future && !(sc.heading && FUTURE_WORDS.test(s.text))) {
    for (const rule of FEATURE_RULES) {
      const m = rule.pattern.exec(s.text);
      if (!m || !ruleApplies(rule, clauseText(m.index))) continue;
      if (capabilityNotYet(clauseText(m.index))) continue;
      const negated = capabilityNegated(s.text.slice(0, m.index), s.text.slice(m.index + m[0].length));
      b.state({ feature: rule.feature, reading: negated ? { reading: 'negated' } : { reading: 'affirmed' }, subjects: 'system', evidence: evidence(m.index) });
    }
    for (const t of ctx.tech.find(s.text)) {
      if (t.technology.features.length === 0 && t.technology.traits.length === 0) continue;
      if (capabilityNotYet(clauseText(t.start)) || capabilityNegated(s.text.slice(0, t.start), s.text.slice(t.end))) continue;
      for (const feature of t.technology.features) b.state({ feature, reading: { reading: 'affirmed' }, subjects: 'system', evidence: evidence(t.start) });
      const owner = b.byTechnology.get(t.technology.name);
      if (owner) for (const trait of t.technology.traits) b.state({ trait, reading: { reading: 'affirmed' }, subjects: [owner.component.id], evidence: evidence(t.start) });
    }
  }
  // Controls: narrow; the clause's reading decides, the sentence's subject scopes.
  if (!sc.heading) {
    const done = new Set<Feature>();
    for (const rule of CONTROL_RULES) {
      if (done.has(rule.feature)) continue;
      const m = rule.pattern.exec(s.text);
      if (!m) continue;
      const clause = clauseText(m.index);
      if (!ruleApplies(rule, clause)) continue;
      done.add(rule.feature);
      let reading = readControl(clause, s.text, { future: frame.future, caution: frame.caution, unchecked: sc.checked === false });
      if (sc.checked === true && reading.reading === 'hedged') reading = { reading: 'affirmed' };
      const spec = isControl(rule.feature) ? CONTROLS[rule.feature] : undefined;
      const subjects = subjectsFor(ctx, s, m.index, spec?.kinds ?? [], owners, true);
      const e = withReading(evidence(m.index), reading);
      b.state({ feature: rule.feature, reading, subjects, evidence: e });
      if (subjects === 'unplaced' && reading.reading === 'affirmed') b.unplaced.push(e);
    }
  }
  if (frame.future || sc.heading) return;
  // Traits of one component.
  const doneTraits = new Set<string>();
  for (const rule of TRAIT_RULES) {
    const key = `${rule.trait}${rule.absent ? '-' : '+'}`;
    if (doneTraits.has(key)) continue;
    const m = rule.pattern.exec(s.text);
    if (!m || !ruleApplies(rule, clauseText(m.index))) continue;
    doneTraits.add(key);
    const negated = capabilityNegated(s.text.slice(0, m.index), s.text.slice(m.index + m[0].length));
    if (rule.absent && negated) continue;
    const reading: ClauseReading = rule.absent || negated ? { reading: 'negated', cue: rule.absent ? m[0] : 'not' } : { reading: 'affirmed' };
    const subjects = subjectsFor(ctx, s, m.index, rule.kinds, owners, SITUATIONAL.has(rule.trait));
    if (!Array.isArray(subjects)) continue;
    b.state({ trait: rule.trait, reading, subjects, evidence: withReading(evidence(m.index), reading) });
  }
}

const FUTURE_WORDS = /\b(future|roadmap|planned|phase (?:2|3|ii|two)|next steps|later|todo|backlog|considered|rejected|alternatives?)\b/i;

/** A table row: each cell read with its column header, about the row's component. */
function readRow(ctx: ReadContext, doc: ReadDocument, block: Block, frame: Frame, owners: Draft[]): void {
  const header = block.table!.header;
  const whole = blockEvidence(doc, block);
  block.table!.cells.forEach((cell, i) => {
    const value = cellText(block, i);
    const head = (header[i] ?? '').replace(/[*_`]/g, '').trim();
    const statement = `${head}: ${value}`;
    const focus = blockEvidence(doc, block, cell.start, cell.end, cell.start);
    const e = focus.quote.length >= 3 ? { ...whole, line: whole.line } : whole;
    readStatement(ctx, statement, value, frame, owners, e, head);
  });
  // The whole row as a sentence, for capabilities that span cells ("Ingestion job | Pulls … forum posts").
  const scope: SentenceScope = { text: block.text, start: 0, mentions: ctx.b.mentions(block.text), clauses: [{ start: 0, end: block.text.length }] };
  if (!frame.future) {
    for (const rule of FEATURE_RULES) {
      const m = rule.pattern.exec(block.text);
      if (!m || !ruleApplies(rule, block.text) || capabilityNotYet(block.text)) continue;
      const negated = capabilityNegated(block.text.slice(0, m.index), block.text.slice(m.index + m[0].length));
      ctx.b.state({ feature: rule.feature, reading: negated ? { reading: 'negated' } : { reading: 'affirmed' }, subjects: 'system', evidence: whole });
    }
    for (const rule of TRAIT_RULES) {
      const m = rule.pattern.exec(block.text);
      if (!m || !ruleApplies(rule, block.text) || (rule.trait === 'requires-approval')) continue;
      const negated = capabilityNegated(block.text.slice(0, m.index), block.text.slice(m.index + m[0].length));
      if (rule.absent && negated) continue;
      const subjects = owners.filter((d) => rule.kinds.includes(d.component.kind)).slice(0, 1).map((d) => d.component.id);
      if (subjects.length === 0) continue;
      const reading: ClauseReading = rule.absent || negated ? { reading: 'negated', cue: rule.absent ? m[0] : 'not' } : { reading: 'affirmed' };
      ctx.b.state({ trait: rule.trait, reading, subjects, evidence: withReading(whole, reading) });
    }
  }
  void scope;
}

/**
 * A control stated as "Header: value" (a table cell or a setting): "Approval: No", "Rate limit:
 * 30/min per IP". The value decides when it is a plain yes or no; otherwise it is read as a clause.
 */
function readStatement(ctx: ReadContext, statement: string, value: string, frame: Frame, owners: Draft[], evidence: Evidence, head: string): void {
  for (const rule of CONTROL_RULES) {
    const m = rule.pattern.exec(statement);
    if (!m || !ruleApplies(rule, statement)) continue;
    // "Approval | No": the header names the control, the cell answers; a cell naming it reads as a clause.
    const headerNames = rule.pattern.test(head);
    const valueReading = headerNames ? readValue(value) : undefined;
    const reading = frame.future
      ? ({ reading: 'planned', cue: 'under a heading about the future' } as ClauseReading)
      : (valueReading ?? readControl(headerNames && !rule.pattern.test(value) ? statement : value, value, { caution: frame.caution }));
    const spec = isControl(rule.feature) ? CONTROLS[rule.feature] : undefined;
    const kinds = spec?.kinds ?? [];
    const subject = owners.find((d) => (kinds as readonly string[]).includes(d.component.kind));
    const subjects = subject ? [subject.component.id] : owners.length === 0 ? 'unplaced' : ('unplaced' as const);
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
  const base = Math.max(start, Math.min(offset, start + lineText.length));
  const evidence = (at: number) => evidenceAt(doc.file, doc.lines, start + (lineText.length - lineText.trimStart().length), start + lineText.trimEnd().length, Math.min(base + at, start + lineText.length - 1));
  for (const range of sentencesOf(text)) {
    const t = text.slice(range.start, range.end);
    const scope: SentenceScope = { text: t, start: range.start, mentions: ctx.b.mentions(t), clauses: clausesOf(t, { start: 0, end: t.length }) };
    readSentence(ctx, scope, frame, owners, (at) => evidence(range.start + at), { heading: false, checked: null });
  }
}

/** A "key path: value" setting from YAML or JSON. */
function readSetting(ctx: ReadContext, doc: ReadDocument, text: string, offset: number, frame: Frame, owners: Draft[]): void {
  const line = doc.lines.lineOf(offset);
  const lineText = doc.lines.line(line);
  const start = doc.lines.startOf(line);
  const evidence = evidenceAt(doc.file, doc.lines, start + (lineText.length - lineText.trimStart().length), start + lineText.trimEnd().length);
  // A commented-out line never reaches here: YAML drops comments.
  const colon = text.lastIndexOf(':');
  const key = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  readStatement(ctx, `${key}: ${value}`, value, frame, owners, evidence, key);
  void (undefined as unknown as Locate);
}
