import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.js';
import { classifyError, parseRetryAfter, providerError, type Failure } from '../../src/llm/errors.js';
import { AttemptsFailed, backoffMs, DEFAULT_RETRY_POLICY, isRetryable, withRetry } from '../../src/llm/retry.js';
import { thrown } from './llm-helpers.js';

const httpError = (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${status} status code`), { status, error: body, headers: new Headers(headers) });

const noSleep = async () => {};

describe('backoffMs', () => {
  const policy = { retries: 4, baseMs: 500, maxMs: 20_000 };
  it('is full jitter over a doubling ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy, () => 0.999999))).toEqual([499, 999, 1999, 3999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });
  it('never exceeds maxMs', () => {
    expect(backoffMs(20, policy, () => 0.999999)).toBeLessThanOrEqual(20_000);
  });
  it('uses Retry-After when given, capped at maxMs', () => {
    expect(backoffMs(1, policy, () => 0.5, 7000)).toBe(7000);
    expect(backoffMs(1, policy, () => 0.5, 90_000)).toBe(20_000);
    expect(backoffMs(1, policy, () => 0.5, 0)).toBe(0);
  });
  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 4, baseMs: 500, maxMs: 20_000 });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('an HTTP-date Retry-After on a 503 becomes the wait', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetry(
      async () => {
        if (n++ === 0) throw httpError(503, {}, { 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' });
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), now: () => now },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([4000]);
  });
  it('retry-after-ms wins over retry-after', () => {
    expect(classifyError(httpError(429, {}, { 'retry-after-ms': '250', 'retry-after': '9' })).retryAfterMs).toBe(250);
  });
});

describe('what is retried', () => {
  const kinds = (status: number): boolean => isRetryable(classifyError(httpError(status)));
  it('429 and 500, 502, 503, 504, 529', () => {
    for (const s of [429, 500, 502, 503, 504, 529]) expect(kinds(s), String(s)).toBe(true);
  });
  it('not 400, 401, 403, 404, 422, 501', () => {
    for (const s of [400, 401, 403, 404, 422, 501]) expect(kinds(s), String(s)).toBe(false);
  });
  it('timeouts and broken connections, not refused connections or TLS failures', () => {
    const net = (code: string) => Object.assign(new Error('Connection error.'), { cause: Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error(code), { code }) }) });
    expect(isRetryable(classifyError(net('ECONNRESET')))).toBe(true);
    expect(isRetryable(classifyError(net('EAI_AGAIN')))).toBe(true);
    expect(isRetryable(classifyError(net('UND_ERR_CONNECT_TIMEOUT')))).toBe(true);
    expect(classifyError(net('ECONNREFUSED')).kind).toBe('unreachable');
    expect(classifyError(net('ENOTFOUND')).kind).toBe('unreachable');
    expect(isRetryable(classifyError(net('ENOTFOUND')))).toBe(false);
    expect(classifyError(net('CERT_HAS_EXPIRED')).kind).toBe('tls');
    expect(isRetryable(classifyError(net('SELF_SIGNED_CERT_IN_CHAIN')))).toBe(false);
  });
  it('an unknown error is not retried', () => {
    expect(isRetryable(classifyError(new TypeError('x is not a function')))).toBe(false);
  });
});

describe('withRetry', () => {
  it('gives up after retries + 1 attempts with the last failure', async () => {
    let calls = 0;
    const error = await thrown(
      withRetry(
        async () => {
          calls++;
          throw httpError(500, 'oops');
        },
        { policy: { retries: 2 }, sleep: noSleep },
      ),
    );
    expect(error).toBeInstanceOf(AttemptsFailed);
    expect((error as unknown as AttemptsFailed).attempts).toBe(3);
    expect((error as unknown as AttemptsFailed).failure.kind).toBe('server');
    expect(calls).toBe(3);
  });

  it('stops at once on a failure that is not retryable', async () => {
    let calls = 0;
    const error = await thrown(
      withRetry(
        async () => {
          calls++;
          throw httpError(401);
        },
        { sleep: noSleep },
      ),
    );
    expect((error as unknown as AttemptsFailed).attempts).toBe(1);
    expect(calls).toBe(1);
  });

  it('aborts an attempt that ignores its signal when the per-attempt timeout passes', async () => {
    let calls = 0;
    const error = await thrown(
      withRetry(
        () => {
          calls++;
          return new Promise<never>(() => {});
        },
        { timeoutMs: 20, policy: { retries: 1 }, sleep: noSleep },
      ),
    );
    expect((error as unknown as AttemptsFailed).failure.kind).toBe('timeout');
    expect(calls).toBe(2);
  });

  it("the caller's abort wins over a stuck attempt: CancelledError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await thrown(withRetry(() => new Promise<never>(() => {}), { signal: controller.signal, sleep: noSleep }));
    expect(error).toBeInstanceOf(CancelledError);
  });

  it('an abort during the wait is a CancelledError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const error = await thrown(
      withRetry(
        async () => {
          calls++;
          throw httpError(503);
        },
        { signal: controller.signal, sleep: async () => controller.abort() },
      ),
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
  });

  it('the attempt receives a signal that the caller can abort', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await withRetry(
      async (signal) => {
        seen = signal;
        return 1;
      },
      { signal: controller.signal },
    );
    controller.abort();
    expect(seen?.aborted).toBe(true);
  });
});

describe('providerError messages', () => {
  const ctx = { host: 'api.openai.com', model: 'gpt-4o-mini', attempts: 5, timeoutMs: 60_000, customBaseUrl: false };
  const failure = (f: Partial<Failure> & Pick<Failure, 'kind'>): Failure => ({ detail: '', error: new Error('x'), ...f });
  it('are one line and name the host', () => {
    const all: Failure[] = [
      failure({ kind: 'auth', status: 401 }),
      failure({ kind: 'auth', status: 403 }),
      failure({ kind: 'not-found', status: 404 }),
      failure({ kind: 'quota', status: 429 }),
      failure({ kind: 'rate-limit', status: 429 }),
      failure({ kind: 'server', status: 500 }),
      failure({ kind: 'timeout' }),
      failure({ kind: 'network', code: 'ECONNRESET' }),
      failure({ kind: 'unreachable', code: 'ENOTFOUND' }),
      failure({ kind: 'tls', code: 'CERT_HAS_EXPIRED' }),
      failure({ kind: 'response-format', status: 400 }),
      failure({ kind: 'context-length', status: 400 }),
      failure({ kind: 'bad-request', status: 400 }),
      failure({ kind: 'bad-reply' }),
      failure({ kind: 'other', detail: 'boom' }),
    ];
    for (const f of all) {
      const e = providerError(f, ctx);
      expect(e.message, f.kind).not.toContain('\n');
      expect(e.message, f.kind).toContain('api.openai.com');
      expect(e.exitCode).toBe(4);
      expect(e.cause).toBe(f.error);
    }
  });
  it('timeout names attempts and seconds', () => {
    expect(providerError(failure({ kind: 'timeout' }), ctx).message).toBe('api.openai.com timed out after 5 attempts of 60 s each');
  });
  it('a DNS failure names the host and OPENAI_BASE_URL', () => {
    const e = providerError(failure({ kind: 'unreachable', code: 'ENOTFOUND' }), { ...ctx, host: 'llm.internal:8000', customBaseUrl: true });
    expect(e.message).toBe('cannot reach llm.internal:8000 (ENOTFOUND); check OPENAI_BASE_URL');
  });
  it('a long provider message is shortened', () => {
    const e = providerError(classifyError(httpError(400, { message: 'x'.repeat(1000) })), ctx);
    expect(e.message.length).toBeLessThan(250);
  });
});
