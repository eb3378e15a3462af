import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyName, slugify } from '../../../src/core/extract/extract.js';
import { LineIndex, quoteIsAt } from '../../../src/core/read/source.js';
import { SystemModelSchema, type Component, type FactState, type SystemModel } from '../../../src/core/system.js';
import type { ComponentKind, Feature, Trait } from '../../../src/core/vocabulary.js';
import { ALL_DOC_PATHS, allEvidence, exampleDoc, extract, FIXTURES, md, ROOT, sourceDoc, technologies } from '../../helpers.js';

/** true when present, false when the docs say it is not (fully) in place, undefined when they are silent. */
function asBool(state: FactState | undefined): boolean | undefined {
  return state === undefined ? undefined : state === 'present';
}
function feature(system: SystemModel, name: Feature): boolean | undefined {
  return asBool(system.features[name]?.state);
}
function trait(c: Component | undefined, name: Trait): boolean | undefined {
  return asBool(c?.traits.find((t) => t.trait === name)?.state);
}
const extractSystem = (docs: Parameters<typeof extract>[0], options: { name?: string } = {}) => extract(docs, options);
const classifyKind = (label: string, shape?: string): ComponentKind => classifyName(label, technologies()).kind ?? (shape === 'cylinder' ? 'datastore' : 'service');
function ofKind(system: SystemModel, kind: Component['kind']): Component[] {
  return system.components.filter((c) => c.kind === kind);
}
function named(system: SystemModel, pattern: RegExp, kind?: Component['kind']): Component | undefined {
  return system.components.find((c) => pattern.test(c.name) && (kind === undefined || c.kind === kind));
}

const supportBot = extractSystem([exampleDoc('support-bot')]);
const fraud = extractSystem([exampleDoc('fraud-scoring')]);
const coding = extractSystem([exampleDoc('coding-agent')]);
const recs = extractSystem([sourceDoc(join(FIXTURES, 'docs', 'recommendations.txt'))]);
const hr = extractSystem([sourceDoc(join(FIXTURES, 'docs', 'hr-screening.md'))]);

describe('extractSystem output', () => {
  it.each([
    ['support-bot', supportBot],
    ['fraud-scoring', fraud],
    ['coding-agent', coding],
    ['recommendations', recs],
    ['hr-screening', hr],
  ])('%s validates against SystemModelSchema, with unique component ids', (_name, system) => {
    expect(SystemModelSchema.safeParse(system).success).toBe(true);
    const ids = system.components.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Flows only connect known components or actors.
    const known = new Set([...ids, ...system.actors.map((a) => a.id)]);
    for (const f of system.flows) {
      expect(known.has(f.from), f.from).toBe(true);
      expect(known.has(f.to), f.to).toBe(true);
    }
  });

  it('names the system after the document title, without "Architecture"', () => {
    expect(supportBot.name).toBe('Acme Support Assistant');
    expect(extractSystem([md('# Hello bot\n\nWe use GPT-4o.\n')], { name: 'Given name' }).name).toBe('Given name');
  });
});

describe('support-bot example', () => {
  const refund = named(supportBot, /refund/i, 'tool');
  const lookup = named(supportBot, /order.?lookup/i, 'tool');
  const store = ofKind(supportBot, 'vector-store')[0];

  it('finds an LLM, a vector store with trait user-writable', () => {
    expect(ofKind(supportBot, 'llm').length).toBeGreaterThanOrEqual(1);
    expect(store).toBeDefined();
    expect(trait(store, 'user-writable')).toBe(true);
  });

  it('finds a refund tool with side effects and requires-approval ABSENT', () => {
    expect(refund).toBeDefined();
    expect(trait(refund, 'side-effects')).toBe(true);
    expect(trait(refund, 'requires-approval')).toBe(false);
  });

  it('finds an order-lookup tool WITHOUT side effects', () => {
    expect(lookup).toBeDefined();
    expect(lookup!.id).not.toBe(refund!.id);
    expect(trait(lookup, 'side-effects')).not.toBe(true);
  });

  it('detects rag, rag-sources-user-writable, output-rendered and pii; tool-approval absent', () => {
    expect(feature(supportBot, 'rag')).toBe(true);
    expect(feature(supportBot, 'rag-sources-user-writable')).toBe(true);
    expect(feature(supportBot, 'output-rendered')).toBe(true);
    expect(feature(supportBot, 'pii')).toBe(true);
    expect(feature(supportBot, 'tool-approval')).toBe(false);
  });

  it('reads the Mermaid subgraphs as trust boundaries and flags boundary-crossing flows', () => {
    expect(supportBot.boundaries.map((b) => b.name)).toEqual(expect.arrayContaining(['Internet', 'VPC', 'SaaS']));
    expect(supportBot.flows.some((f) => f.crosses_boundary)).toBe(true);
    expect(supportBot.flows.some((f) => !f.crosses_boundary)).toBe(true);
  });
});

