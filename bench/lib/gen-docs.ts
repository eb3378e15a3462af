/**
 * Deterministic generator of synthetic architecture documents for the batch benchmark.
 *
 * Each document describes a different (made-up) AI product: its own code name, so component names
 * differ between documents; one primary archetype (RAG assistant, agent with side-effecting tools,
 * fraud model retrained from feedback, MCP-based coding agent) plus a few secondary traits; a Mermaid
 * flowchart of 6–15 nodes; and 60–150 lines in total. The same seed always yields the same bytes.
 */
import { Rng } from './random.js';

export type Archetype = 'rag' | 'tools' | 'fraud' | 'mcp';
export const ARCHETYPES: readonly Archetype[] = ['rag', 'tools', 'fraud', 'mcp'];

export const MIN_LINES = 60;
export const MAX_LINES = 150;
export const MIN_NODES = 6;
export const MAX_NODES = 15;

export interface GeneratedDoc {
  /** File name, e.g. `042-kestrel.md`. */
  name: string;
  codename: string;
  archetype: Archetype;
  text: string;
  lines: number;
  diagramNodes: number;
}

type Shape = 'box' | 'cylinder' | 'subroutine' | 'round';

interface NodeSpec {
  id: string;
  label: string;
  shape: Shape;
}

const SYLLABLES_A = ['Kes', 'Or', 'Van', 'Hal', 'Bri', 'Cor', 'Del', 'Fen', 'Gal', 'Ist', 'Jun', 'Lum', 'Mer', 'Nor', 'Pel', 'Quill', 'Ros', 'Sal', 'Tam', 'Ul', 'Ver', 'Wyn', 'Zep', 'Ash'];
const SYLLABLES_B = ['trel', 'ion', 'tor', 'cyon', 'ar', 'vex', 'mara', 'wick', 'dor', 'is', 'ora', 'ith', 'enna', 'ax', 'ette', 'ume', 'oka', 'ryn'];

const LLMS = [
  { label: 'GPT-4o via OpenAI API', prose: 'GPT-4o through the OpenAI API' },
  { label: 'Claude 3.5 Sonnet on Bedrock', prose: 'Claude 3.5 Sonnet hosted on Amazon Bedrock' },
  { label: 'Llama 3.1 70B on vLLM', prose: 'Llama 3.1 70B, open weights from Hugging Face, served with vLLM' },
  { label: 'Mistral Large via API', prose: 'Mistral Large through the provider API' },
  { label: 'Gemini 1.5 Pro on Vertex AI', prose: 'Gemini 1.5 Pro through Vertex AI' },
  { label: 'Qwen2.5-32B on Ollama', prose: 'Qwen2.5-32B, open weights, served by Ollama on our GPU nodes' },
];
const VECTOR_STORES = ['pgvector', 'Qdrant', 'Pinecone', 'Weaviate', 'Milvus', 'Chroma'];
const DOMAINS = [
  { noun: 'Support Assistant', users: 'Customers', subject: 'order and billing questions' },
  { noun: 'HR Helpdesk Bot', users: 'Employees', subject: 'leave, payroll and benefits questions' },
  { noun: 'Claims Copilot', users: 'Analysts', subject: 'insurance claim triage' },
  { noun: 'Travel Concierge', users: 'Shoppers', subject: 'bookings, changes and refunds' },
  { noun: 'Developer Portal Assistant', users: 'Developers', subject: 'API and SDK questions' },
  { noun: 'Clinic Intake Assistant', users: 'Members', subject: 'appointment and coverage questions' },
];
const SIDE_EFFECT_TOOLS = [
  { key: 'refund', label: 'refund tool', does: 'issues refunds through the Payments API' },
  { key: 'email', label: 'email tool', does: 'sends e-mails to customers on the agent’s behalf' },
  { key: 'ticket', label: 'ticket tool', does: 'creates and updates tickets in Jira' },
  { key: 'deploy', label: 'deploy tool', does: 'deploys a service version to staging and production' },
  { key: 'account', label: 'account tool', does: 'resets passwords and updates account settings' },
  { key: 'booking', label: 'booking tool', does: 'books and cancels reservations' },
];
const MCP_SERVERS = [
  { key: 'github', label: 'GitHub MCP server', does: 'reads issues and files, pushes branches and opens pull requests', source: 'the official server' },
  { key: 'jira', label: 'Jira MCP server', does: 'reads and edits tickets', source: 'a community MCP registry' },
  { key: 'slack', label: 'Slack MCP server', does: 'reads channels and posts messages', source: 'a community MCP registry' },
  { key: 'fs', label: 'filesystem MCP server', does: 'reads and writes files in the workspace', source: 'the reference implementation' },
  { key: 'docs', label: 'docs-search MCP server', does: 'searches web documentation and returns page text', source: 'a third-party vendor' },
  { key: 'sql', label: 'analytics MCP server', does: 'runs SQL queries against the warehouse', source: 'our own code' },
];

