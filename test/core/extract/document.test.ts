import { describe, expect, it } from 'vitest';
import { parseDocument, sentences } from '../../../src/core/extract/document.js';

describe('parseDocument', () => {
  const text = [
    '---', // 1
    'title: ignored front matter', // 2
    '---', // 3
    '# Acme Bot — Architecture', // 4
    '', // 5
    '## Overview', // 6
    '', // 7
    'The bot answers **customer** questions about [orders](http://x.invalid) using `GPT-4o` today.', // 8
    '', // 9
    '- a list item about the widget', // 10
  ].join('\n');
  const doc = parseDocument({ file: 'a.md', text });

  it('skips YAML front matter and takes the first # heading as the title', () => {
    expect(doc.title).toBe('Acme Bot — Architecture');
    expect(doc.titleLine).toBe(4);
    expect(doc.prose.some((p) => p.text.includes('front matter'))).toBe(false);
  });

  it('finds the purpose under an Overview heading, with inline markup stripped', () => {
    expect(doc.purpose).toEqual({ text: 'The bot answers customer questions about orders using GPT-4o today.', line: 8 });
  });

  it('keeps document line numbers and the nearest heading for each prose line', () => {
    expect(doc.prose.map((p) => [p.line, p.isHeading, p.heading])).toEqual([
      [4, true, 'Acme Bot — Architecture'],
      [6, true, 'Overview'],
      [8, false, 'Overview'],
      [10, false, 'Overview'],
    ]);
    expect(doc.prose.at(-1)!.text).toBe('a list item about the widget');
  });

  it('reads Mermaid fences only in Markdown files', () => {
    const body = 'Intro line\n```mermaid\ngraph LR\n  a --> b\n```\n';
    expect(parseDocument({ file: 'x.md', text: body }).diagrams).toHaveLength(1);
    expect(parseDocument({ file: 'x.txt', text: body }).diagrams).toHaveLength(0);
  });
});

describe('sentences', () => {
  it('splits on sentence ends and semicolons, keeping offsets into the line', () => {
    const line = 'No drift monitoring yet. We use GPT-4o; it is fine! Done';
    const parts = sentences(line);
    expect(parts.map((p) => p.text.trim())).toEqual(['No drift monitoring yet.', 'We use GPT-4o;', 'it is fine!', 'Done']);
    for (const p of parts) expect(line.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });

  it('keeps every character of a line that has no dotted words', () => {
    const line = 'We call GPT-4o. Weights are pickled!';
    expect(sentences(line).map((p) => p.text).join('')).toBe(line);
  });

  // Regression test: the sentence regex only matches runs without ".", so the text before a dot that does not
  // end a sentence (model.joblib, api.openai.com, 3.11, e.g.) is silently dropped.
  it('does not drop text before a dot inside a word (file names, hosts, versions)', () => {
    expect(sentences('We load model.joblib with Python 3.11 daily.').map((p) => p.text)).toEqual(['We load model.joblib with Python 3.11 daily.']);
    expect(sentences('We use GPT-4o via api.openai.com for answers.').map((p) => p.text).join('')).toBe(
      'We use GPT-4o via api.openai.com for answers.',
    );
  });
});
