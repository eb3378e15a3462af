/**
 * The Llm port over any OpenAI-compatible Chat Completions endpoint, through LangChain.
 *
 * How the raw reply is read (see test/llm/langchain-behaviour.test.ts for the evidence):
 * a `response_format: {type: 'json_schema'}` call makes LangChain call the openai SDK's
 * `chat.completions.parse()`, which throws on finish_reason "length" (LengthFinishReasonError) and
 * "content_filter", and JSON.parse-s the content (SyntaxError on non-JSON), before LangChain sees
 * the reply: text and usage are lost. LangChain also drops `message.refusal` from the AIMessage.
 * withStructuredOutput(plain JSON schema, {includeRaw}) goes through the same call, so it throws
 * the same way. So each attempt gives the SDK a fetch that keeps a copy of the 2xx body, and the
 * reply is read from that copy whatever the SDK then does with it. HTTP errors, timeouts and
 * connection failures still come out of the SDK as its typed errors, which retry.ts and errors.ts
 * read. LangChain's and the SDK's own retries are off (maxRetries: 0): withRetry owns them.
 *
 * The model class is ChatOpenAICompletions, the Chat Completions half that ChatOpenAI delegates to:
 * ChatOpenAI itself switches to the Responses API for model names containing "codex" or
 * "gpt-5.x-pro", which OpenAI-compatible servers do not speak and whose reply this adapter does not read.
 */
import { ChatOpenAICompletions } from '@langchain/openai';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { UsageError } from '../core/errors.js';
import type { ChatMessage, Llm, LlmCall, LlmReply, Usage } from '../core/llm.js';
import { BadReplyError, providerError } from './errors.js';
import { AttemptsFailed, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, withRetry, type RetryEvent, type RetryPolicy, type Sleep } from './retry.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_HOST = 'api.openai.com';

export interface OpenAiLlmOptions {
  /** Must be non-empty; local servers accept any string. */
  apiKey: string;
  /** An OpenAI-compatible base URL, e.g. http://localhost:11434/v1. Default: OpenAI. */
  baseURL?: string | undefined;
  model: string;
  /** Not sent when undefined (the server's default applies). */
  temperature?: number | undefined;
  /** Per-attempt timeout. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Default { retries: 4, baseMs: 500, maxMs: 20 000 }. */
  retry?: Partial<RetryPolicy> | undefined;
  /** Injectable wait (tests pass a no-op). */
  sleep?: Sleep | undefined;
  /** Injectable jitter in [0, 1). */
  random?: (() => number) | undefined;
  /** Told before each retry wait, e.g. to print "rate limited, retrying in 2 s". */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** host[:port] of a base URL ("api.openai.com" when none); the Llm.provider value. */
export function providerHost(baseURL?: string): string {
  if (baseURL === undefined || baseURL.trim() === '') return OPENAI_HOST;
  try {
    return new URL(baseURL.trim()).host || baseURL.trim();
  } catch {
    return baseURL.trim();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A reply before the cache flag is set. */
export type Reply = DistributiveOmit<LlmReply, 'cached'>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Content as text: a string, or the text parts of a content array (some compatible servers). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : typeof p === 'string' ? p : '')).join('');
  return '';
}

/**
 * Reads a raw Chat Completions body into a reply: refusal, truncated (finish_reason length),
 * json (content parses) or invalid-json. Throws BadReplyError when it is not a chat completion.
 */
export function readCompletion(body: unknown): Reply {
  if (!isObj(body)) throw new BadReplyError('the body is not a JSON object');
  if (isObj(body.error)) throw new BadReplyError(typeof body.error.message === 'string' ? body.error.message : 'an error object with status 200');
  const choices = body.choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new BadReplyError('the reply has no choices');
  const choice: unknown = choices[0];
  if (!isObj(choice)) throw new BadReplyError('the first choice is not an object');
  const message = isObj(choice.message) ? choice.message : {};
  const usageBody = isObj(body.usage) ? body.usage : {};
  const usage: Usage = { input: count(usageBody.prompt_tokens), output: count(usageBody.completion_tokens) };

  if (typeof message.refusal === 'string' && message.refusal.trim() !== '') return { kind: 'refusal', message: message.refusal, usage };
  if (choice.finish_reason === 'length') return { kind: 'truncated', usage };
  if (choice.finish_reason === 'content_filter') return { kind: 'refusal', message: "stopped by the provider's content filter", usage };
  const text = contentText(message.content);
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown, usage };
  } catch {
    return { kind: 'invalid-json', text, usage };
  }
}

