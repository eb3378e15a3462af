import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { SourceDocument } from '../core/extract/document.js';
import { buildOfflineThreatModel } from '../core/pipeline.js';
import { renderMarkdown } from '../core/render/markdown.js';
import type { SystemModel } from '../core/system.js';
import type { ThreatModel } from '../core/threat.js';
import { RISK_LEVELS } from '../core/vocabulary.js';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../kb/load.js';
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

export async function runBatch(paths: string[], options: BatchOptions): Promise<void> {
  const started = performance.now();
  const date = resolveDate(options.date, process.env, new Date());
  const outputPath = resolve(options.output);
  const jsonToStdout = options.json === '-';
  const jsonPath = options.json !== undefined && !jsonToStdout ? resolve(options.json) : undefined;
  if (jsonPath === outputPath) throw new UsageError('--json and --output name the same file');

  // Refuse early, before any work, when an output must not be overwritten.
  checkOverwrite(outputPath, options.output, options.force === true);
  if (jsonPath) checkJsonOverwrite(jsonPath, options.json!, options.force === true);

  const files = await expandPaths(paths);
  // Never read our own output back in as an architecture doc.
  const inputs = files
    .filter((f) => f !== outputPath && f !== jsonPath && !f.endsWith(`/${DEFAULT_TRIAGE_FILE}`))
    .map((f) => readDocument(f));
  const { prose, declared } = classify(inputs);
  const kb = loadKnowledgeBase(options.kb ?? defaultKnowledgeDir());
  const hasKey = (process.env.OPENAI_API_KEY ?? '') !== '';
  if (!options.offline) {
    log(
      options,
      hasKey
        ? 'aitm: LLM brainstorming is not available in this build; running offline (knowledge-base rules only).'
        : 'aitm: no OPENAI_API_KEY set; running offline (knowledge-base rules only).',
    );
  }

  const triagePath = resolve(options.triage ?? join(dirname(outputPath), DEFAULT_TRIAGE_FILE));
  const triageLabel = relative(process.cwd(), triagePath) || triagePath;
  const triage = readTriageFile(triagePath, triageLabel);
  if (options.triage !== undefined && !triage) throw new UsageError(`no such triage file: ${options.triage}`);

  const model = buildOfflineThreatModel({
    docs: prose,
    declared,
    entries: kb.entries,
    registry: kb.registry,
    provenance: {
      generator: 'aitm',
      version: VERSION,
      date,
      knowledge_base: { entries: kb.entries.length, sha256: kb.sha256 },
      inputs: inputs.map((i) => ({ file: i.file, sha256: i.sha256 })),
    },
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(triage ? { triage: { file: triageLabel, data: triage } } : {}),
  });

  const writes: PendingWrite[] = [{ path: outputPath, content: renderMarkdown(model), label: options.output }];
  const json = `${JSON.stringify(model, null, 2)}\n`;
  if (jsonPath) writes.push({ path: jsonPath, content: json, label: options.json! });
  writeAllAtomically(writes);
  if (jsonToStdout) process.stdout.write(json);

  const ms = Math.round(performance.now() - started);
  log(options, `aitm: wrote ${options.output}${jsonPath ? ` and ${options.json}` : ''}: ${summaryLine(model)}, from ${inputs.length} document(s) in ${ms} ms.`);
}
