/** Template artefacts: what a sentence built from slots must never show (shared by the statement and output tests). */
export function artefacts(text: string): string[] {
  const out: string[] = [];
  if (/\(s\)|\bs\)/.test(text)) out.push('"(s)"');
  const doubled = /\b(\w+)\s+\1\b/i.exec(text);
  if (doubled && !/^(?:that|had|is)$/i.test(doubled[1]!)) out.push(`doubled "${doubled[0]}"`);
  if (/\s[,.;:]|,,|\.\.(?!\.)|\s{2,}|^\s|\s$/.test(text)) out.push('stray space or punctuation');
  if (/\{\w+\}/.test(text)) out.push('unfilled placeholder');
  if (/\b(?:none intended|n\/a|tbd)\b/i.test(text)) out.push('a slot that says nothing');
  if (/;/.test(text)) out.push('a semicolon inside a slot');
  return out;
}
