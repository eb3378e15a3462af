/**
 * What can go wrong between aitm and an OpenAI-compatible provider, and how each failure is told
 * to the user. `classifyError` reads the openai SDK / LangChain / undici errors (status, provider
 * error body, errno codes in the cause chain); `providerError` turns what survived the retries into
 * a ProviderError (exit 4) whose one-line message names the host and what to check.
 */
import { ProviderError } from '../core/errors.js';

export type FailureKind =
  /** HTTP 429 (retried). */
  | 'rate-limit'
  /** HTTP 429 with code insufficient_quota: billing, not load (not retried). */
  | 'quota'
  /** HTTP 5xx. Retried for 500, 502, 503, 504 and 529 only. */
  | 'server'
  /** The attempt ran past its timeout, or the provider said 408 (retried). */
  | 'timeout'
  /** The connection broke (reset, hang-up, temporary DNS failure) (retried). */
  | 'network'
  /** Nothing listens there or the name does not resolve (not retried). */
  | 'unreachable'
  /** The TLS handshake failed (not retried). */
  | 'tls'
  /** HTTP 401 / 403. */
  | 'auth'
  /** HTTP 404, or any status with code model_not_found. */
  | 'not-found'
  /** HTTP 400 / 422 complaining about response_format / json_schema. */
  | 'response-format'
  /** HTTP 400 context_length_exceeded. */
  | 'context-length'
  /** Any other 4xx. */
  | 'bad-request'
  /** HTTP 2xx whose body is not a chat completion. */
  | 'bad-reply'
  | 'other';

export interface Failure {
  kind: FailureKind;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** Provider error code (e.g. "model_not_found") or system error code (e.g. "ECONNREFUSED"). */
  code?: string;
  /** What the provider or the system said, on one line and shortened; may be empty. */
  detail: string;
  /** From Retry-After / retry-after-ms, when the provider sent one. */
  retryAfterMs?: number;
  /** The original error. */
  error: unknown;
}

/** Thrown inside an attempt when a 2xx reply is not a chat completion we can read. */
export class BadReplyError extends Error {
  override readonly name = 'BadReplyError';
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);
const NETWORK = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const CONNECT_TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT']);
const TLS = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_)/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The error and its causes, outermost first (bounded, cycle-safe). */
function causeChain(error: unknown): Obj[] {
  const out: Obj[] = [];
  let current: unknown = error;
  while (isObj(current) && out.length < 8 && !out.includes(current)) {
    out.push(current);
    current = current.cause;
  }
  return out;
}

/** One line, at most `max` characters. */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function header(headers: unknown, name: string): string | undefined {
  if (!isObj(headers)) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as unknown as Headers).get(name);
    return v ?? undefined;
  }
  const v = headers[name] ?? headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Parses a Retry-After value: delta-seconds ("7", "1.5") or an HTTP date. Returns milliseconds
 * from `now`, never negative; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Retry-After hint of an HTTP error: `retry-after-ms` (OpenAI) first, then `retry-after`. */
export function retryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms.trim()));
  return parseRetryAfter(header(headers, 'retry-after'), now);
}

/** The provider's own message: the error body's message, else the error message minus SDK decoration. */
function detailOf(e: Obj): string {
  const body = e.error;
  if (isObj(body) && typeof body.message === 'string') return oneLine(body.message);
  if (typeof body === 'string' && body.trim() !== '') return oneLine(body);
  if (typeof e.message === 'string') {
    return oneLine(
      e.message
        .replace(/\n\nTroubleshooting URL:[\s\S]*$/, '')
        .replace(/^\d{3}\s+/, '')
        .replace(/^status code \(no body\)$/, ''),
    );
  }
  return '';
}

function providerCode(e: Obj): string | undefined {
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  const body = e.error;
  if (isObj(body) && typeof body.code === 'string' && body.code !== '') return body.code;
  if (isObj(body) && typeof body.type === 'string' && body.type !== '') return body.type;
  return undefined;
}