function codenames(rng: Rng, n: number): string[] {
  const out = new Set<string>();
  for (let guard = 0; out.size < n && guard < n * 200; guard++) {
    const name = `${rng.pick(SYLLABLES_A)}${rng.pick(SYLLABLES_B)}`;
    out.add(out.has(name) ? `${name}${rng.pick(SYLLABLES_B)}` : name);
  }
  if (out.size < n) throw new Error(`could not make ${n} distinct code names`);
  return [...out];
}

function nodeLine(n: NodeSpec): string {
  switch (n.shape) {
    case 'cylinder':
      return `    ${n.id}[(${n.label})]`;
    case 'subroutine':
      return `    ${n.id}[[${n.label}]]`;
    case 'round':
      return `    ${n.id}(${n.label})`;
    default:
      return `    ${n.id}[${n.label}]`;
  }
}

interface Plan {
  core: NodeSpec[];
  extras: NodeSpec[];
  edges: Array<[string, string, string]>;
  extraEdges: Record<string, Array<[string, string, string]>>;
  sections: string[][];
}

function ragPlan(c: string, rng: Rng, llm: (typeof LLMS)[number], domain: (typeof DOMAINS)[number]): Plan {
  const vs = rng.pick(VECTOR_STORES);
  const forum = rng.chance(0.6);
  return {
    core: [
      { id: 'user', label: domain.users, shape: 'box' },
      { id: 'widget', label: `${c} chat widget`, shape: 'box' },
      { id: 'api', label: `${c} assistant API`, shape: 'box' },
      { id: 'vindex', label: `${c} vector index - ${vs}`, shape: 'cylinder' },
      { id: 'llm', label: llm.label, shape: 'box' },
      { id: 'ingest', label: `${c} ingestion job`, shape: 'box' },
    ],
    extras: [
      { id: 'cms', label: `${c} help-centre CMS`, shape: 'box' },
      ...(forum ? [{ id: 'forum', label: `${c} community forum`, shape: 'box' as Shape }] : []),
      { id: 'embed', label: `${c} embedding service`, shape: 'box' },
    ],
    edges: [
      ['user', 'widget', 'chat message'],
      ['widget', 'api', 'POST /chat'],
      ['api', 'vindex', 'similarity search'],
      ['api', 'llm', 'prompt + retrieved passages'],
      ['llm', 'api', 'answer'],
      ['api', 'widget', 'markdown answer'],
      ['ingest', 'vindex', 'embeddings'],
    ],
    extraEdges: {
      cms: [['cms', 'ingest', 'articles']],
      forum: [['forum', 'ingest', 'top-voted posts']],
      embed: [['ingest', 'embed', 'chunks']],
    },
    sections: [
      [
        '## Retrieval',
        '',
        `The ${c} assistant API retrieves the top-k passages from the ${c} vector index (${vs}) and puts them in the prompt.`,
        `The nightly ${c} ingestion job chunks and embeds help-centre articles${forum ? ' and community forum posts' : ''}.`,
        forum
          ? 'Any customer with an account can post on the forum; moderation happens after the fact.'
          : 'Only the content team can publish articles; every change is reviewed before it is indexed.',
        `Retrieved chunks are tagged with their source URL so the bot can cite them.`,
        `The ${c} chat widget renders answers as Markdown, including links and images.`,
      ],
    ],
  };
}

