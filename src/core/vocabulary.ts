/**
 * The closed vocabularies every file format, rule and prompt shares. Each list is `as const`,
 * validated by zod where it is used, and documented from the same data (README, `kb list`).
 */

export const CATEGORIES = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_INFO: Record<Category, { title: string; letter: string; reading: string }> = {
  spoofing: { title: 'Spoofing', letter: 'S', reading: 'faked inputs or impersonated outputs' },
  tampering: { title: 'Tampering', letter: 'T', reading: 'poisoned training data, weights, corpora or memory' },
  repudiation: { title: 'Repudiation', letter: 'R', reading: 'no traceability of model decisions' },
  'information-disclosure': {
    title: 'Information disclosure',
    letter: 'I',
    reading: 'inversion, training-data and prompt leaks',
  },
  'denial-of-service': { title: 'Denial of service', letter: 'D', reading: 'unbounded prompts and costly inference' },
  'elevation-of-privilege': {
    title: 'Elevation of privilege',
    letter: 'E',
    reading: 'crafted inputs that bypass access rules',
  },
};

export const SURFACES = [
  'training-data',
  'model-output',
  'prompt-injection',
  'model-drift',
  'supply-chain',
] as const;
export type Surface = (typeof SURFACES)[number];

export const SURFACE_INFO: Record<Surface, { title: string }> = {
  'training-data': { title: 'Training data integrity' },
  'model-output': { title: 'Model output misuse' },
  'prompt-injection': { title: 'Prompt injection and prompt leaks' },
  'model-drift': { title: 'Model drift and post-deployment' },
  'supply-chain': { title: 'Third-party AI and supply chain' },
};

