import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { CancelledError, UsageError } from '../core/errors.js';
import type { Llm } from '../core/llm.js';
import { redactSecrets } from '../core/redact.js';
import type { SourceDocument } from '../core/read/source.js';
import { buildLlmThreatModel, buildOfflineThreatModel } from '../core/pipeline.js';
import { renderMarkdownChunks } from '../core/render/markdown.js';
import type { SystemModel } from '../core/system.js';
import type { ThreatModel } from '../core/threat.js';
import { RISK_LEVELS } from '../core/vocabulary.js';
import { KnowledgeIndex } from '../kb/index.js';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../kb/load.js';
import { readConfig, DEFAULTS, type Config } from '../io/config.js';
import { loadPrompt } from '../io/prompts.js';
import type { RetryEvent } from '../llm/retry.js';
import { expandPaths, extensionOf, readDocument, type InputDocument } from '../io/read-docs.js';
import { readSystemFile } from '../io/system-file.js';
import { readTriageFile } from '../io/triage-file.js';
import { checkJsonOverwrite, checkOverwrite, writeAllAtomically, type PendingWrite } from '../io/write.js';
import { VERSION } from './version.js';

export interface BatchOptions {
  output: string;
  json?: string;
  offline?: boolean;
  date?: string;
  name?: string;
  force?: boolean;
  kb?: string;
  quiet?: boolean;
  triage?: string;
  model?: string;
  temperature?: string;
  concurrency?: string;
  maxCalls?: string;
  maxTokens?: string;
  cache?: boolean;
  dryRun?: boolean;
  config?: string;
}

/** The triage file sits next to the threat model unless --triage names another. */
export const DEFAULT_TRIAGE_FILE = 'aitm-triage.yaml';

/** The document date: --date, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC). */
export function resolveDate(option: string | undefined, env: NodeJS.ProcessEnv, now: Date): string {
  if (option !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(option);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!d || d.toISOString().slice(0, 10) !== option) throw new UsageError(`--date must be a real date as YYYY-MM-DD, got "${option}"`);
    return option;
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`);
    return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  }
  return now.toISOString().slice(0, 10);
}

function log(options: BatchOptions, line: string): void {
  if (!options.quiet) process.stderr.write(`${line}\n`);
}

/** Splits inputs into prose documents and declared system files. */
function classify(docs: InputDocument[]): { prose: SourceDocument[]; declared: SystemModel[] } {
  const prose: SourceDocument[] = [];
  const declared: SystemModel[] = [];
  for (const d of docs) {
    const ext = extensionOf(d.file);
    if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
      const system = readSystemFile(d.file, d.text);
      if (system) {
        declared.push(system);
        continue;
      }
    }
    prose.push({ file: d.file, text: d.text });
  }
  return { prose, declared };
}

function summaryLine(model: ThreatModel): string {
  const counts = [...RISK_LEVELS]
    .reverse()
    .map((r) => [r, model.threats.filter((t) => t.risk === r).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n} ${r}`);
  return `${model.threats.length} threats${counts.length ? ` (${counts.join(', ')})` : ''} across ${model.system.components.length} components`;
}

interface LlmSettings {
  model: string;
  baseURL: string | undefined;
  temperature: number;
  concurrency: number;
  timeoutSeconds: number;
  retries: number;
  maxCalls: number | undefined;
  maxTokens: number | undefined;
  topK: number;
  maxThreatsPerCategory: number;
  cacheDir: string;
  price: { input: number; output: number } | undefined;
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}