function toolsPlan(c: string, rng: Rng, llm: (typeof LLMS)[number], domain: (typeof DOMAINS)[number]): Plan {
  const tools = rng.sample(SIDE_EFFECT_TOOLS, rng.int(2, 3));
  const approvalLimit = rng.pick([50, 100, 200, 500]);
  return {
    core: [
      { id: 'user', label: domain.users, shape: 'box' },
      { id: 'app', label: `${c} web app`, shape: 'box' },
      { id: 'agent', label: `${c} orchestrator agent`, shape: 'box' },
      { id: 'llm', label: llm.label, shape: 'box' },
      ...tools.map((t) => ({ id: `t${t.key}`, label: `${c} ${t.label}`, shape: 'subroutine' as Shape })),
    ],
    extras: [
      { id: 'orders', label: `${c} orders service`, shape: 'box' },
      { id: 'payments', label: `${c} payments service`, shape: 'box' },
      { id: 'approvals', label: `${c} approval queue`, shape: 'box' },
      { id: 'lookup', label: `${c} lookup tool`, shape: 'subroutine' },
    ],
    edges: [
      ['user', 'app', 'request'],
      ['app', 'agent', 'task'],
      ['agent', 'llm', 'prompt + tool schemas'],
      ['llm', 'agent', 'tool call'],
      ...tools.map((t): [string, string, string] => ['agent', `t${t.key}`, `${t.key} call`]),
    ],
    extraEdges: {
      orders: [['agent', 'orders', 'order lookup']],
      payments: [[`t${tools[0]!.key}`, 'payments', 'POST /actions']],
      approvals: [['agent', 'approvals', `actions over $${approvalLimit}`]],
      lookup: [['agent', 'lookup', 'read-only lookup']],
    },
    sections: [
      [
        '## Tools',
        '',
        ...tools.flatMap((t) => [
          `**${c} ${t.label}** — ${t.does}.`,
          rng.chance(0.5)
            ? `- Actions up to $${approvalLimit} are executed immediately, without human approval.`
            : `- A human operator must approve every call before it runs.`,
        ]),
        `The ${c} lookup tool is read-only: it only reads order status and cannot modify anything.`,
        `The ${c} orchestrator agent plans multi-step tasks and calls tools with function calling.`,
      ],
    ],
  };
}

function fraudPlan(c: string, rng: Rng): Plan {
  const algo = rng.pick(['XGBoost', 'LightGBM', 'CatBoost', 'a random forest']);
  const cadence = rng.pick(['weekly', 'nightly', 'daily']);
  return {
    core: [
      { id: 'checkout', label: `${c} checkout service`, shape: 'box' },
      { id: 'scorer', label: `${c} fraud scorer`, shape: 'box' },
      { id: 'fs', label: `${c} feature store - Redis`, shape: 'cylinder' },
      { id: 'train', label: `${c} training pipeline - Airflow`, shape: 'box' },
      { id: 'bucket', label: `${c} model bucket - S3`, shape: 'cylinder' },
      { id: 'feedback', label: `${c} feedback service`, shape: 'box' },
    ],
    extras: [
      { id: 'app', label: `${c} mobile app`, shape: 'box' },
      { id: 'rules', label: `${c} rules engine`, shape: 'box' },
      { id: 'wh', label: `${c} warehouse - Snowflake`, shape: 'cylinder' },
      { id: 'partner', label: 'Partner merchants', shape: 'box' },
      { id: 'kafka', label: `${c} auth events - Kafka`, shape: 'subroutine' },
    ],
    edges: [
      ['checkout', 'scorer', 'transaction'],
      ['scorer', 'fs', 'feature lookup'],
      ['feedback', 'train', 'fraud report labels'],
      ['train', 'bucket', 'model.joblib'],
      ['bucket', 'scorer', 'load at startup'],
    ],
    extraEdges: {
      app: [['app', 'feedback', 'report fraud / this was me']],
      rules: [['scorer', 'rules', 'score + reason codes']],
      wh: [['wh', 'train', 'training set']],
      partner: [['partner', 'scorer', 'score request']],
      kafka: [['kafka', 'fs', 'velocity updates']],
    },
    sections: [
      [
        '## Model',
        '',
        `The ${c} fraud scorer is ${algo.startsWith('a ') ? algo : `an ${algo}`} classifier over tabular features; it returns a score and the top reason codes.`,
        `On startup each pod loads the model artifact from the ${c} model bucket with joblib.load().`,
        `The ${c} training pipeline retrains the model ${cadence} from chargebacks and cardholder feedback labels.`,
        'Any logged-in user can submit fraud reports on their own transactions; there is no limit on how many.',
        rng.chance(0.5)
          ? 'We do not sign or checksum the artifact; the scorer trusts whatever is at latest.'
          : 'Every artifact is signed and its sha256 checksum is verified before loading.',
        'Partner merchants call the partner API with a per-partner key.',
      ],
    ],
  };
}

