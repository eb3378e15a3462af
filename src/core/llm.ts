/**
 * The port through which the engine talks to a language model. The engine builds the messages and
 * the JSON Schema; the adapter (src/llm) sends them, owns retries, timeouts, caching and the
 * mapping of provider errors. Provider faults that survive the retries are thrown as ProviderError
 * (exit 4); cancellation as CancelledError (exit 130). Anything the model itself got wrong is a
 * reply, not an exception, so the engine can count it, repair it or drop it.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmCall {
  /** Prompt name, e.g. "brainstorm"; used in reports and in the cache key. */
  task: string;
  /** sha256 of the prompt template, so a changed prompt never reuses a cached reply. */
  promptHash: string;
  messages: ChatMessage[];
  /** Name of the response format (letters, digits, _ and -). */
  schemaName: string;
  /** JSON Schema sent as a strict `response_format`; inside the portable strict subset. */
  jsonSchema: Record<string, unknown>;
}

export interface Usage {
  input: number;
  output: number;
}

interface ReplyBase {
  usage: Usage;
  /** True when the reply came from the on-disk cache: no call was made and nothing was paid. */
  cached: boolean;
}

export type LlmReply =
  | (ReplyBase & { kind: 'json'; value: unknown })
  | (ReplyBase & { kind: 'refusal'; message: string })
  | (ReplyBase & { kind: 'truncated' })
  | (ReplyBase & { kind: 'invalid-json'; text: string });

export interface Llm {
  /** The model name as configured, e.g. "gpt-4o-mini". */
  readonly model: string;
  /** The provider host, e.g. "api.openai.com" or "localhost:11434". */
  readonly provider: string;
  complete(call: LlmCall, signal?: AbortSignal): Promise<LlmReply>;
}
