import { describe, expect, it } from 'vitest';
import { readDocument } from '../../../src/core/read/document.js';
import { readControl } from '../../../src/core/read/reading.js';
import { clausesOf, sentencesOf } from '../../../src/core/read/sentences.js';
import { LineIndex, quoteIsAt, sourceSpan } from '../../../src/core/read/source.js';
import { readStructurizr } from '../../../src/core/read/structurizr.js';
import { readPlantUml } from '../../../src/core/read/plantuml.js';
import { readStructured } from '../../../src/core/read/yaml-config.js';
import { blockEvidence } from '../../../src/core/extract/components.js';

const md = (text: string, file = 'a.md') => readDocument({ file, text });

describe('readDocument: Markdown', () => {
  const text = [
    '---', // 1
    'title: Acme Bot', // 2
    '---', // 3
    'Acme Bot — Architecture', // 4
    '=======================', // 5
    '', // 6
    'Overview', // 7
    '--------', // 8
    '', // 9
    'The bot answers **customer** questions about [orders](http://x.invalid) using `GPT-4o`', // 10
    'and does not', // 11
    'require human approval.', // 12
    '', // 13
    '### Tools', // 14
    '', // 15
    '- The **Help index** stores articles', // 16
    '  - nested item', // 17
    '', // 18
    '| # | Name | Description |', // 19
    '|---|---|---|', // 20
    '| 1 | Scorer | Scores ~~nothing~~ loans |', // 21
  ].join('\n');
  const doc = md(text);

  it('skips front matter, reads setext headings and takes the title', () => {
    expect(doc.title).toEqual({ text: 'Acme Bot', line: 2 });
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => [b.line, b.depth, b.text]);
    expect(headings).toEqual([
      [4, 1, 'Acme Bot — Architecture'],
      [7, 2, 'Overview'],
      [14, 3, 'Tools'],
    ]);
  });

  it('joins a soft-wrapped paragraph into one text that starts on its first line, with inline markup read as names', () => {
    const p = doc.blocks.find((b) => b.kind === 'paragraph')!;
    expect(p.line).toBe(10);
    expect(p.text).toBe('The bot answers customer questions about orders using GPT-4o and does not require human approval.');
    expect(p.names.map((n) => [p.text.slice(n.start, n.end), n.style])).toEqual([
      ['customer', 'strong'],
      ['orders', 'link'],
      ['GPT-4o', 'code'],
    ]);
    expect(p.path.map((h) => h.text)).toEqual(['Acme Bot — Architecture', 'Overview']);
  });

  it('maps every character back to the source, so evidence quotes the file verbatim across lines', () => {
    const p = doc.blocks.find((b) => b.kind === 'paragraph')!;
    const at = p.text.indexOf('does not');
    const e = blockEvidence(doc, p, at, p.text.length);
    expect(e).toEqual({ file: 'a.md', line: 11, quote: 'does not require human approval.' });
    expect(quoteIsAt(doc.lines, e.line, e.quote)).toBe(true);
    expect(quoteIsAt(doc.lines, e.line + 1, e.quote)).toBe(false);
  });

  it('reads list items with their nesting and table rows with their header; struck text is not read', () => {
    const items = doc.blocks.filter((b) => b.kind === 'item');
    expect(items.map((b) => [b.text, b.list!.level])).toEqual([
      ['The Help index stores articles', 1],
      ['nested item', 2],
    ]);
    expect(items[1]!.list!.parent).toBe(doc.blocks.indexOf(items[0]!));
    const row = doc.blocks.find((b) => b.kind === 'row')!;
    expect(row.table!.header).toEqual(['#', 'Name', 'Description']);
    expect(row.text).toBe('1 | Scorer | Scores loans');
    expect(row.line).toBe(21);
  });

  it('routes code blocks to their readers: Mermaid, PlantUML, YAML settings', () => {
    const d = md(
      ['# X', '```mermaid', 'graph LR', '  a[A] --> b[B]', '```', '```plantuml', '@startuml', '[API] --> [DB]', '@enduml', '```', '```yaml', 'rate_limiting: false', '```'].join('\n'),
    );
    expect(d.diagrams.map((x) => x.diagram.notation)).toEqual(['mermaid-flowchart', 'plantuml']);
    expect(d.settings.map((s) => [s.text.text, s.lineOf(s.text.line)])).toEqual([['rate limiting: false', 12]]);
  });
});