function mcpPlan(c: string, rng: Rng, llm: (typeof LLMS)[number]): Plan {
  const servers = rng.sample(MCP_SERVERS, rng.int(2, 4));
  return {
    core: [
      { id: 'dev', label: 'Developers', shape: 'box' },
      { id: 'agent', label: `${c} coding agent`, shape: 'box' },
      { id: 'llm', label: llm.label, shape: 'box' },
      ...servers.map((s) => ({ id: `m${s.key}`, label: `${c} ${s.label}`, shape: 'box' as Shape })),
    ],
    extras: [
      { id: 'shell', label: `${c} shell tool`, shape: 'subroutine' },
      { id: 'mem', label: `${c} long-term memory - Qdrant`, shape: 'cylinder' },
      { id: 'gh', label: 'GitHub', shape: 'box' },
      { id: 'reviewer', label: `${c} reviewer agent`, shape: 'box' },
    ],
    edges: [
      ['dev', 'agent', 'task'],
      ['agent', 'llm', 'prompt'],
      ...servers.map((s): [string, string, string] => ['agent', `m${s.key}`, 'tool calls']),
    ],
    extraEdges: {
      shell: [['agent', 'shell', 'commands']],
      mem: [['agent', 'mem', 'similar past fixes']],
      gh: [[`m${servers[0]!.key}`, 'gh', 'API calls']],
      reviewer: [['agent', 'reviewer', 'diff for review']],
    },
    sections: [
      [
        '## Tools (MCP)',
        '',
        'The agent gets its tools through MCP servers shared by all tasks.',
        '',
        '| MCP server | Source | What it can do |',
        '|---|---|---|',
        ...servers.map((s) => `| ${c} ${s.label} | ${s.source} | ${s.does} |`),
        '',
        `The ${c} shell tool runs arbitrary commands in a sandbox container for each task.`,
        `The ${c} long-term memory keeps summaries of past fixes across sessions, with no expiry.`,
        `The agent reads issue text and comments written by anyone with an account.`,
      ],
    ],
  };
}

const SHARED_EXTRAS = (c: string): NodeSpec[] => [
  { id: 'gw', label: `${c} API gateway`, shape: 'box' },
  { id: 'logs', label: `${c} logs - Datadog`, shape: 'cylinder' },
  { id: 'cache', label: `${c} session cache - Redis`, shape: 'cylinder' },
  { id: 'dash', label: `${c} admin dashboard`, shape: 'box' },
  { id: 'auth', label: `${c} auth service`, shape: 'round' },
  { id: 'notify', label: `${c} email notifier`, shape: 'box' },
];

type Filler = (c: string, rng: Rng) => string;

