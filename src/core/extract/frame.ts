import type { Block, HeadingRef } from '../read/blocks.js';
import { CAUTION_HEADING, FUTURE_HEADING, NOT_FACT_HEADING } from './rules.js';

/** What the headings above a block say about everything in it. */
export interface Frame {
  /** Roadmaps, next steps, open questions: nothing here is in place yet. */
  future: boolean;
  /** Rejected options, non-goals, out of scope: nothing here is part of the system. */
  notFact: boolean;
  /** Risks, limitations, gaps: controls named here are never read as in place. */
  caution: boolean;
  /** A section that lists tools, functions or plugins a model calls. */
  tools: boolean;
}

const TOOL_SECTION = /\b(tools?|functions?|actions|plugins?|skills|capabilities|function[- ]calling|tool[- ]calling)\b/i;

const cache = new WeakMap<HeadingRef[], Frame>();

/** A title that says it describes what runs today, whatever else it mentions ("how it works today + Phase 2"). */
const CURRENT = /\b(today|current(?:ly)?|live|as[- ]is|how it works|in production|existing|now)\b/i;

const TITLE_FRAME = new RegExp(`^\\s*(?:[\\d.]+\\s+)?(?:${[FUTURE_HEADING, NOT_FACT_HEADING, CAUTION_HEADING].map((r) => r.source.replace(/^\\b/, '')).join('|')})`, 'i');

export function frameOf(path: HeadingRef[]): Frame {
  let f = cache.get(path);
  if (f) return f;
  // The document's title frames everything only when it opens with the frame ("Roadmap: …", "Phase 2 —
  // …"), not when it mentions one in passing ("… a secure future for …", "how it works today + Phase 2").
  const texts = path
    .filter((h, i) => !(i === 0 && h.depth === 1 && (CURRENT.test(h.text) || !TITLE_FRAME.test(h.text))))
    .map((h) => h.text);
  f = {
    future: texts.some((t) => FUTURE_HEADING.test(t)),
    notFact: texts.some((t) => NOT_FACT_HEADING.test(t)),
    caution: texts.some((t) => CAUTION_HEADING.test(t)),
    tools: texts.length > 0 && TOOL_SECTION.test(texts[texts.length - 1]!),
  };
  cache.set(path, f);
  return f;
}

/** The frame of a block, its own heading text included when the block is a heading. */
export function blockFrame(block: Block): Frame {
  return frameOf(block.path);
}
