/**
 * How a clause states a fact. A control is in place only when a clause affirms it, in the
 * indicative, now, without a condition. Everything else — negated, planned, rejected, hedged,
 * asked, conditional — means "not (fully) in place", and the reading says which, with the words
 * that made it so. Wrong is worse than missing: when in doubt, the reading is not "affirmed".
 */

export type Reading = 'affirmed' | 'negated' | 'planned' | 'rejected' | 'hedged' | 'asked' | 'conditional' | 'past';

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
  /\b(?:no|not|never|none|nothing|nobody|neither|nor|without|lacks?|lacking|missing|absent|cannot|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|n\/a|zero|unless|before|until)\b|\bno-one\b|\bno one\b|\b\w+n['’]t\b/gi;

/** Phrases that look negative but are not ("not only … but also", "no matter"). */
const NOT_NEGATION =
  /\bnot only\b|\bno matter\b|\bno doubt\b|\bnot just\b|\bnothing but\b|\bno later than\b|\bno less than\b|\bnot least\b|\bwithout (?:exception|fail)\b|\bno longer un\w+\b|\bno (?:`)?latest(?:`)?(?: tag)?\b|\b(?:finding|issue|gap|ticket|bug|problem|risk)s? (?:about|on|for|regarding|of) (?:the )?(?:missing|no|lack of|absent)\b|\bread[- ]only (?:one|ones|tools?)\b/gi;

/** Words that put a statement in the past: it no longer describes the system, whatever it says. */
const PAST = /\b(?:previously|formerly|in the past|used to|until (?:recently|last (?:week|month|year|quarter)|v\d|version \d))\b/i;

/** Words that say a plan was carried out: "planned for Q1, shipped in April". */
const SHIPPED = /\b(?:shipped|launched|went live|is live|are live|now (?:runs?|live|on|in place|enforced|enabled|active)|has been (?:added|enabled|rolled out|deployed|shipped)|have been (?:added|enabled|rolled out|deployed)|was (?:added|introduced|enabled|rolled out|deployed|shipped) (?:in|on|last)|we added|added in|since (?:v\d|version|release|january|february|march|april|may|june|july|august|september|october|november|december|\d{4}))\b/i;

/** A control that belongs to someone else's system, not the one described. */
const ELSEWHERE = /\b(?:their own|other teams?|another team|elsewhere|in (?:their|other|another) (?:platform|system|product|service)s?|(?:payments|security|platform|data|finance|ops|infra|sre) team uses)\b/i;

const REJECTED =
  /\b(?:decided against|decided not to|rejected|ruled out|dropped|abandoned|de-?scoped|out of scope|removed|deprecated|retired|turned off|switched off|disabled|no longer|opted (?:out|against)|considered|instead of|rather than|not chosen|used to|was replaced|were replaced|commented out|never wired|not wired)\b/i;

const PLANNED =
  /\b(?:planned|plans? to|planning to|roadmap|future|later|next (?:quarter|sprint|release|phase|version|year|month|iteration|milestone|step)|phase (?:2|3|ii|iii|two|three)|v2|eventually|soon|upcoming|coming|to be (?:added|implemented|done|built|decided|defined|confirmed|determined|enabled|rolled out)|tbd|tbc|todo|to-do|fixme|wip|in progress|being (?:built|rolled out|implemented|added|developed|worked on|tested|piloted)|rolling out|pending|not yet|yet to|proposed|propose|aims? to|intends? to|intended|wants? to|would like|hope to|backlog|once we|will|we'll|going to|working on|work in progress|q[1-4](?: 20\d\d)?|after launch|post-launch|follow-up|ticketed|tracked (?:in|as|under))\b/i;

const HEDGED =
  /\b(?:should|could|might|would|ought to|ideally|recommend(?:ed|s)?|probably|maybe|perhaps|hopefully|supposedly|in theory|supposed to|not sure|unsure|unclear|unverified|unconfirmed|we think|i think|we believe|i believe|assum(?:e|ed|ing)|presumably|allegedly|(?:vendor|provider|supplier|they|it|docs?|documentation|marketing) (?:claims?|says|promises?|states?)|claims? to|according to|eyeball\w*|informally|best[- ]effort|if possible|where possible|(?:is|are) available|can (?:switch|turn) on|can enable|can opt in|(?:is|are) supported|offers?|provides? an option|can be (?:reviewed|approved|checked|inspected|audited|monitored|logged|enabled|filtered|validated|verified|pinned|limited|throttled))\b/i;

const CONDITIONAL =
  /(?:[<>≤≥]=?\s*[$€£¥]?\s?\d[\w.,]*|\b(?:(?:over|above|more than|greater than|exceeding|in excess of|at least|beyond|under|below|less than|up to)\s+(?:[$€£¥]\s?\d|\d)[\w.,]*(?:\s?(?:k|m|usd|eur|gbp|dollars|euros|pounds|%))?|only (?:for|when|if|in|on|during|above|over|after|within|at|where|some|certain|the)\b[^,;.]*|for (?!all\b|every\b|each\b|any\b|the\b|our\b|this\b|that\b|security\b|safety\b|audit\w*\b|compliance\b|now\b|example\b|instance\b)[a-z]+(?:-[a-z]+)?\s[a-z]+s\b[^,;.]*|for (?:admins?|administrators|admin users|enterprise\w*|premium|paid|some|certain|selected|internal|high[- ]risk|large|vip|new)\b[^,;.]*|except\b[^,;.]*|other than\b[^,;.]*|apart from\b[^,;.]*|per[- ](?:client[- ]|source[- ]|remote[- ]|caller[- ])?ip(?:[- ]address(?:es)?)?|by (?:client |source )?ip(?: address)?|ip[- ]based|in staging\b|in (?:the )?(?:admin|test|dev|staging)\b[^,;.]*|opt-?in|optional(?:ly)?|configurable|can be (?:enabled|turned on|configured|switched on)|off by default|on request|sometimes|occasionally|some of|partial(?:ly)?|partly|in some cases|sampl(?:ed|ing)|spot[- ]checks?|for now only|if (?:the|a|an|it|they)\b[^,;.]*|when (?:the )?(?:amount|total|value|sum|risk|score)\b[^,;.]*))/i;

const QUESTION_START = /^\s*(?:do|does|did|is|are|was|were|should|shall|can|could|will|would|who|what|how|where|when|why|which|have|has)\b/i;

/** Values of a table cell or a "key: value" line that say no, or not yet. */
export const NO_VALUE = /^(?:no|none|n\/?a|-+|—|–|✗|✘|❌|x|false|off|disabled|0|nope|never|not yet|not implemented|missing|absent|planned|todo|tbd|later|pending|in progress|wip|\?|unknown|unclear|unsure)\.?$/i;
export const YES_VALUE = /^(?:yes|y|✓|✔|✅|true|on|enabled|required|mandatory|always|in place|live|done|implemented|active|enforced)\.?$/i;

/**
 * Whether a clause negates what it says. Any negation counts ("we do not run any drift monitoring,
 * and nobody has had the time" is still a no), except a negation followed by "without" or
 * "unless", which cancel out: "no refund is issued without a supervisor approving it".
 */
function negationOf(text: string): { negated: boolean; first?: string; doubled: boolean; cleaned: string } {
  const cleaned = text.replace(NOT_NEGATION, (m) => ' '.repeat(m.length)).replace(/\b(?:is|are|isn't|aren't|is not|are not)\s+(?:not\s+)?optional\b/gi, (m) => (/not|n't/i.test(m) ? ' '.repeat(m.length) : m));
  const plain: Array<{ word: string; at: number }> = [];
  const linking: Array<{ word: string; at: number }> = [];
  for (const m of cleaned.matchAll(NEGATOR)) {
    const word = m[0].toLowerCase();
    // "nor" only continues a "neither".
    if (word === 'nor' && /\bneither\b/i.test(cleaned.slice(0, m.index))) continue;
    if (word === 'without' || word === 'unless' || word === 'before' || word === 'until') linking.push({ word: m[0], at: m.index });
    else plain.push({ word: m[0], at: m.index });
  }
  let doubled = false;
  const used = new Set<number>();
  const lone: string[] = [];
  for (const l of linking) {
    const partner = plain.findIndex((p, i) => !used.has(i) && p.at < l.at);
    if (partner >= 0) {
      used.add(partner);
      doubled = true;
    } else if (l.word.toLowerCase() === 'without') lone.push(l.word);
    // A lone "before"/"until" is not a negation ("checked before it ships").
  }
  const remaining = [...plain.filter((_, i) => !used.has(i)).map((p) => p.word), ...lone];
  return { negated: remaining.length > 0, ...(remaining[0] ? { first: remaining[0] } : {}), doubled, cleaned };
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
  const past = PAST.exec(clause);
  if (past) return { reading: 'past', cue: past[0] };
  const elsewhere = ELSEWHERE.exec(sentence);
  if (elsewhere) return { reading: 'hedged', cue: `about another system: ${elsewhere[0]}` };
  const neg = negationOf(clause);
  const rejected = REJECTED.exec(neg.cleaned);
  if (rejected) return { reading: 'rejected', cue: rejected[0] };
  const planned = PLANNED.exec(neg.cleaned);
  if (planned && !SHIPPED.test(clause)) return { reading: 'planned', cue: planned[0] };
  if (neg.negated) {
    // "Up to $200: no human in the loop" — a negation under a condition leaves the rest open.
    const condition = CONDITIONAL.exec(neg.cleaned);
    return { reading: 'negated', cue: neg.first ?? 'not', ...(condition ? { condition: conditionText(condition[0]) } : {}) };
  }
  // "may" as a modal, in lower case: "May" is also a month.
  const hedged = HEDGED.exec(neg.cleaned) ?? /\bmay\b/.exec(neg.cleaned);
  if (hedged) return { reading: 'hedged', cue: hedged[0] };
  const unless = neg.doubled ? undefined : /\bunless\b[^,;.]*/i.exec(clause);
  const conditional = unless ?? CONDITIONAL.exec(neg.cleaned);
  if (conditional) return { reading: 'conditional', cue: conditionText(conditional[0]), condition: conditionText(conditional[0]) };
  if (context.caution) return { reading: 'hedged', cue: 'under a heading about risks or limitations' };
  return { reading: 'affirmed' };
}

/** A condition as the document states it, without a dangling parenthesis or list. */
function conditionText(text: string): string {
  const t = text.trim();
  const open = t.lastIndexOf('(');
  return (open > 0 && t.indexOf(')', open) < 0 ? t.slice(0, open) : t).trim().replace(/[,(]$/, '').trim();
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
  return /\b(?:planned|plans? to|roadmap|in (?:a )?future|later this|next (?:quarter|sprint|release|phase|year)|phase (?:2|3|ii|iii|two|three)|eventually|not yet|yet to|proposed|decided against|rejected|ruled out|considered but|no longer|deprecated|removed|would like to|we might add|might add|could add|todo|tbd|out of scope|not in scope|outside (?:the |this )?scope|not covered (?:here|by this))\b/i.test(clause);
}
