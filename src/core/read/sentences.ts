/** A range of a block's text. */
export interface TextRange {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'e.g', 'eg', 'i.e', 'ie', 'etc', 'vs', 'cf', 'approx', 'incl', 'fig', 'no', 'nr', 'dr', 'mr', 'mrs', 'ms', 'inc', 'ltd',
  'co', 'corp', 'dept', 'est', 'min', 'max', 'avg', 'resp', 'ca', 'al', 'st', 'vol', 'p', 'pp', 'sec', 'ver', 'v',
]);

/**
 * Splits text into sentences at ., ! or ? followed by a space, except after abbreviations
 * ("e.g.", "approx.") and single initials. Dotted names ("gpt-4.1", "config.yaml") never split
 * because no space follows their dot.
 */
export function sentencesOf(text: string): TextRange[] {
  const out: TextRange[] = [];
  let start = 0;
  const re = /[.!?]+(?=\s|$)/g;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    if (m[0] === '.') {
      // The whole token before the dot: "e.g", "approx", a single initial ("J.") — not the "o" of "GPT-4o".
      const word = /(\S+)$/.exec(text.slice(start, m.index))?.[1]?.toLowerCase().replace(/^[("'“]+/, '') ?? '';
      if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(/\.$/, '')) || /^[a-z]$/.test(word)) continue;
    }
    push(out, text, start, end);
    start = end;
  }
  push(out, text, start, text.length);
  return out;
}

function push(out: TextRange[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push({ start: s, end: e });
}

/**
 * Clauses: a sentence split where its reading may turn — at semicolons and at contrast words
 * ("but", "however", "whereas", "although", "while", "instead", ", yet"). Lists joined by
 * "and"/"or" stay together, so "no rate limiting, monitoring or review" negates all three.
 */
export function clausesOf(text: string, sentence: TextRange): TextRange[] {
  const s = text.slice(sentence.start, sentence.end);
  const out: TextRange[] = [];
  let start = 0;
  const re = /;\s*|\s*(?:,\s*|\s+[—–-]+\s+|\s*\(\s*)?\b(?:but(?! also\b)|however|whereas|although|though|while|instead)\b|,\s*yet\b/gi;
  for (const m of s.matchAll(re)) {
    if (m.index <= start) continue;
    push(out, text, sentence.start + start, sentence.start + m.index);
    // The next clause starts at its contrast word ("but only for …"), after any punctuation.
    const word = m[0].search(/[A-Za-z]/);
    start = word >= 0 ? m.index + word : m.index + m[0].length;
  }
  push(out, text, sentence.start + start, sentence.end);
  return out;
}

/** The clause of `clauses` that holds offset `at`. */
export function clauseAt(clauses: readonly TextRange[], at: number): TextRange | undefined {
  return clauses.find((c) => c.start <= at && at < c.end) ?? clauses[clauses.length - 1];
}