const SCHEMA_COMPLAINT = /response_format|json_schema|\bschema\b|structured output|strict/i;
const CONTEXT_COMPLAINT = /context_length_exceeded|maximum context length|context window|too many tokens|prompt is too long/i;
const MODEL_COMPLAINT = /model_not_found|\bmodel\b.*(not found|does not exist|not exist|unknown|not available|is not supported)/i;

/** Sorts any error thrown by an attempt into a Failure. */
export function classifyError(error: unknown, now: number = Date.now()): Failure {
  const chain = causeChain(error);
  const withStatus = chain.find((e) => typeof e.status === 'number');
  if (withStatus) {
    const status = withStatus.status as number;
    const code = providerCode(withStatus);
    const detail = detailOf(withStatus);
    const base = { status, detail, error, ...(code === undefined ? {} : { code }) };
    const retryAfter = retryAfterMs(withStatus.headers, now);
    const withRetryAfter = retryAfter === undefined ? base : { ...base, retryAfterMs: retryAfter };
    const param = isObj(withStatus.error) ? withStatus.error.param : undefined;
    if (code === 'model_not_found') return { kind: 'not-found', ...base };
    if (status === 401 || status === 403) return { kind: 'auth', ...base };
    if (status === 404) return { kind: 'not-found', ...base };
    if (status === 408) return { kind: 'timeout', ...withRetryAfter };
    if (status === 429) {
      if (code === 'insufficient_quota' || /insufficient_quota|exceeded your current quota/i.test(detail)) return { kind: 'quota', ...base };
      return { kind: 'rate-limit', ...withRetryAfter };
    }
    if (status >= 500) return { kind: 'server', ...withRetryAfter };
    if (status === 400 || status === 422) {
      if (code === 'context_length_exceeded' || CONTEXT_COMPLAINT.test(detail) || chain.some((e) => e.name === 'ContextOverflowError'))
        return { kind: 'context-length', ...base };
      if (param === 'response_format' || SCHEMA_COMPLAINT.test(detail)) return { kind: 'response-format', ...base };
      if (MODEL_COMPLAINT.test(detail)) return { kind: 'not-found', ...base };
    }
    return { kind: 'bad-request', ...base };
  }

  const first = chain[0];
  if (first instanceof BadReplyError) return { kind: 'bad-reply', detail: oneLine(first.message), error };

  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const code = codes.find((c) => UNREACHABLE.has(c) || NETWORK.has(c) || CONNECT_TIMEOUT.has(c) || TLS.test(c));
  const detail = oneLine(chain.map((e) => (typeof e.message === 'string' ? e.message : '')).find((m) => m !== '' && m !== 'Connection error.') ?? '');
  if (code !== undefined) {
    const kind: FailureKind = UNREACHABLE.has(code) ? 'unreachable' : CONNECT_TIMEOUT.has(code) ? 'timeout' : TLS.test(code) ? 'tls' : 'network';
    return { kind, code, detail, error };
  }
  if (chain.some((e) => e.name === 'TimeoutError' || e.constructor?.name === 'APIConnectionTimeoutError')) return { kind: 'timeout', detail, error };
  // The SDK's APIConnectionError (fetch failed) without a recognisable errno: a broken connection.
  if (chain.some((e) => e.constructor?.name === 'APIConnectionError' || (e.name === 'TypeError' && e.message === 'fetch failed')))
    return { kind: 'network', detail, error };
  return { kind: 'other', detail, error };
}

export interface ProviderContext {
  /** host[:port], as in Llm.provider. */
  host: string;
  model: string;
  /** HTTP attempts made, including the first. */
  attempts: number;
  timeoutMs: number;
  /** True when the base URL is not OpenAI's own: the hints then point at OPENAI_BASE_URL too. */
  customBaseUrl: boolean;
}

const times = (n: number): string => `${n} attempt${n === 1 ? '' : 's'}`;

