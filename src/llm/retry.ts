/**
 * Retries for provider calls: exponential backoff with full jitter on 429, 500/502/503/504/529,
 * timeouts and broken connections; Retry-After honoured (capped at maxMs); everything else fails at
 * once. Each attempt gets its own timeout, combined with the caller's signal. The caller's abort is
 * a CancelledError at once, never retried.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from '../core/errors.js';
import { classifyError, type Failure } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt: at most retries + 1 HTTP calls. */
  retries: number;
  /** Ceiling of the first backoff; it doubles with each retry. */
  baseMs: number;
  /** Ceiling of any backoff, including one asked for by Retry-After. */
  maxMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { retries: 4, baseMs: 500, maxMs: 20_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Waits `ms`; rejects when `signal` aborts. Injectable so tests run without waiting. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
};

const RETRYABLE_STATUS = new Set([500, 502, 503, 504, 529]);

/** True for failures worth another attempt: rate limits, transient server errors, timeouts, broken connections. */
export function isRetryable(failure: Failure): boolean {
  switch (failure.kind) {
    case 'rate-limit':
    case 'timeout':
    case 'network':
      return true;
    case 'server':
      return failure.status !== undefined && RETRYABLE_STATUS.has(failure.status);
    default:
      return false;
  }
}

/**
 * The wait before retry number `retry` (1 for the first retry): the provider's Retry-After when it
 * sent one, else full jitter, random() × min(maxMs, baseMs × 2^(retry-1)). Always ≤ maxMs.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(0, Math.min(policy.maxMs, retryAfterMs));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(Math.min(1, Math.max(0, random())) * ceiling);
}

/** What survived the retries: the last failure and how many attempts were made. */
export class AttemptsFailed extends Error {
  override readonly name = 'AttemptsFailed';
  constructor(
    readonly failure: Failure,
    readonly attempts: number,
  ) {
    super(`${failure.kind} after ${attempts} attempt(s)${failure.detail ? `: ${failure.detail}` : ''}`, { cause: failure.error });
  }
}

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The wait before the next attempt. */
  delayMs: number;
  failure: Failure;
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** The caller's signal: its abort is a CancelledError, at once and never retried. */
  signal?: AbortSignal | undefined;
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Called before each wait; for progress output. */
  onRetry?: (event: RetryEvent) => void;
  /** Clock for HTTP-date Retry-After values. */
  now?: () => number;
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs `attempt` until it succeeds, a failure is not retryable, or the retries are spent; then
 * throws AttemptsFailed. `attempt` receives a signal that aborts on the per-attempt timeout or the
 * caller's abort, and the attempt number (1-based). The caller's abort throws CancelledError.
 */
export async function withRetry<T>(attempt: (signal: AbortSignal, n: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const caller = options.signal;

  for (let n = 1; ; n++) {
    if (caller?.aborted) throw new CancelledError();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = caller === undefined ? timeout : AbortSignal.any([caller, timeout]);
    let failure: Failure;
    try {
      return await raceSignal(attempt(signal, n), signal);
    } catch (error) {
      if (caller?.aborted || error instanceof CancelledError) throw new CancelledError();
      failure = timeout.aborted ? { kind: 'timeout', detail: `no reply within ${timeoutMs / 1000} s`, error } : classifyError(error, now());
    }
    if (!isRetryable(failure) || n > policy.retries) throw new AttemptsFailed(failure, n);
    const delayMs = backoffMs(n, policy, random, failure.retryAfterMs);
    options.onRetry?.({ attempt: n, delayMs, failure });
    try {
      await sleep(delayMs, caller);
    } catch (error) {
      if (caller?.aborted) throw new CancelledError();
      throw error;
    }
  }
}