describe('fraud-scoring example', () => {
  it('has llm ABSENT, with evidence quoting "we do not use an LLM"', () => {
    const llm = fraud.features.llm;
    expect(llm?.state).toBe('absent');
    expect(llm!.evidence.some((e) => /we do not use an LLM/i.test(e.quote))).toBe(true);
    expect(ofKind(fraud, 'llm')).toEqual([]);
  });

  it('has predictive-ml present and an ml-model retrained from feedback that returns scores', () => {
    expect(feature(fraud, 'predictive-ml')).toBe(true);
    const models = ofKind(fraud, 'ml-model');
    expect(models.length).toBeGreaterThanOrEqual(1);
    expect(models.some((m) => trait(m, 'retrained-from-feedback') === true && trait(m, 'returns-scores') === true)).toBe(true);
  });

  it('has rate-limiting, drift-monitoring and decision-logging absent; serialized-model-loading present', () => {
    expect(feature(fraud, 'rate-limiting')).toBe(false);
    expect(feature(fraud, 'drift-monitoring')).toBe(false);
    expect(feature(fraud, 'decision-logging')).toBe(false);
    expect(feature(fraud, 'serialized-model-loading')).toBe(true);
  });
});

describe('coding-agent example', () => {
  it.each<Feature>(['multi-agent', 'mcp', 'open-weights-from-hub', 'code-execution', 'untrusted-content-in-context'])(
    'detects %s',
    (name) => {
      expect(feature(coding, name)).toBe(true);
    },
  );

  it('finds agents (planner and reviewer) and MCP servers', () => {
    expect(ofKind(coding, 'agent').length).toBeGreaterThanOrEqual(2);
    expect(ofKind(coding, 'mcp-server').length).toBeGreaterThanOrEqual(1);
    expect(ofKind(coding, 'llm').length).toBeGreaterThanOrEqual(1);
  });
});

describe('test fixtures', () => {
  it('recommendations.txt: no llm, predictive-ml, returns-scores', () => {
    expect(feature(recs, 'llm')).not.toBe(true);
    expect(ofKind(recs, 'llm')).toEqual([]);
    expect(feature(recs, 'predictive-ml')).toBe(true);
    expect(feature(recs, 'returns-scores')).toBe(true);
  });

  it('hr-screening.md: llm, multi-tenant, output-rendered, predictive-ml', () => {
    for (const f of ['llm', 'multi-tenant', 'output-rendered', 'predictive-ml'] as const) expect(feature(hr, f), f).toBe(true);
  });

  // Regression test: "do we need a human-review step before a candidate is auto-rejected?" (a question under
  // "Open questions for Thursday") is read as human-review and tool-approval being in place.
  it('hr-screening.md: a question about a control does not make the control present', () => {
    expect(feature(hr, 'human-review')).not.toBe(true);
    expect(feature(hr, 'tool-approval')).not.toBe(true);
  });
});