export const COMPONENT_KINDS = [
  'ui',
  'service',
  'datastore',
  'queue',
  'external-api',
  'llm',
  'ml-model',
  'training-pipeline',
  'dataset',
  'vector-store',
  'memory',
  'prompt',
  'tool',
  'agent',
  'mcp-server',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/**
 * System-level AI features: typed facts the knowledge-base rules read. A feature is either
 * detected present (with evidence), detected absent (with evidence) or unknown.
 */
export const FEATURES = {
  llm: 'A generative language model produces text, code or decisions.',
  'predictive-ml': 'A predictive (non-generative) model scores, classifies or ranks inputs.',
  'third-party-model-api': 'A model is called through a third-party hosted API.',
  'open-weights-from-hub': 'Pretrained weights or models are downloaded from a public model hub.',
  'serialized-model-loading': 'Model artifacts are loaded from pickle, joblib, torch or similar executable formats.',
  'in-house-training': 'The team trains or fine-tunes a model itself.',
  'fine-tuned': 'A model is fine-tuned on the team\'s own data.',
  'learns-from-feedback': 'Models are retrained or fine-tuned from user feedback, labels or reports.',
  'third-party-training-data': 'Training data comes from public, scraped or purchased datasets.',
  'human-labeling': 'People (staff, contractors or an annotation vendor) label or annotate training data.',
  'data-validation': 'Training or input data is checked before use: schema, range or distribution checks, outlier or poisoning screens.',
  rag: 'Retrieved documents are added to model prompts (RAG).',
  'rag-sources-user-writable': 'Users or third parties can write to the sources that retrieval reads.',
  'untrusted-content-in-context': 'Untrusted content (web pages, emails, tickets, uploads) enters model prompts.',
  tools: 'The model can call tools or functions.',
  'tools-with-side-effects': 'A tool changes state, moves money, sends messages or writes data.',
  'tool-approval': 'A human approves side-effecting tool calls before they run.',
  'code-execution': 'Model output is executed as code, shell commands or queries.',
  'autonomous-agent': 'An agent plans and acts over several steps without a human in each step.',
  'multi-agent': 'Several agents exchange messages or delegate to each other.',
  mcp: 'Tools are reached through the Model Context Protocol (MCP).',
  'persistent-memory': 'The model or agent keeps memory across sessions.',
  'output-rendered': 'Model output is rendered as HTML or Markdown to users.',
  'output-triggers-automation': 'Model output drives automated decisions or actions without review.',
  'human-review': 'A human reviews model output before it takes effect.',
  pii: 'Personal or regulated data is processed.',
  'multi-tenant': 'Several customers or tenants share the system, its data or its indexes.',
  'public-exposure': 'The AI feature is reachable from the internet or by anonymous users.',
  'returns-scores': 'An endpoint returns model scores, probabilities or confidences to callers.',
  'prompt-logging': 'Prompts, retrieved context and model outputs are logged.',
  'decision-logging': 'Model decisions are logged with the model version and inputs (audit trail).',
  'drift-monitoring': 'Model quality, input distributions or behaviour are monitored after release.',
  'rate-limiting': 'Requests, tokens or spend are limited per user or client.',
  'model-version-pinned': 'The model version is pinned, so updates are deliberate.',
  'artifact-verification': 'Model and dataset artifacts are verified (hashes, signatures, provenance).',
  'output-filtering': 'Model output passes a guardrail, filter or validator before use.',
  'system-prompt-secrets': 'The system prompt holds secrets, credentials or confidential rules.',
  authentication: 'Callers authenticate (a login, API key, token or mutual TLS) before a service, API or tool serves them.',
} as const;
export type Feature = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as Feature[];

/**
 * Component-level traits: facts about one component that target rules read
 * ("the refund tool has side effects and no approval").
 */
export const TRAITS = {
  'side-effects': 'Changes state, moves money, sends messages or writes data.',
  'requires-approval': 'A human approves each use.',
  'external-egress': 'Can send data to hosts or people outside the system.',
  'executes-code': 'Runs code, shell commands or queries it is given.',
  'reads-sensitive-data': 'Reads personal, financial or confidential data.',
  'user-writable': 'Users or third parties can write its content.',
  'contains-pii': 'Holds personal or regulated data.',
  'multi-tenant': 'Shared by several tenants or customers.',
  'third-party': 'Operated or supplied by a third party.',
  'open-weights': 'Open weights downloaded from a public hub.',
  'fine-tuned': 'Fine-tuned or trained on the team\'s data.',
  'retrained-from-feedback': 'Retrained from user feedback, labels or reports.',
  'returns-scores': 'Returns scores, probabilities or confidences to its callers.',
  public: 'Reachable from the internet or by anonymous users.',
  'rate-limited': 'Requests to it are rate-limited or metered.',
  'renders-output': 'Renders model output as HTML or Markdown.',
  persistent: 'Keeps state across sessions.',
  authenticated: 'Serves only callers who authenticate (a login, API key, token or mutual TLS).',
  'boundary-inbound': 'Receives requests or data across a trust boundary.',
  'holds-secrets': 'Holds credentials, keys or tokens.',
  'fetches-urls': 'Fetches URLs or web content it is given.',
  'file-access': 'Reads or writes files by path.',
  'receives-webhooks': 'Receives webhook calls from outside.',
  'holds-logs': 'Holds logs, traces or telemetry.',
} as const;
export type Trait = keyof typeof TRAITS;
export const TRAIT_NAMES = Object.keys(TRAITS) as Trait[];

/**
 * Controls: features that lower a risk when in place. A control belongs to the components of the
 * kinds it protects; a statement about it is scoped to the components its sentence names, and
 * the control counts as present for a threat only on those components (or everywhere when the
 * docs say it covers the whole system). Two controls have a per-component twin trait. `each`:
 * every component must have it (approval per tool, drift monitoring per model); otherwise one
 * place is enough for the system (a rate limit at the gateway).
 */
export const CONTROLS = {
  'tool-approval': { kinds: ['tool', 'agent', 'mcp-server'], trait: 'requires-approval', each: true },
  'rate-limiting': { kinds: ['service', 'ui', 'llm', 'ml-model', 'tool'], trait: 'rate-limited', each: false },
  'human-review': { kinds: ['llm', 'ml-model', 'agent'], each: false },
  'output-filtering': { kinds: ['llm', 'agent'], each: false },
  'prompt-logging': { kinds: ['llm', 'agent'], each: false },
  'decision-logging': { kinds: ['ml-model', 'llm', 'agent'], each: false },
  'drift-monitoring': { kinds: ['ml-model', 'llm'], each: true },
  'model-version-pinned': { kinds: ['llm', 'ml-model'], each: true },
  'artifact-verification': { kinds: ['ml-model', 'llm', 'training-pipeline', 'dataset'], each: true },
  'data-validation': { kinds: ['dataset', 'training-pipeline', 'ml-model'], each: false },
  authentication: { kinds: ['service', 'ui', 'tool', 'mcp-server', 'datastore', 'vector-store', 'queue', 'memory'], trait: 'authenticated', each: true },
} as const satisfies Partial<Record<Feature, { kinds: readonly ComponentKind[]; trait?: Trait; each: boolean }>>;
export type ControlFeature = keyof typeof CONTROLS;
export const CONTROL_FEATURES: ReadonlySet<Feature> = new Set(Object.keys(CONTROLS) as Feature[]);
export const CONTROL_TRAITS: ReadonlySet<Trait> = new Set<Trait>(['requires-approval', 'rate-limited', 'authenticated']);

export function isControl(feature: Feature): feature is ControlFeature {
  return CONTROL_FEATURES.has(feature);
}

export const RISK_LEVELS = ['low', 'medium', 'elevated', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const LIKELIHOOD_LABELS = ['unlikely', 'likely', 'very likely', 'frequent'] as const;
export const IMPACT_LABELS = ['low', 'medium', 'high', 'very high'] as const;

export const THREAT_STATUSES = [
  'open',
  'in-discussion',
  'in-progress',
  'mitigated',
  'accepted',
  'transferred',
  'not-applicable',
] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

export const ORIGINS = ['catalog', 'llm', 'human'] as const;
export type Origin = (typeof ORIGINS)[number];
