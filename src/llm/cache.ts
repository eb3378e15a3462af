/**
 * An on-disk reply cache in front of another Llm. A hit returns the stored reply with
 * `cached: true` and makes no call. Only replies of kind 'json' are stored: a refusal, a truncated
 * or a non-JSON answer is worth another try on the next run, and the engine's repair round sends
 * different messages anyway. Writes are atomic (temp file + rename); an unreadable or corrupt entry
 * is a miss and is overwritten; a failed write is counted, never thrown.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError } from '../core/errors.js';
import type { Llm, LlmCall, LlmReply } from '../core/llm.js';

/** Bumped when the key or the entry format changes, so old entries simply miss. */
export const CACHE_VERSION = 1;

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries written. */
  writes: number;
  /** Entries that could not be written (the run goes on without them). */
  writeErrors: number;
}

type JsonReply = Extract<LlmReply, { kind: 'json' }>;

interface CacheEntry {
  version: number;
  key: string;
  model: string;
  provider: string;
  task: string;
  schemaName: string;
  savedAt: string;
  reply: { kind: 'json'; value: unknown; usage: { input: number; output: number } };
}

/** JSON with object keys sorted at every level, so key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * The cache key: sha256 of {model, provider, task, promptHash, messages, schemaName, jsonSchema}
 * (plus the cache version). The provider is in the key because the same model name at two hosts
 * (OpenAI vs a gateway, two Ollama boxes with different quantisations) is not the same model.
 */
export function cacheKey(model: string, provider: string, call: LlmCall): string {
  const material = {
    v: CACHE_VERSION,
    model,
    provider,
    task: call.task,
    promptHash: call.promptHash,
    messages: call.messages.map((m) => ({ role: m.role, content: m.content })),
    schemaName: call.schemaName,
    jsonSchema: call.jsonSchema,
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function readEntry(text: string, key: string): JsonReply | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Partial<CacheEntry>;
  if (e.version !== CACHE_VERSION || e.key !== key) return undefined;
  const r = e.reply;
  if (typeof r !== 'object' || r === null || r.kind !== 'json' || !('value' in r)) return undefined;
  if (typeof r.usage !== 'object' || r.usage === null || !isCount(r.usage.input) || !isCount(r.usage.output)) return undefined;
  return { kind: 'json', value: r.value, usage: { input: r.usage.input, output: r.usage.output }, cached: true };
}

export class CachedLlm implements Llm {
  private readonly counts: CacheStats = { hits: 0, misses: 0, writes: 0, writeErrors: 0 };

  /** `dir` is created on the first write. */
  constructor(
    private readonly inner: Llm,
    readonly dir: string,
  ) {}

  get model(): string {
    return this.inner.model;
  }

  get provider(): string {
    return this.inner.provider;
  }

  /** The file an entry for this call lives in. */
  pathFor(call: LlmCall): string {
    return join(this.dir, `${cacheKey(this.model, this.provider, call)}.json`);
  }

  async complete(call: LlmCall, signal?: AbortSignal): Promise<LlmReply> {
    if (signal?.aborted) throw new CancelledError();
    const key = cacheKey(this.model, this.provider, call);
    const file = join(this.dir, `${key}.json`);
    const hit = await readFile(file, 'utf8').then(
      (text) => readEntry(text, key),
      () => undefined,
    );
    if (hit) {
      this.counts.hits++;
      return hit;
    }
    this.counts.misses++;
    const reply = await this.inner.complete(call, signal);
    if (reply.kind === 'json' && !reply.cached) await this.write(file, key, call, reply);
    return reply;
  }

  /** Hits, misses and writes so far (a copy). */
  stats(): CacheStats {
    return { ...this.counts };
  }

  private async write(file: string, key: string, call: LlmCall, reply: JsonReply): Promise<void> {
    const entry: CacheEntry = {
      version: CACHE_VERSION,
      key,
      model: this.model,
      provider: this.provider,
      task: call.task,
      schemaName: call.schemaName,
      savedAt: new Date().toISOString(),
      reply: { kind: 'json', value: reply.value, usage: { input: reply.usage.input, output: reply.usage.output } },
    };
    const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, `${JSON.stringify(entry)}\n`, 'utf8');
      await rename(temp, file);
      this.counts.writes++;
    } catch {
      this.counts.writeErrors++;
      await unlink(temp).catch(() => undefined);
    }
  }
}