describe('phrasing variants', () => {
  const variants: Array<[string, string]> = [
    ['vector index', 'Relevant passages come from a vector index of help articles.'],
    ['pgvector', 'Help articles are stored in pgvector.'],
    ['embeddings store', 'Help articles are kept in an embeddings store.'],
    ['RAG', 'Answers use RAG over our help articles.'],
  ];
  it.each(variants)('a doc that says only "%s" yields feature rag', (_phrase, sentence) => {
    const s = extractSystem([md(`# Helpdesk bot\n\nThe assistant uses GPT-4o to answer questions.\n${sentence}\n`)]);
    expect(feature(s, 'llm')).toBe(true);
    expect(feature(s, 'rag')).toBe(true);
    expect(s.features.rag!.evidence.length).toBeGreaterThan(0);
  });

  it('"No drift monitoring yet" makes drift-monitoring absent, with the sentence and how it reads as evidence', () => {
    const s = extractSystem([md('# Loan scoring\n\nWe run an XGBoost classifier that scores loans.\nNo drift monitoring yet.\n')]);
    expect(s.features['drift-monitoring']).toEqual({
      state: 'absent',
      evidence: [{ file: 'doc.md', line: 4, quote: 'No drift monitoring yet.', reading: 'negated: No' }],
    });
  });

  it('a stated control is present; a negated mention of an LLM is absent', () => {
    const s = extractSystem([md('# Scorer\n\nThere is no LLM in this service. We use a LightGBM ranker.\nRequests are rate-limited per partner key.\n')]);
    expect(feature(s, 'llm')).toBe(false);
    expect(feature(s, 'predictive-ml')).toBe(true);
    expect(feature(s, 'rate-limiting')).toBe(true);
  });

  // Regression test (rules.ts): "without (a |any )?(human|approval|review)" sits inside the POSITIVE tool-approval
  // and requires-approval patterns, so the negation word is part of the match and never seen.
  it('"without human approval" makes tool-approval and requires-approval absent', () => {
    const s = extractSystem([
      md('# Shop bot\n\nThe assistant uses GPT-4o with function calling.\n\n## Tools\n\n- **Refund tool** — issues refunds to the customer, without human approval.\n'),
    ]);
    const tool = named(s, /refund/i, 'tool');
    expect(trait(tool, 'side-effects')).toBe(true);
    expect(trait(tool, 'requires-approval')).not.toBe(true);
    expect(feature(s, 'tool-approval')).not.toBe(true);
  });

  it('"no human in the loop" makes requires-approval absent on the tool it describes', () => {
    const s = extractSystem([
      md('# Shop bot\n\nThe assistant uses GPT-4o with function calling.\n\n## Tools\n\n- **Refund tool** — issues refunds to the customer; no human in the loop.\n'),
    ]);
    const tool = named(s, /refund/i, 'tool');
    expect(trait(tool, 'side-effects')).toBe(true);
    expect(trait(tool, 'requires-approval')).toBe(false);
  });

  it('a control named only under a future / open-items heading is not in place', () => {
    const s = extractSystem([md('# Bot\n\nThe assistant uses GPT-4o.\n\n## Next steps\n\n- Add rate limiting per user.\n')]);
    expect(feature(s, 'rate-limiting')).toBe(false);
  });

  // Regression test (document.ts sentences): the words before "model.joblib" are dropped, so the classifier is missed.
  it('a sentence with a dotted file name still yields its facts', () => {
    const s = extractSystem([md('# Scorer\n\nEach pod loads the XGBoost classifier from model.joblib at startup.\n')]);
    expect(feature(s, 'serialized-model-loading')).toBe(true);
    expect(feature(s, 'predictive-ml')).toBe(true);
    expect(ofKind(s, 'ml-model')).toHaveLength(1);
  });

  it('says nothing about facts the doc is silent on', () => {
    const s = extractSystem([md('# Bot\n\nThe assistant uses GPT-4o to answer questions.\n')]);
    expect(s.features['drift-monitoring']).toBeUndefined();
    expect(s.features.mcp).toBeUndefined();
  });
});