describe('readDocument: plain text', () => {
  it('finds the title, underlined and CAPS headings, lists, definitions and aligned columns', () => {
    const text = [
      'DESKBOOK - room booking', // 1
      'Architecture notes, v2', // 2
      '', // 3
      'COMPONENTS', // 4
      '  deskbook-web      React SPA, served', // 5
      '                    from CloudFront.', // 6
      '  Postgres          RDS PostgreSQL 15.', // 7
      '', // 8
      'Data flow', // 9
      '=========', // 10
      '', // 11
      '1. The web app calls the API.', // 12
      '2. The API writes to Postgres.', // 13
      '', // 14
      'Owner: platform team', // 15
    ].join('\n');
    const doc = readDocument({ file: 'notes.txt', text });
    expect(doc.format).toBe('text');
    expect(doc.title).toEqual({ text: 'DESKBOOK - room booking', line: 1 });
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(['DESKBOOK - room booking', 'COMPONENTS', 'Data flow']);
    const items = doc.blocks.filter((b) => b.kind === 'item').map((b) => [b.line, b.text]);
    expect(items).toEqual([
      [5, 'deskbook-web: React SPA, served from CloudFront.'],
      [7, 'Postgres: RDS PostgreSQL 15.'],
      [12, 'The web app calls the API.'],
      [13, 'The API writes to Postgres.'],
      [15, 'Owner: platform team'],
    ]);
  });

  it('takes a Structurizr file\'s title and description from its workspace and its own system', () => {
    const text = [
      '// Deskmate, maintained by IT',
      'workspace "Deskmate" "IT helpdesk agent" {',
      '  model {',
      '    d = softwareSystem "Deskmate" "Answers IT questions and triages tickets" {',
      '      api = container "Triage API"',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const doc = readDocument({ file: 'workspace.dsl', text });
    expect(doc.title).toEqual({ text: 'Deskmate', line: 2 });
    expect(doc.description).toEqual({ text: 'Answers IT questions and triages tickets', line: 4 });
    const bare = readDocument({ file: 'w.dsl', text: text.replace(' "Answers IT questions and triages tickets"', '') });
    expect(bare.description).toEqual({ text: 'IT helpdesk agent', line: 2 });
  });

  it('reads a Structurizr DSL file as a diagram, with its comments as prose', () => {
    const text = [
      'workspace {',
      '  model {',
      '    user = person "Customer"',
      '    sys = softwareSystem "Shop" {',
      '      // Refunds over $100 need a supervisor.',
      '      api = container "API" "Handles orders" "Go"',
      '      db = container "Orders DB" "Order rows" "Postgres" "Database"',
      '    }',
      '    user -> sys.api "Places orders"',
      '    api -> db "Reads and writes"',
      '  }',
      '  views { systemContext sys { include * } }',
      '}',
    ].join('\n');
    const doc = readDocument({ file: 'c4.txt', text });
    expect(doc.format).toBe('structurizr');
    const d = doc.diagrams[0]!.diagram;
    expect(d.nodes.map((n) => [n.label, n.kind ?? '', n.person ?? false, n.technology ?? ''])).toEqual([
      ['Customer', '', true, ''],
      ['Shop', '', false, ''],
      ['API', '', false, 'Go'],
      ['Orders DB', 'datastore', false, 'Postgres'],
    ]);
    expect(d.edges.map((e) => [e.from, e.to, e.label])).toEqual([
      ['user', 'sys.api', 'Places orders'],
      ['sys.api', 'sys.db', 'Reads and writes'],
    ]);
    expect(doc.blocks.map((b) => b.text)).toEqual(['Refunds over $100 need a supervisor.']);
  });
});

describe('diagram and structured readers', () => {
  it('C4-PlantUML: containers with technology and description, boundaries, relations', () => {
    const d = readPlantUml(
      ['@startuml', 'Person(u, "Shopper")', 'System_Boundary(b, "Shop") {', '  Container(api, "API", "Go", "Serves orders")', '  ContainerDb(db, "DB", "Postgres", "Orders")', '}', 'Rel(u, api, "Uses", "HTTPS")', '@enduml'].join('\n'),
    );
    expect(d.notation).toBe('c4-plantuml');
    expect(d.nodes.map((n) => [n.id, n.label, n.kind ?? '', n.group ?? ''])).toEqual([
      ['u', 'Shopper', '', ''],
      ['api', 'API', '', 'b'],
      ['db', 'DB', 'datastore', 'b'],
    ]);
    expect(d.groups.map((g) => [g.label, g.nodes])).toEqual([['Shop', ['api', 'db']]]);
    expect(d.edges).toEqual([{ from: 'u', to: 'api', line: 7, label: 'Uses' }]);
  });

  it('Structurizr: hierarchical identifiers resolve', () => {
    const d = readStructurizr('workspace {\n model {\n  s = softwareSystem "S" {\n   a = container "A"\n   b = container "B"\n  }\n  s.a -> s.b "calls"\n }\n}');
    expect(d.edges.map((e) => [e.from, e.to])).toEqual([['s.a', 's.b']]);
  });

  it('docker-compose: services become nodes with images, depends_on and connection strings become flows', () => {
    const r = readStructured(
      ['services:', '  api:', '    image: ghcr.io/acme/api:1.2', '    depends_on: [db]', '    environment:', '      CACHE_URL: redis://cache:6379', '  db:', '    image: postgres:16', '  cache:', '    image: redis:7'].join('\n'),
    )!;
    expect(r.diagram!.notation).toBe('compose');
    expect(r.diagram!.nodes.map((n) => [n.id, n.technology])).toEqual([
      ['api', 'ghcr.io/acme/api:1.2'],
      ['db', 'postgres:16'],
      ['cache', 'redis:7'],
    ]);
    expect(r.diagram!.edges.map((e) => [e.from, e.to])).toEqual([
      ['api', 'db'],
      ['api', 'cache'],
    ]);
  });
});

describe('sentences and clauses', () => {
  it('splits at sentence ends but not after abbreviations, initials or dotted names', () => {
    const t = 'We use GPT-4o. It runs e.g. on vLLM 0.5.1 with model.joblib! Done';
    expect(sentencesOf(t).map((r) => t.slice(r.start, r.end))).toEqual(['We use GPT-4o.', 'It runs e.g. on vLLM 0.5.1 with model.joblib!', 'Done']);
  });

  it('splits clauses where the reading may turn, but keeps lists and "not only … but also" together', () => {
    const t = 'No rate limiting, monitoring or review; approval is on, but only for refunds';
    expect(clausesOf(t, { start: 0, end: t.length }).map((r) => t.slice(r.start, r.end))).toEqual([
      'No rate limiting, monitoring or review',
      'approval is on',
      'but only for refunds',
    ]);
    const u = 'We log not only decisions but also every prompt';
    expect(clausesOf(u, { start: 0, end: u.length })).toHaveLength(1);
  });
});

describe('readControl', () => {
  it.each([
    ['Prompts are logged to Langfuse.', 'affirmed'],
    ['Prompts are not logged.', 'negated'],
    ['No refund is issued without a supervisor approving it.', 'affirmed'],
    ['Refunds run without approval.', 'negated'],
    ['Rate limiting is on the roadmap.', 'planned'],
    ['We considered a bias audit but decided against it.', 'rejected'],
    ['Drift monitoring should be added.', 'hedged'],
    ['Do we need human review?', 'asked'],
    ['Refunds over $200 need a human.', 'conditional'],
    ['Previously we had no rate limiting.', 'past'],
    ['Drift monitoring, planned for Q1, shipped in April.', 'affirmed'],
    ['The audit finding about missing approval was closed in May.', 'affirmed'],
  ])('%s → %s', (sentence, reading) => {
    expect(readControl(sentence, sentence).reading).toBe(reading);
  });

  it('keeps the condition as the document states it', () => {
    expect(readControl('Refunds over $200 need a human', 'x')).toMatchObject({ reading: 'conditional', condition: 'over $200' });
    expect(readControl('Rate limiting is per IP address', 'x')).toMatchObject({ reading: 'conditional', condition: 'per IP address' });
  });
});

describe('source helpers', () => {
  it('sourceSpan collapses line breaks and list or quote continuation markers', () => {
    const text = '> first line\n> second line\n';
    expect(sourceSpan(text, 2, text.length)).toBe('first line second line');
    expect(new LineIndex('a\nbb\nccc').lineOf(5)).toBe(3);
  });
});