/** Flags win over the environment, which wins over the config file, which wins over the defaults. */
export function llmSettings(options: BatchOptions, config: Config, env: NodeJS.ProcessEnv): LlmSettings {
  const temperature = options.temperature === undefined ? undefined : Number(options.temperature);
  if (temperature !== undefined && (!Number.isFinite(temperature) || temperature < 0 || temperature > 2))
    throw new UsageError(`--temperature must be a number from 0 to 2, got "${options.temperature}"`);
  const model = options.model ?? env.AITM_MODEL ?? config.model ?? DEFAULTS.model;
  const prices = { ...DEFAULTS.prices, ...(config.prices ?? {}) };
  const baseURL = (env.OPENAI_BASE_URL ?? '') !== '' ? env.OPENAI_BASE_URL : config.baseURL;
  return {
    model,
    baseURL,
    temperature: temperature ?? config.temperature ?? DEFAULTS.temperature,
    concurrency: positiveInt('--concurrency', options.concurrency) ?? config.concurrency ?? DEFAULTS.concurrency,
    timeoutSeconds: config.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
    retries: config.retries ?? DEFAULTS.retries,
    maxCalls: positiveInt('--max-calls', options.maxCalls) ?? config.maxCalls,
    maxTokens: positiveInt('--max-tokens', options.maxTokens) ?? config.maxTokens,
    topK: config.topK ?? DEFAULTS.topK,
    maxThreatsPerCategory: config.maxThreatsPerCategory ?? DEFAULTS.maxThreatsPerCategory,
    cacheDir: resolve(config.cacheDir ?? env.AITM_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aitm', 'llm')),
    price: prices[model],
  };
}

function formatRetry(e: RetryEvent): string {
  return `${e.failure.kind} on attempt ${e.attempt}; retrying in ${(e.delayMs / 1000).toFixed(1)} s`;
}

function usageLine(model: ThreatModel): string | undefined {
  const u = model.validation.usage;
  if (!u) return undefined;
  const cost = u.cost_usd === null ? 'cost unknown (no price configured for this model)' : `≈ $${u.cost_usd.toFixed(4)}`;
  return `aitm: ${u.calls} LLM call(s)${u.cache_hits ? ` + ${u.cache_hits} from the cache` : ''}, ${u.input_tokens} prompt + ${u.output_tokens} completion tokens, ${cost}; ${model.validation.accepted + model.validation.repaired} model threat(s) accepted (${model.validation.repaired} after repair), ${model.validation.rejected} rejected.${u.partial ? ' PARTIAL: a budget cap stopped the run.' : ''}`;
}

export async function runBatch(paths: string[], options: BatchOptions): Promise<void> {
  const started = performance.now();
  const date = resolveDate(options.date, process.env, new Date());
  const outputPath = resolve(options.output);
  const jsonToStdout = options.json === '-';
  const jsonPath = options.json !== undefined && !jsonToStdout ? resolve(options.json) : undefined;
  if (jsonPath === outputPath) throw new UsageError('--json and --output name the same file');
  if (options.dryRun && options.offline) throw new UsageError('--dry-run shows what would be sent to a model; it cannot be combined with --offline');

  // Refuse early, before any work, when an output must not be overwritten.
  if (!options.dryRun) {
    checkOverwrite(outputPath, options.output, options.force === true);
    if (jsonPath) checkJsonOverwrite(jsonPath, options.json!, options.force === true);
  }
  const { config } = readConfig(options.config);

  const files = await expandPaths(paths);
  // Never read our own output back in as an architecture doc.
  const read = files
    .filter((f) => f !== outputPath && f !== jsonPath && !f.endsWith(`/${DEFAULT_TRIAGE_FILE}`))
    .map((f) => readDocument(f));
  // Secrets are removed before anything else sees the text: the model, and the committed document.
  const redaction = redactSecrets(read.map((d) => ({ file: d.file, text: d.text })));
  const inputs = read.map((d, i) => ({ ...d, text: redaction.docs[i]!.text }));
  const { prose, declared } = classify(inputs);
  const kb = loadKnowledgeBase(options.kb ?? defaultKnowledgeDir());

  const triagePath = resolve(options.triage ?? join(dirname(outputPath), DEFAULT_TRIAGE_FILE));
  const triageLabel = relative(process.cwd(), triagePath) || triagePath;
  const triage = readTriageFile(triagePath, triageLabel);
  if (options.triage !== undefined && !triage) throw new UsageError(`no such triage file: ${options.triage}`);

  const base = {
    docs: prose,
    declared,
    entries: kb.entries,
    registry: kb.registry,
    technologies: kb.technologies,
    provenance: {
      generator: 'aitm' as const,
      version: VERSION,
      date,
      knowledge_base: { entries: kb.entries.length, sha256: kb.sha256 },
      inputs: inputs.map((i) => ({ file: i.file, sha256: i.sha256 })),
    },
    findings: redaction.findings,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(triage ? { triage: { file: triageLabel, data: triage } } : {}),
  };

  const apiKey = process.env.OPENAI_API_KEY ?? '';
  const settings = llmSettings(options, config, process.env);
  const online = !options.offline && (options.dryRun || apiKey !== '' || settings.baseURL !== undefined);
  if (redaction.count > 0) log(options, `aitm: redacted ${redaction.count} secret(s) from the documents before processing (see the validation report).`);

  let model: ThreatModel;
  if (!online) {
    if (!options.offline) log(options, 'aitm: no OPENAI_API_KEY set; running offline (knowledge-base rules only).');
    model = buildOfflineThreatModel(base);
  } else {
    // The LLM adapter (LangChain) loads only when a model is used: offline runs never pay for it.
    const [{ CachedLlm }, { DryRunLlm }, { OpenAiLlm, providerHost }] = await Promise.all([
      import('../llm/cache.js'),
      import('../llm/dry-run.js'),
      import('../llm/openai-llm.js'),
    ]);
    const provider = providerHost(settings.baseURL);
    const index = new KnowledgeIndex(kb);
    const dry = options.dryRun ? new DryRunLlm(settings.model, provider) : undefined;
    const real = dry
      ? undefined
      : new OpenAiLlm({
          // Local OpenAI-compatible servers need no key, but the client needs a non-empty one.
          apiKey: apiKey || 'not-needed',
          baseURL: settings.baseURL,
          model: settings.model,
          temperature: settings.temperature,
          timeoutMs: settings.timeoutSeconds * 1000,
          retry: { retries: settings.retries },
          onRetry: (e) => log(options, `aitm: ${formatRetry(e)}`),
        });
    const llm: Llm = dry ?? (options.cache === false ? real! : new CachedLlm(real!, settings.cacheDir));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    if (!dry) log(options, `aitm: using ${settings.model} at ${provider}${options.cache === false ? ' (cache off)' : ''}.`);
    try {
      model = await buildLlmThreatModel({
        ...base,
        llm,
        kb: index,
        prompts: { extract: loadPrompt('extract-system'), brainstorm: loadPrompt('brainstorm'), repair: loadPrompt('repair') },
        budget: {
          ...(settings.maxCalls === undefined ? {} : { maxCalls: settings.maxCalls }),
          ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
        },
        concurrency: settings.concurrency,
        topK: settings.topK,
        maxThreatsPerCategory: settings.maxThreatsPerCategory,
        ...(settings.price ? { price: settings.price } : {}),
        signal: controller.signal,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    if (controller.signal.aborted) throw new CancelledError('cancelled; nothing was written');
    if (dry) {
      process.stdout.write(dry.report());
      return;
    }
  }

  // A thin or AI-less reading is written, with a banner in the document and a warning here.
  for (const w of model.reading.warnings) process.stderr.write(`aitm: warning: ${w}.\n`);
  const writes: PendingWrite[] = [{ path: outputPath, content: renderMarkdownChunks(model), label: options.output }];
  // The JSON model is built only when someone asks for it: at a thousand documents it is larger than the Markdown.
  const json = jsonPath || jsonToStdout ? `${JSON.stringify(model, null, 2)}\n` : undefined;
  if (jsonPath) writes.push({ path: jsonPath, content: json!, label: options.json! });
  writeAllAtomically(writes);
  if (jsonToStdout) process.stdout.write(json!);

  const usage = usageLine(model);
  if (usage) log(options, usage);
  const ms = Math.round(performance.now() - started);
  log(options, `aitm: wrote ${options.output}${jsonPath ? ` and ${options.json}` : ''}: ${summaryLine(model)}, from ${inputs.length} document(s) in ${ms} ms.`);
}