describe('what is not a component', () => {
  const doc = md(
    [
      '# Tern: a triage agent',
      '',
      '## Model',
      '',
      '- Base model: **Llama-3.1-8B-Instruct**, open weights from Hugging Face.',
      '- Served with **vLLM**, OpenAI-compatible endpoint, internal only.',
      '- Weights are stored in our internal model registry (MinIO).',
      '',
      '## Tools',
      '',
      '| MCP server | What it can do |',
      '|---|---|',
      '| `jira` | read and comment on tickets |',
      '',
      '## Inputs',
      '',
      '- **Ticket text and comments.** Anyone can file a ticket.',
      '- **Past tickets** are indexed for retrieval.',
      '- Internal endpoint `POST /v1/triage` — called by the help desk.',
      '- Network egress only to package registries (npm, PyPI).',
      '',
      '## Guardrails',
      '',
      '- **Human merge required.** The agent never closes a ticket itself.',
      '',
      '```mermaid',
      'graph TD',
      '  llm[vLLM - fine-tuned Llama-3.1]',
      '  jmcp[Jira MCP server]',
      '  mem[(Qdrant - triage memory)]',
      '  reg[Package registries]',
      '  agent[Triage agent] --> llm',
      '  agent --> jmcp',
      '  agent --> mem',
      '```',
      '',
    ].join('\n'),
  );
  const system = extractSystem([doc]);
  const names = system.components.map((c) => c.name);
  const byName = (n: string) => system.components.find((c) => c.name === n);

  it('a model server drawn with the model it serves is that model, and the model named in prose is the same one', () => {
    expect(byName('vLLM - fine-tuned Llama-3.1')?.kind).toBe('llm');
    expect(system.components.filter((c) => c.kind === 'llm')).toHaveLength(1);
  });

  it('section topics, category headings, statements in bold and data are not parts', () => {
    for (const n of ['Model', 'Base model', 'Guardrails', 'Human merge required', 'Weights', 'Ticket text and comments', 'Internal endpoint', 'OpenAI-compatible endpoint'])
      expect(names, n).not.toContain(n);
  });

  it('a cylinder named as memory is memory; a table headed "MCP server" names the diagram\'s MCP server', () => {
    expect(byName('Qdrant - triage memory')?.kind).toBe('memory');
    expect(names.filter((n) => /jira/i.test(n))).toEqual(['Jira MCP server']);
  });

  it('members of a group in parentheses belong to the group; a body of documents is a dataset', () => {
    expect(names).not.toContain('PyPI');
    expect(byName('Package registries')).toBeDefined();
    expect(byName('Past tickets')?.kind).toBe('dataset');
    expect(byName('Internal model registry')?.kind).toBe('datastore');
  });
});

describe('a "no" that would lower a risk must name its part', () => {
  it('"we don\'t do long-term memory" does not make the only vector store non-persistent', () => {
    const system = extractSystem([
      md(
        [
          '# Help bot',
          '',
          'The **Chat API** retrieves passages from the **help index** (pgvector) and sends them to GPT-4o.',
          '',
          'Conversation history lives in Redis for 2 hours and is never shared across sessions.',
          "We don't do long-term memory.",
          '',
        ].join('\n'),
      ),
    ]);
    const index = system.components.find((c) => c.kind === 'vector-store');
    expect(index?.name).toMatch(/help index/i);
    expect(index?.traits.find((t) => t.trait === 'persistent')).toBeUndefined();
    expect(system.features['persistent-memory']?.state).toBe('absent');
  });
});

describe('purpose', () => {
  const purposeOf = (text: string) => extractSystem([md(text)]).purpose;

  it('starts at the sentence that says what the system is, not at the problem the paragraph opens with', () => {
    expect(
      purposeOf('# Acme Helper — Architecture\n\n## Context\n\nOur queue gets 40k contacts a month, mostly "where is my\norder". The Acme Helper is a chat widget that answers\nquestions from the help centre. Goal: deflect 35%.\n'),
    ).toBe('The Acme Helper is a chat widget that answers questions from the help centre. Goal: deflect 35%.');
    expect(purposeOf('# Patchwork: a coding agent\n\n## Why\n\nMaintainers lose time on small issues. Patchwork picks up labelled issues and opens a pull request.\n')).toBe(
      'Patchwork picks up labelled issues and opens a pull request.',
    );
  });

  it('keeps a sentence wrapped across lines whole, and skips document metadata', () => {
    expect(purposeOf('# Bot\n\nStatus: draft · Owner: CX\n\nThe bot answers "where is my order" and "can I get my\nmoney back" questions for customers.\n')).toBe(
      'The bot answers "where is my order" and "can I get my money back" questions for customers.',
    );
  });
});

