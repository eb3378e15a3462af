import { describe, expect, it } from 'vitest';
import { parseMermaidFlowchart } from '../../../src/core/read/mermaid.js';
import { escapeMd, mermaid, readDigest, renderBody, renderMarkdown, renderMarkdownChunks } from '../../../src/core/render/markdown.js';
import { buildModel, EXAMPLE_NAMES, exampleDoc, md } from '../../helpers.js';

const model = buildModel([exampleDoc('support-bot')]);
const text = renderMarkdown(model);

describe('renderMarkdown', () => {
  it('has the sections in order', () => {
    const headings = text.split('\n').filter((l) => /^## /.test(l));
    const expected = [
      /^## Summary$/,
      /^## System card$/,
      /^## What aitm read$/,
      /^## Components/,
      /^## Threats by STRIDE-AI category$/,
      /^## Coverage matrix$/,
      /^## Monitoring and response plan$/,
      /^## Red-team test cases$/,
      /^## Open questions/,
      /^## Validation report$/,
    ];
    expect(headings).toHaveLength(expected.length);
    headings.forEach((h, i) => expect(h).toMatch(expected[i]!));
  });

  it('written in chunks, is the same bytes as the whole document, and no chunk holds it all', () => {
    const chunks = renderMarkdownChunks(model, 4096);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(text);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(text.length / 2);
    const digest = readDigest(chunks.join(''));
    expect(digest!.recorded).toBe(digest!.actual);
  });

  it('each threat is a compact card: statement, why here, risk, mitigations; the rest folds into one <details> block', () => {
    const cards = text
      .split(/\n(?=<a id="[a-z]-[0-9a-f]{6,}"><\/a>\n####)/)
      .slice(1)
      .map((c) => c.split(/\n(?=## )/)[0]!);
    expect(cards).toHaveLength(model.threats.length);
    for (const card of cards) {
      expect(card.match(/<details>/g)).toHaveLength(1);
      expect(card.match(/<\/details>/g)).toHaveLength(1);
      expect(card).toMatch(/\n\*\*Risk\.\*\* /);
      expect(card).toMatch(/\n- \*\*.+\.\*\* Watch .+; alert on .+\./);
    }
    const agency = model.threats.find((t) => t.entry === 'excessive-agency-side-effect-tools')!;
    const card = cards.find((c) => c.includes(`#### ${agency.id} `))!;
    const refund = agency.evidence.find((e) => /no human in the loop/.test(e.quote))!;
    expect(card).toContain(`Refund tool: \`requires-approval\` absent (architecture.md:${refund.line})`);
    // The docs chose no approval under $200: a decision to confirm, not an oversight.
    expect(card).toContain(`**Design choice to confirm.** The docs say so: Refund tool: “${refund.quote}” (architecture.md:${refund.line}).`);
    const silent = cards.filter((c) => !/`\w[\w-]*` absent \(/.test(c));
    expect(silent.length).toBeGreaterThan(0);
    for (const c of silent) expect(c).not.toContain('Design choice to confirm');
  });

  it('opens with a summary a lead can act on: top risks, three next actions, what the docs leave open', () => {
    const summary = text.slice(text.indexOf('## Summary'), text.indexOf('## System card'));
    const top = summary.slice(summary.indexOf('**Top risks**'), summary.indexOf('**Next actions**')).split('\n').filter((l) => l.startsWith('- '));
    expect(top.length).toBeGreaterThan(0);
    expect(top.length).toBeLessThanOrEqual(5);
    expect(top[0]).toMatch(/critical/);
    const actions = summary.slice(summary.indexOf('**Next actions**'), summary.indexOf('**What the docs leave open**')).split('\n').filter((l) => /^\d\. /.test(l));
    expect(actions).toHaveLength(3);
    expect(new Set(actions.map((a) => a.split(' (')[0])).size).toBe(3);
    for (const a of actions) expect(a).toMatch(/addresses \[[A-Z]-[0-9a-f]{6}\]/);
    expect(summary).toMatch(new RegExp(`${model.questions.length} questions? the docs do not answer`));
  });

  it('stays short enough to review: the part of a card a reviewer sees is at most 1.5 KB (median), on every example', () => {
    for (const name of EXAMPLE_NAMES) {
      const doc = renderMarkdown(buildModel([exampleDoc(name)]));
      const cards = doc
        .split(/\n(?=<a id="[a-z]-[0-9a-f]{6,}"><\/a>\n####)/)
        .slice(1)
        .map((c) => c.split(/\n(?=## )/)[0]!);
      const visible = cards.map((c) => Buffer.byteLength(c.replace(/<details>[\s\S]*?<\/details>/, ''))).sort((a, b) => a - b);
      const whole = cards.map((c) => Buffer.byteLength(c)).sort((a, b) => a - b);
      expect(visible[Math.floor(visible.length / 2)], name).toBeLessThanOrEqual(1536);
      expect(whole[Math.floor(whole.length / 2)], name).toBeLessThanOrEqual(3584);
    }
  });

  it('starts with aitm front matter and the system name as title', () => {
    expect(text.startsWith('---\ngenerator: aitm\n')).toBe(true);
    expect(text).toMatch(/^date: 2026-01-01$/m);
    expect(text).toMatch(new RegExp(`^threats: ${model.threats.length}$`, 'm'));
    expect(text).toContain('\n# Threat model: Acme Support Assistant\n');
  });

  it('includes a Mermaid flowchart that parses back to every component and flow', () => {
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(text);
    expect(block).not.toBeNull();
    const graph = parseMermaidFlowchart(block![1]!, 1)!;
    expect(graph).toBeDefined();
    expect(graph.nodes.length).toBe(model.system.components.length + model.system.actors.length);
    expect(graph.edges.length).toBe(model.system.flows.length);
    expect(graph.subgraphs.map((s) => s.label)).toEqual(model.system.boundaries.map((b) => b.name));
  });

  it('gives every threat an anchor, a detail heading and a row in the threat table', () => {
    for (const t of model.threats) {
      expect(text).toContain(`<a id="${t.id.toLowerCase()}"></a>\n#### ${t.id} · `);
      expect(text).toContain(`| [${t.id}](#${t.id.toLowerCase()}) |`);
    }
  });

  it('every in-document link points at an anchor that exists', () => {
    const anchors = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(model.threats.length);
    for (const l of links) expect(anchors.has(l), l).toBe(true);
  });

  it('shows each detected feature with its state and evidence', () => {
    expect(text).toMatch(/\| `rag` \| present \|/);
    expect(text).toMatch(/\| `tool-approval` \| \*\*absent\*\* \|/);
  });

  it('says so when a STRIDE category has no threats', () => {
    const scoring = renderMarkdown(buildModel([md('# Static site\n\nA static marketing site served from a CDN.\n')]));
    expect(scoring).toContain('_No threats in this category for this system; see the coverage matrix for why._');
    expect(scoring).toContain('0 threats across');
  });
});

describe('readDigest', () => {
  it('matches for untouched output', () => {
    const d = readDigest(text);
    expect(d).toBeDefined();
    expect(d!.recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(d!.actual).toBe(d!.recorded);
  });

  it('detects a hand edit to the body', () => {
    const edited = text.replace('## Open questions', '## Open questions (edited by Dana)');
    expect(edited).not.toBe(text);
    const d = readDigest(edited)!;
    expect(d.actual).not.toBe(d.recorded);
  });

  it('returns undefined for text aitm did not write', () => {
    expect(readDigest('# My own threat model\n\nHand written.\n')).toBeUndefined();
    expect(readDigest('---\ngenerator: someone-else\ndigest: sha256:' + '0'.repeat(64) + '\n---\n\nbody')).toBeUndefined();
    expect(readDigest(text.replace(/^digest: .*\n/m, ''))).toBeUndefined();
  });

  it('the digest covers exactly the body', () => {
    expect(text.endsWith(renderBody(model))).toBe(true);
  });
});

describe('escapeMd', () => {
  it('neutralises HTML, table pipes, backticks and emphasis from a doc quote', () => {
    const out = escapeMd('<script>alert(1)</script> | `rm -rf /` *bold* [x](y)\nnext');
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toMatch(/(^|[^\\])`/);
    expect(out).toContain('\\|');
    expect(out).toContain('\\`rm -rf /\\`');
    expect(out).toContain('\\*bold\\*');
    expect(out).not.toContain('\n');
  });

  it('escapes backslashes and ampersands first, so escapes cannot be undone', () => {
    expect(escapeMd('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMd('&lt;')).toBe('&amp;lt;');
  });

  it('hostile text in a document never reaches the rendered Markdown as HTML', () => {
    const hostile = md(
      [
        '# Evil bot <script>alert(1)</script>',
        '',
        'The assistant uses GPT-4o <script>alert(2)</script> to answer | pipes | and `backticks`.',
        '',
        '```mermaid',
        'flowchart LR',
        '  w[Chat widget <img src=x onerror=alert(3)>] -->|"<b>q</b>"| l[GPT-4o]',
        '```',
        '',
        'Answers are rendered as Markdown in the chat widget.',
      ].join('\n'),
    );
    const out = renderMarkdown(buildModel([hostile]));
    expect(out).not.toMatch(/<(script|img|b)\b/i);
    expect(out).toContain('&lt;script&gt;');
  });
});

describe('mermaid()', () => {
  it('draws boundary-crossing flows with thick arrows and escapes labels', () => {
    const out = mermaid({
      ...model.system,
      components: [
        { id: 'a', name: 'Say "hi" <b>', kind: 'ui', traits: [], evidence: [] },
        { id: 'b', name: 'Store', kind: 'datastore', traits: [], evidence: [] },
      ],
      actors: [],
      boundaries: [],
      flows: [{ from: 'a', to: 'b', data: 'x|y', crosses_boundary: true, evidence: [] }],
    });
    expect(out).toContain('n_a["Say #quot;hi#quot; b"]');
    expect(out).toContain('n_b[("Store")]');
    expect(out).toContain('n_a ==>|"x/y"| n_b');
  });
});