/** Operational notes; each has its own random details, so long documents do not repeat lines verbatim. */
const FILLER: Filler[] = [
  (c, r) => `Deploys of ${c} go through the ${r.pick(['standard', 'blue-green', 'canary'])} pipeline; prompt changes are reviewed like code.`,
  (c, r) => `On-call for ${c} is the ${r.pick(['platform', 'product', 'ML platform', 'SRE'])} rotation; the kill switch is a feature flag.`,
  (c, r) => `Dashboards for ${c} show ${r.pick(['request volume', 'deflection rate', 'tool calls', 'score distribution'])}, error rate and latency per ${r.pick(['hour', 'day'])}.`,
  (c, r) => `The ${c} API gateway enforces per-IP rate limiting at ${r.int(10, 120)} requests per minute.`,
  (c, r) => `Conversations with ${c} are logged in full to Datadog for quality review, with ${r.pick([7, 14, 30, 90])}-day retention.`,
  (c, r) => `The ${c} session cache keeps conversation history for ${r.int(1, 24)} hours, keyed by session id.`,
  (c, r) => `Secrets for ${c} live in the cloud secrets manager and are rotated ${r.pick(['monthly', 'quarterly', 'yearly'])}.`,
  (c, r) => `Load tests for ${c} run before each release; the p99 latency budget is ${r.pick([300, 500, 800, 1200])} ms.`,
  (c, r) => `Support leads sample about ${r.int(50, 400)} ${c} conversations a week for quality review.`,
  (c) => `The ${c} admin dashboard lists recent actions and lets operators disable a tool.`,
  (c, r) => `Backups of the ${c} stores are taken ${r.pick(['nightly', 'hourly', 'weekly'])} and kept for ${r.int(7, 90)} days.`,
  (c, r) => `Customer PII handled by ${c}: names, ${r.pick(['e-mail addresses', 'phone numbers', 'home address'])} and order history.`,
  (c) => `There is no drift monitoring on ${c} inputs or outputs yet.`,
  (c, r) => `The ${c} auth service issues ${r.int(5, 60)}-minute session tokens after SSO login.`,
  (c, r) => `Alerts for ${c} go to #${c.toLowerCase()}-${r.pick(['alerts', 'oncall', 'ops'])}; runbooks are linked from each alert.`,
  (c) => `The ${c} email notifier sends a summary to the requester when a task finishes.`,
  (c, r) => `Capacity: ${r.int(2, 12)} replicas of each ${c} service behind the load balancer, autoscaled on CPU.`,
  (c, r) => `The ${c} error budget is ${r.pick(['0.1', '0.5', '1'])}% per month; freezes start when it is spent.`,
  (c, r) => `Incident ${c.toUpperCase()}-${r.int(100, 999)}: a bad config push disabled retrieval for ${r.int(5, 90)} minutes.`,
  (c, r) => `The ${c} team reviews ${r.pick(['cost', 'latency', 'quality', 'abuse'])} metrics in the weekly ops review.`,
  (c, r) => `${c} staging mirrors production with synthetic data; ${r.pick(['no', 'masked'])} customer data is copied there.`,
  (c, r) => `Access to ${c} production is via just-in-time roles that expire after ${r.int(1, 8)} hours.`,
];

/** One line per diagram node, so documents with bigger diagrams also say more about them. */
function componentNote(n: NodeSpec, rng: Rng): string {
  const verb = rng.pick(['is owned by', 'is maintained by', 'is run by']);
  const team = rng.pick(['the platform team', 'the product team', 'the data team', 'a vendor', 'the security team']);
  return `- ${n.label} ${verb} ${team}; ${rng.pick(['it is in scope for this review', 'it was added in the last quarter', 'it has its own runbook', 'its SLO is 99.9%'])}.`;
}

const OPEN_ITEMS = [
  'Per-customer daily cap on tool actions.',
  'Redact card numbers and e-mail addresses before logging.',
  'Add an output guardrail pass before answers reach the UI.',
  'Record the model version with every decision.',
  'Per-tenant namespaces in the vector index.',
  'Pin the model version instead of following the latest alias.',
];

