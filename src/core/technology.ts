import { z } from 'zod';
import { COMPONENT_KINDS, FEATURE_NAMES, TRAIT_NAMES, type ComponentKind, type Feature, type Trait } from './vocabulary.js';

/**
 * The technologies the reader recognises (knowledge/technologies.yaml): products, model families,
 * file formats and category words, each with the component kind it names and the capabilities a
 * mention of it implies. Data, not regular expressions, so `aitm kb lint` can check it.
 */
export const TechnologySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id'),
  name: z.string().trim().min(1),
  kind: z.enum(COMPONENT_KINDS).optional(),
  role: z.string().trim().min(1),
  match: z.array(z.string().trim().min(1)).min(1),
  case_sensitive: z.boolean().default(false),
  generic: z.boolean().default(false),
  features: z.array(z.enum(FEATURE_NAMES as [Feature, ...Feature[]])).default([]),
  traits: z.array(z.enum(TRAIT_NAMES as [Trait, ...Trait[]])).default([]),
});
export type Technology = z.infer<typeof TechnologySchema>;

export const TechnologiesFileSchema = z.strictObject({ technologies: z.array(TechnologySchema) });

/** A technology named in a text, at [start, end). */
export interface TechnologyMatch {
  technology: Technology;
  start: number;
  end: number;
}

interface Phrase {
  words: string[];
  technology: Technology;
  caseSensitive: boolean;
  /** ".pkl": matches the end of a word ("model.pkl"). */
  suffix: boolean;
}

const WORD = /[A-Za-z0-9][A-Za-z0-9.+#]*[A-Za-z0-9+#]|[A-Za-z0-9]/g;

/** Words of a phrase or text: '-', '_' and spaces alike; a trailing dot is punctuation. */
function wordsOf(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (const m of text.replace(/[-_]/g, ' ').matchAll(WORD)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Normalised form of a phrase, for duplicate checks: lower case, '-', '_' and spaces alike. */
export function phraseKey(phrase: string): string {
  return wordsOf(phrase.toLowerCase()).map((w) => w.word).join(' ') || phrase.toLowerCase();
}

/**
 * Finds technologies in text in one pass over its words: phrases are indexed by their first
 * word, and the longest phrase wins where several start at the same word.
 */
export class TechnologyIndex {
  private readonly byFirst = new Map<string, Phrase[]>();
  private readonly suffixes: Phrase[] = [];

  constructor(readonly technologies: readonly Technology[]) {
    for (const technology of technologies) {
      for (const m of technology.match) {
        if (m.startsWith('.')) {
          this.suffixes.push({ words: [m.toLowerCase()], technology, caseSensitive: false, suffix: true });
          continue;
        }
        const caseSensitive = technology.case_sensitive;
        const words = wordsOf(caseSensitive ? m : m.toLowerCase()).map((w) => w.word);
        if (words.length === 0) continue;
        const list = this.byFirst.get(words[0]!) ?? [];
        list.push({ words, technology, caseSensitive, suffix: false });
        this.byFirst.set(words[0]!, list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  find(text: string): TechnologyMatch[] {
    const words = wordsOf(text);
    const out: TechnologyMatch[] = [];
    let i = 0;
    while (i < words.length) {
      const w = words[i]!;
      const lower = w.word.toLowerCase();
      let hit: { phrase: Phrase; length: number } | undefined;
      for (const key of lower === w.word ? [lower] : [lower, w.word]) {
        for (const phrase of this.byFirst.get(key) ?? []) {
          if (phrase.words.length > (hit?.length ?? 0) && this.matchesAt(words, i, phrase)) hit = { phrase, length: phrase.words.length };
        }
      }
      if (hit) {
        out.push({ technology: hit.phrase.technology, start: w.start, end: words[i + hit.length - 1]!.end });
        i += hit.length;
        continue;
      }
      for (const s of this.suffixes) {
        if (lower.endsWith(s.words[0]!) && lower.length > s.words[0]!.length) {
          out.push({ technology: s.technology, start: w.start, end: w.end });
          break;
        }
      }
      i++;
    }
    return out;
  }

  private matchesAt(words: Array<{ word: string }>, i: number, phrase: Phrase): boolean {
    for (let k = 0; k < phrase.words.length; k++) {
      const w = words[i + k];
      if (!w) return false;
      const word = phrase.caseSensitive ? w.word : w.word.toLowerCase();
      // A version or size right after a family name is part of it ("Llama 3.1", "GPT-4o").
      if (word !== phrase.words[k]) return false;
    }
    return true;
  }

  /** The technology with this id. */
  get(id: string): Technology | undefined {
    return this.technologies.find((t) => t.id === id);
  }
}

/** Component kind implied by technologies named in a label, preferring specific products over category words. */
export function kindFromTechnologies(matches: readonly TechnologyMatch[]): ComponentKind | undefined {
  const specific = matches.find((m) => m.technology.kind && !m.technology.generic);
  return (specific ?? matches.find((m) => m.technology.kind))?.technology.kind;
}
