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

export function frameOf(path: HeadingRef[]): Frame {
  let f = cache.get(path);
  if (f) return f;
  const texts = path.map((h) => h.text);
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
