/**
 * How a clause states a fact. A control is in place only when a clause affirms it, in the
 * indicative, now, without a condition. Everything else — negated, planned, rejected, hedged,
 * asked, conditional — means "not (fully) in place", and the reading says which, with the words
 * that made it so. Wrong is worse than missing: when in doubt, the reading is not "affirmed".
 */

export type Reading = 'affirmed' | 'negated' | 'planned' | 'rejected' | 'hedged' | 'asked' | 'conditional';

export interface ClauseReading {
  reading: Reading;
  /** The words that made the reading (the negation, the plan, the condition). */
  cue?: string;
  /** For a conditional reading: the condition as the document states it ("over $200"). */
  condition?: string;
}

/** What the context says before any word of the clause is read. */
export interface ReadingContext {
  /** Under a heading about the future (roadmap, next steps, phase 2, open questions, TODO). */
  future?: boolean;
  /** Under a heading about risks, limitations or gaps: controls named there are never affirmed. */
  caution?: boolean;
  /** An unchecked task-list item. */
  unchecked?: boolean;
}

const NEGATOR =
  /\b(?:no|not|never|none|nothing|nobody|neither|nor|without|lacks?|lacking|missing|absent|cannot|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|n\/a|zero|unless)\b|\bno-one\b|\bno one\b|\b\w+n['’]t\b/gi;

/** Phrases that look negative but are not ("not only … but also", "no matter"). */
const NOT_NEGATION = /\bnot only\b|\bno matter\b|\bno doubt\b|\bnot just\b|\bnothing but\b|\bno later than\b|\bno less than\b|\bnot least\b/gi;

const REJECTED =
  /\b(?:decided against|decided not to|rejected|ruled out|dropped|abandoned|de-?scoped|out of scope|removed|deprecated|retired|turned off|switched off|disabled|no longer|opted (?:out|against)|considered|instead of|rather than|not chosen|used to|was replaced|were replaced|commented out|never wired|not wired)\b/i;

const PLANNED =
  /\b(?:planned|plans? to|planning to|roadmap|future|later|next (?:quarter|sprint|release|phase|version|year|month|iteration|milestone|step)|phase (?:2|3|ii|iii|two|three)|v2|eventually|soon|upcoming|coming|to be (?:added|implemented|done|built|decided|defined|confirmed|determined|enabled|rolled out)|tbd|tbc|todo|to-do|fixme|wip|in progress|being (?:built|rolled out|implemented|added|developed|worked on|tested|piloted)|rolling out|pending|not yet|yet to|proposed|propose|aims? to|intends? to|intended|wants? to|would like|hope to|backlog|once we|will|we'll|going to|working on|work in progress|q[1-4](?: 20\d\d)?|after launch|post-launch|follow-up|ticketed|tracked (?:in|as|under))\b/i;

const HEDGED =
  /\b(?:should|could|might|may|would|ought to|ideally|recommend(?:ed|s)?|probably|maybe|perhaps|hopefully|supposedly|in theory|supposed to|not sure|unsure|unclear|unverified|unconfirmed|we think|i think|we believe|i believe|assum(?:e|ed|ing)|presumably|allegedly|claims?|says|promises?|according to|eyeball\w*|informally|best[- ]effort|if possible|where possible)\b/i;

const CONDITIONAL =
  /(?:[<>≤≥]=?\s*[$€£¥]?\s?\d[\w.,]*|\b(?:(?:over|above|more than|greater than|exceeding|in excess of|at least|beyond|under|below|less than|up to)\s+(?:[$€£¥]\s?\d|\d)[\w.,]*(?:\s?(?:k|m|usd|eur|gbp|dollars|euros|pounds|%))?|only (?:for|when|if|in|on|during|above|over|after|within|at|where|some|certain|the)\b[^,;.]*|for (?:admins?|administrators|admin users|enterprise\w*|premium|paid|some|certain|selected|internal|high[- ]risk|large|vip|new)\b[^,;.]*|except\b[^,;.]*|other than\b[^,;.]*|apart from\b[^,;.]*|per[- ]ip(?: address(?:es)?)?|by ip(?: address)?|ip[- ]based|in staging\b|in (?:the )?(?:admin|test|dev|staging)\b[^,;.]*|opt-?in|optional(?:ly)?|configurable|can be (?:enabled|turned on|configured|switched on)|off by default|on request|sometimes|occasionally|some of|partial(?:ly)?|partly|in some cases|sampl(?:ed|ing)|spot[- ]checks?|for now only|if (?:the|a|an|it|they)\b[^,;.]*|when (?:the )?(?:amount|total|value|sum|risk|score)\b[^,;.]*))/i;

const QUESTION_START = /^\s*(?:do|does|did|is|are|was|were|should|shall|can|could|will|would|who|what|how|where|when|why|which|have|has)\b/i;

/** Values of a table cell or a "key: value" line that say no, or not yet. */
export const NO_VALUE = /^(?:no|none|n\/?a|-+|—|–|✗|✘|❌|x|false|off|disabled|0|nope|never|not yet|not implemented|missing|absent|planned|todo|tbd|later|pending|in progress|wip|\?|unknown|unclear|unsure)\.?$/i;
export const YES_VALUE = /^(?:yes|y|✓|✔|✅|true|on|enabled|required|mandatory|always|in place|live|done|implemented|active|enforced)\.?$/i;

function countNegators(text: string): { count: number; first?: string; unlessAfterNegator: boolean } {
  const cleaned = text.replace(NOT_NEGATION, (m) => ' '.repeat(m.length));
  let count = 0;
  let first: string | undefined;
  let unlessAfterNegator = false;
  for (const m of cleaned.matchAll(NEGATOR)) {
    const word = m[0].toLowerCase();
    if (word === 'unless') {
      // "No refund runs unless a human approves" is a double negation; a lone "unless" is a carve-out.
      if (count === 0) continue;
      unlessAfterNegator = true;
    }
    // "nor" only continues a "neither"; count it once with it.
    if (word === 'nor' && /\bneither\b/i.test(cleaned.slice(0, m.index))) continue;
    count++;
    first ??= m[0];
  }
  return { count, ...(first ? { first } : {}), unlessAfterNegator };
}

/**
 * Reads a clause that states a control. `clause` is the whole clause; `sentence` the whole
 * sentence (for questions). Negations anywhere in the clause count, and an even number cancels
 * out ("no refund runs without approval" affirms approval).
 */
export function readControl(clause: string, sentence: string, context: ReadingContext = {}): ClauseReading {
  if (context.unchecked) return { reading: 'planned', cue: 'an unchecked task-list item' };
  if (context.future) return { reading: 'planned', cue: 'under a heading about the future' };
  if (/\?\s*$/.test(sentence) || (QUESTION_START.test(sentence) && !/[.!]\s*$/.test(sentence))) return { reading: 'asked', cue: 'a question' };
  const rejected = REJECTED.exec(clause);
  if (rejected) return { reading: 'rejected', cue: rejected[0] };
  const planned = PLANNED.exec(clause);
  if (planned) return { reading: 'planned', cue: planned[0] };
  const neg = countNegators(clause);
  if (neg.count % 2 === 1) {
    // "Up to $200: no human in the loop" — a negation under a condition leaves the rest open.
    const condition = CONDITIONAL.exec(clause);
    return { reading: 'negated', cue: neg.first!, ...(condition ? { condition: condition[0].trim() } : {}) };
  }
  const hedged = HEDGED.exec(clause);
  if (hedged) return { reading: 'hedged', cue: hedged[0] };
  const unless = neg.unlessAfterNegator ? undefined : /\bunless\b[^,;.]*/i.exec(clause);
  const conditional = unless ?? CONDITIONAL.exec(clause);
  if (conditional) return { reading: 'conditional', cue: conditional[0].trim(), condition: conditional[0].trim() };
  if (context.caution) return { reading: 'hedged', cue: 'under a heading about risks or limitations' };
  return { reading: 'affirmed' };
}

/**
 * Reads a value given for a control in a table cell or a "key: value" line. Returns undefined
 * when the value is prose to be read as a clause.
 */
export function readValue(value: string): ClauseReading | undefined {
  const v = value.trim().replace(/^\*+|\*+$/g, '').trim();
  if (v === '') return { reading: 'negated', cue: 'an empty cell' };
  if (NO_VALUE.test(v)) {
    const lower = v.toLowerCase();
    if (/planned|todo|tbd|later|pending|progress|wip|not yet/.test(lower)) return { reading: 'planned', cue: v };
    if (/\?|unknown|unclear|unsure/.test(lower)) return { reading: 'hedged', cue: v };
    return { reading: 'negated', cue: v };
  }
  if (YES_VALUE.test(v)) return { reading: 'affirmed' };
  return undefined;
}

/**
 * Whether a capability (a risk-raising fact: "we fine-tune", "forum posts are indexed") is
 * negated: only a negation shortly before the words, in the same clause, or a "none"/"no" right
 * after a label counts. Capabilities read wide; a stray "not" elsewhere must not hide a risk.
 */
export function capabilityNegated(before: string, after: string): boolean {
  const b = before.replace(NOT_NEGATION, (m) => ' '.repeat(m.length));
  const m = /\b(no|not|never|without|none|nor|neither|cannot|can't|don't|doesn't|isn't|aren't|won't|hasn't|haven't|no longer|lacks?|lacking|instead of|rather than)\b([^,;:()]*)$/i.exec(b);
  if (m && !/\b(but|however|although|though|instead|except|while|whereas|and the|which|that)\b/i.test(m[2]!) && m[2]!.split(/\s+/).filter(Boolean).length <= 6) {
    // "no X without Y" affirms X.
    if (/^\s*\w*\s*(without|unless)\b/i.test(after)) return false;
    return true;
  }
  return /^\s*(?::|—|–|-|=)\s*(?:no|none|n\/a|false|off|disabled|not (?:used|applicable|yet))\b/i.test(after) || /^\s*(?:is|are) (?:not|never) used\b/i.test(after);
}

/** Whether a capability is only planned or rejected (so it is not part of the system yet). */
export function capabilityNotYet(clause: string): boolean {
  return /\b(?:planned|plans? to|roadmap|in (?:a )?future|later this|next (?:quarter|sprint|release|phase|year)|phase (?:2|3|ii|iii|two|three)|eventually|not yet|yet to|proposed|decided against|rejected|ruled out|considered but|no longer|deprecated|removed|would like to|we might add|might add|could add|todo|tbd)\b/i.test(clause);
}