/** Maps a failure that survived the retries to a ProviderError with a one-line message and a hint. */
export function providerError(failure: Failure, ctx: ProviderContext): ProviderError {
  const { host, model, attempts } = ctx;
  const said = failure.detail === '' ? '' : `: ${failure.detail}`;
  const http = (status = failure.status): string => `HTTP ${status ?? '?'}${said}`;
  const seconds = ctx.timeoutMs / 1000;
  const keyVars = ctx.customBaseUrl ? 'OPENAI_API_KEY and OPENAI_BASE_URL' : 'OPENAI_API_KEY';
  const make = (message: string, hint?: string): ProviderError =>
    new ProviderError(message, { cause: failure.error, ...(hint === undefined ? {} : { hint }) });

  switch (failure.kind) {
    case 'auth':
      return failure.status === 403
        ? make(`${host} refused access (${http()}); check ${keyVars}`, `The key may lack access to model '${model}' or to this project.`)
        : make(`${host} rejected the API key (${http()}); check ${keyVars}`, ctx.customBaseUrl ? `Is OPENAI_BASE_URL the provider this key belongs to?` : undefined);
    case 'not-found':
      return make(
        `model '${model}' is not available at ${host} (${http()})`,
        ctx.customBaseUrl
          ? `Pass --model with a model this server serves, and check the path in OPENAI_BASE_URL (it usually ends in /v1).`
          : `Pass --model with a model your account can use, e.g. --model gpt-4o-mini.`,
      );
    case 'quota':
      return make(`${host} says the account is out of quota (${http()}); check billing for OPENAI_API_KEY`, 'Not retried: waiting does not help until the quota is raised.');
    case 'rate-limit':
      return make(`${host} rate-limited the request after ${times(attempts)} (${http()})`, 'Wait a minute and run again, or check the rate limits of the account.');
    case 'server':
      return make(`provider error at ${host} after ${times(attempts)} (${http()})`, 'The provider is having trouble; try again later.');
    case 'timeout':
      return make(
        `${host} timed out after ${times(attempts)} of ${seconds} s each`,
        `The model may be slow or overloaded; try again later or use a faster model${ctx.customBaseUrl ? ', and check OPENAI_BASE_URL' : ''}.`,
      );
    case 'network':
      return make(`the connection to ${host} failed after ${times(attempts)}${failure.code ? ` (${failure.code})` : said}`, 'Check the network connection and any proxy.');
    case 'unreachable':
      return make(
        `cannot reach ${host}${failure.code ? ` (${failure.code})` : ''}; check ${ctx.customBaseUrl ? 'OPENAI_BASE_URL' : 'the network connection (or set OPENAI_BASE_URL)'}`,
        ctx.customBaseUrl ? 'Is the server running, and is the host and port in OPENAI_BASE_URL right?' : 'Check the network connection, DNS and any proxy.',
      );
    case 'tls':
      return make(`TLS certificate problem with ${host} (${failure.code ?? 'TLS'})`, 'If a proxy re-signs HTTPS traffic, point NODE_EXTRA_CA_CERTS at its CA certificate.');
    case 'response-format':
      return make(
        `${host} rejected the response format (${http()})`,
        `The server may not support strict json_schema structured output for model '${model}'; see README "Providers".`,
      );
    case 'context-length':
      return make(`the prompt is too long for model '${model}' at ${host} (${http()})`, 'Use a model with a larger context window, or pass fewer or shorter documents.');
    case 'bad-request':
      return make(`${host} rejected the request (${http()})`, `Check --model${ctx.customBaseUrl ? ' and OPENAI_BASE_URL' : ''}.`);
    case 'bad-reply':
      return make(`${host} sent a reply that is not a chat completion${said}`, 'Is OPENAI_BASE_URL an OpenAI-compatible endpoint (usually ending in /v1)?');
    case 'other':
      return make(`unexpected failure talking to ${host}${said}`);
  }
}