function toLangChain(message: ChatMessage): BaseMessage {
  switch (message.role) {
    case 'system':
      return new SystemMessage(message.content);
    case 'user':
      return new HumanMessage(message.content);
    case 'assistant':
      return new AIMessage(message.content);
  }
}

/** A fetch that keeps a copy of the last 2xx response, so the body can be read after the SDK is done. */
function capturingFetch(slot: { response?: Response }): typeof fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (response.ok) slot.response = response.clone();
    return response;
  };
}

export class OpenAiLlm implements Llm {
  readonly model: string;
  readonly provider: string;
  private readonly baseURL: string;
  private readonly customBaseUrl: boolean;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: OpenAiLlmOptions) {
    if (options.apiKey.trim() === '')
      throw new UsageError('no API key for the model provider', 'Set OPENAI_API_KEY (local OpenAI-compatible servers accept any non-empty value).');
    if (options.model.trim() === '') throw new UsageError('no model name', 'Pass --model, e.g. --model gpt-4o-mini.');
    const base = options.baseURL?.trim();
    this.customBaseUrl = base !== undefined && base !== '';
    this.baseURL = this.customBaseUrl ? (base as string) : OPENAI_BASE_URL;
    this.model = options.model;
    this.provider = providerHost(this.baseURL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** The retry policy in force (defaults filled in). */
  get retryPolicy(): Readonly<RetryPolicy> {
    return this.policy;
  }

  async complete(call: LlmCall, signal?: AbortSignal): Promise<LlmReply> {
    const messages = call.messages.map(toLangChain);
    const responseFormat = {
      type: 'json_schema' as const,
      json_schema: { name: call.schemaName, strict: true as const, schema: call.jsonSchema },
    };
    try {
      const reply = await withRetry((attemptSignal) => this.attempt(messages, responseFormat, attemptSignal), {
        policy: this.policy,
        timeoutMs: this.timeoutMs,
        signal,
        ...(this.options.sleep === undefined ? {} : { sleep: this.options.sleep }),
        ...(this.options.random === undefined ? {} : { random: this.options.random }),
        ...(this.options.onRetry === undefined ? {} : { onRetry: this.options.onRetry }),
      });
      return { ...reply, cached: false };
    } catch (error) {
      if (error instanceof AttemptsFailed)
        throw providerError(error.failure, {
          host: this.provider,
          model: this.model,
          attempts: error.attempts,
          timeoutMs: this.timeoutMs,
          customBaseUrl: this.customBaseUrl,
        });
      throw error;
    }
  }

  private async attempt(
    messages: BaseMessage[],
    responseFormat: { type: 'json_schema'; json_schema: { name: string; strict: true; schema: Record<string, unknown> } },
    signal: AbortSignal,
  ): Promise<Reply> {
    const slot: { response?: Response } = {};
    // One client per attempt (about 40 µs) so the captured body belongs to this attempt alone.
    const chat = new ChatOpenAICompletions({
      apiKey: this.options.apiKey,
      model: this.model,
      maxRetries: 0,
      ...(this.options.temperature === undefined ? {} : { temperature: this.options.temperature }),
      configuration: { baseURL: this.baseURL, fetch: capturingFetch(slot), maxRetries: 0 },
    });
    try {
      await chat.invoke(messages, { signal, response_format: responseFormat });
    } catch (error) {
      // Errors after a 2xx body (length, content filter, non-JSON content) are read from the body.
      if (slot.response === undefined || signal.aborted) throw error;
    }
    if (slot.response === undefined) throw new BadReplyError('no response body');
    const text = await slot.response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadReplyError(`the body is not JSON: ${text.slice(0, 80)}`);
    }
    return readCompletion(body);
  }
}