describe('EVIDENCE PROPERTY: every quote is in the file, starting on the line it cites', () => {
  const cases = ALL_DOC_PATHS.map((p) => [p.slice(ROOT.length + 1), p] as const);
  const shown = (text: string, e: { line: number; quote: string }) => quoteIsAt(new LineIndex(text), e.line, e.quote);

  it.each(cases)('%s', (_label, path) => {
    const doc = sourceDoc(path);
    const items = allEvidence(extractSystem([doc]));
    expect(items.length).toBeGreaterThan(10);
    const bad = items.filter(({ evidence: e }) => e.file !== doc.file || !shown(doc.text, e) || e.quote.trim() === '');
    expect(bad).toEqual([]);
  });

  it('holds across several documents extracted together (file attribution)', () => {
    const docs = [
      sourceDoc(join(FIXTURES, 'docs', 'triage-bot', 'overview.md')),
      sourceDoc(join(FIXTURES, 'docs', 'triage-bot', 'deployment.yaml')),
      sourceDoc(join(FIXTURES, 'docs', 'hr-screening.md')),
    ];
    const byFile = new Map(docs.map((d) => [d.file, d.text]));
    const items = allEvidence(extractSystem(docs));
    const files = new Set(items.map((i) => i.evidence.file));
    expect(files.size).toBeGreaterThanOrEqual(2);
    const bad = items.filter(({ evidence: e }) => !shown(byFile.get(e.file) ?? '', e));
    expect(bad).toEqual([]);
  });

  it('a sentence wrapped over lines is quoted whole, from the line it starts on', () => {
    const s = extractSystem([md('# Bot\n\nThe assistant uses GPT-4o.\nThe refund tool does not\nrequire human approval.\n')]);
    const e = s.features['tool-approval']!.evidence[0]!;
    expect(e).toMatchObject({ line: 4, quote: 'The refund tool does not require human approval.' });
    expect(s.features['tool-approval']!.state).toBe('absent');
  });

  it('quotes stay verbatim and short on very long lines', () => {
    const long = `The assistant uses GPT-4o. ${'Filler words about nothing in particular. '.repeat(12)}No drift monitoring yet. ${'More filler text here. '.repeat(10)}`;
    const doc = md(`# Bot\n\n${long}\n`);
    const items = allEvidence(extractSystem([doc]));
    expect(items.length).toBeGreaterThan(0);
    for (const { evidence: e } of items) {
      expect(long.includes(e.quote) || e.line !== 3).toBe(true);
      expect(e.quote.length).toBeLessThanOrEqual(220);
    }
  });
});

describe('helpers', () => {
  it('slugify makes kebab-case ids', () => {
    expect(slugify('Help-centre index (pgvector)')).toBe('help-centre-index-pgvector');
    expect(slugify('Café Überblick')).toBe('cafe-uberblick');
    expect(slugify('***')).toBe('component');
  });

  it('classifyKind maps labels to component kinds', () => {
    expect(classifyKind('GitHub MCP server')).toBe('mcp-server');
    expect(classifyKind('OpenAI GPT-4o')).toBe('llm');
    expect(classifyKind('Help-centre index - pgvector')).toBe('vector-store');
    expect(classifyKind('Refund tool')).toBe('tool');
    expect(classifyKind('XGBoost fraud classifier')).toBe('ml-model');
    expect(classifyKind('Chat widget')).toBe('ui');
    expect(classifyKind('Postgres database')).toBe('datastore');
    expect(classifyKind('Mystery box', 'cylinder')).toBe('datastore');
    expect(classifyKind('Mystery box')).toBe('service');
  });

  it('the example docs are read from disk unchanged', () => {
    // Guards the evidence property above against reading a different file than the CLI would.
    expect(exampleDoc('support-bot').text).toBe(readFileSync(join(ROOT, 'examples', 'support-bot', 'architecture.md'), 'utf8'));
  });
});