/** One document. `index` makes file names sort in generation order. */
function generateOne(rng: Rng, index: number, codename: string): GeneratedDoc {
  const archetype = ARCHETYPES[index % ARCHETYPES.length]!;
  const llm = rng.pick(LLMS);
  const domain = rng.pick(DOMAINS);
  const c = codename;
  const plan =
    archetype === 'rag'
      ? ragPlan(c, rng, llm, domain)
      : archetype === 'tools'
        ? toolsPlan(c, rng, llm, domain)
        : archetype === 'fraud'
          ? fraudPlan(c, rng)
          : mcpPlan(c, rng, llm);

  // Diagram: the archetype's core nodes, then extras until a random size in [6, 15].
  const targetNodes = Math.max(plan.core.length, rng.int(MIN_NODES, MAX_NODES));
  const pool = rng.shuffle([...plan.extras, ...SHARED_EXTRAS(c)]);
  const nodes = [...plan.core, ...pool.slice(0, Math.max(0, targetNodes - plan.core.length))];
  const ids = new Set(nodes.map((n) => n.id));
  const edges = [...plan.edges];
  for (const n of nodes) {
    for (const e of plan.extraEdges[n.id] ?? []) if (ids.has(e[0]) && ids.has(e[1])) edges.push(e);
  }
  const hub = ids.has('api') ? 'api' : ids.has('agent') ? 'agent' : 'scorer';
  const sharedEdge: Record<string, [string, string, string]> = {
    gw: ['gw', hub, 'requests'],
    logs: [hub, 'logs', 'prompts, completions, tool calls'],
    cache: [hub, 'cache', 'session state'],
    dash: ['dash', hub, 'admin actions'],
    auth: [hub, 'auth', 'token check'],
    notify: [hub, 'notify', 'notifications'],
  };
  for (const n of nodes) if (sharedEdge[n.id]) edges.push(sharedEdge[n.id]!);
  const direction = rng.pick(['LR', 'TD']);
  const boundary = rng.pick(['VPC', 'Production cluster', 'Private network']);
  const outside = nodes.filter((n) => /^(user|dev|partner|gh|forum)$/.test(n.id) || n.id === 'llm');
  const inside = nodes.filter((n) => !outside.includes(n));
  const diagram = [
    '```mermaid',
    `flowchart ${direction}`,
    '  subgraph Internet',
    ...outside.map(nodeLine),
    '  end',
    `  subgraph ${boundary}`,
    ...inside.map(nodeLine),
    '  end',
    ...edges.map(([a, b, label]) => `  ${a} -->|${label}| ${b}`),
    '```',
  ];

  const title =
    archetype === 'fraud'
      ? `# ${c} fraud scoring service — Architecture`
      : archetype === 'mcp'
        ? `# ${c}: an autonomous coding agent`
        : `# ${c} ${domain.noun} — Architecture`;
  const purpose =
    archetype === 'fraud'
      ? `${c} scores every card-not-present transaction in under 50 ms so the rules engine can approve, review or decline it.`
      : archetype === 'mcp'
        ? `${c} picks up labelled issues, works on them in an isolated sandbox and opens a pull request for a maintainer to review.`
        : `${c} answers ${domain.subject} for ${domain.users.toLowerCase()} and can take a few actions on their behalf, using ${llm.prose}.`;

  const head = [
    title,
    '',
    `**Status:** ${rng.pick(['pilot', 'in production', 'beta'])} · **Owner:** ${c} platform team · **Revision:** ${rng.int(1, 9)}`,
    '',
    '## Overview',
    '',
    purpose,
    `The system runs in our ${boundary.toLowerCase()} and talks to ${nodes.length} components shown in the diagram below.`,
    '',
  ];
  const components = [
    '## Components',
    '',
    '| Component | What it is |',
    '|---|---|',
    ...nodes.filter((n) => !/^(user|dev|partner)$/.test(n.id)).map((n) => `| ${n.label} | ${n.shape === 'cylinder' ? 'data store' : 'service'} |`),
    '',
  ];
  const body = plan.sections.flatMap((s) => [...s, '']);
  const flows = ['## Data flows', '', ...diagram, ''];
  const open = ['## Open items', '', ...rng.sample(OPEN_ITEMS, rng.int(2, 4)).map((t) => `- ${t}`)];

  const fixed = [...head, ...components, ...body, ...flows];
  const targetLines = rng.int(MIN_LINES, MAX_LINES);
  const opsHeader = ['## Operational notes', ''];
  const room = targetLines - fixed.length - open.length - opsHeader.length - 1;
  const ops: string[] = [];
  const notes = nodes.filter((n) => !/^(user|dev|partner)$/.test(n.id)).map((n) => componentNote(n, rng));
  let fillers = rng.shuffle(FILLER);
  for (let i = 0; i < room; i++) {
    if (i % 3 === 2 && notes.length > 0) ops.push(notes.shift()!);
    else {
      if (fillers.length === 0) fillers = rng.shuffle(FILLER);
      ops.push(`- ${fillers.shift()!(c, rng)}`);
    }
  }
  const lines = [...fixed, ...(ops.length > 0 ? [...opsHeader, ...ops, ''] : []), ...open];
  const text = `${lines.join('\n')}\n`;
  const count = lines.length;
  if (count < MIN_LINES || count > MAX_LINES) throw new Error(`generated doc ${index} has ${count} lines, outside [${MIN_LINES}, ${MAX_LINES}]`);
  if (nodes.length < MIN_NODES || nodes.length > MAX_NODES) throw new Error(`generated doc ${index} has ${nodes.length} diagram nodes`);
  return {
    name: `${String(index + 1).padStart(3, '0')}-${c.toLowerCase()}.md`,
    codename: c,
    archetype,
    text,
    lines: count,
    diagramNodes: nodes.length,
  };
}

/** `n` documents from `seed`; the first k of generate(n) equal generate(k) for the same seed. */
export function generateDocs(n: number, seed: number): GeneratedDoc[] {
  const names = codenames(new Rng(seed), n);
  // One stream per document, so a document does not change when n changes.
  return names.map((c, i) => generateOne(new Rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0), i, c));
}
