import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors.js';
import type { Llm, LlmCall, LlmReply } from '../../src/core/llm.js';
import { CachedLlm, cacheKey, canonicalJson } from '../../src/llm/cache.js';
import { fixture, mockChat, sampleCall, testLlm, thrown } from './llm-helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aitm-cache-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fake Llm that answers from a queue and counts its calls. */
class FakeLlm implements Llm {
  calls = 0;
  constructor(
    private readonly replies: LlmReply[],
    readonly model = 'gpt-4o-mini',
    readonly provider = 'api.openai.com',
  ) {}
  async complete(): Promise<LlmReply> {
    const reply = this.replies[Math.min(this.calls, this.replies.length - 1)];
    this.calls++;
    if (!reply) throw new Error('no reply queued');
    return reply;
  }
}

const json = (value: unknown): LlmReply => ({ kind: 'json', value, usage: { input: 10, output: 5 }, cached: false });
const call = sampleCall();

describe('CachedLlm over OpenAiLlm (HTTP)', () => {
  it('the second identical call makes no HTTP call and returns cached: true', async () => {
    const mock = mockChat([[200, fixture('completion-valid')], [200, fixture('completion-valid')]]);
    const llm = new CachedLlm(testLlm(), dir);
    const first = await llm.complete(call);
    expect(first.cached).toBe(false);
    expect(mock.calls).toBe(1);

    const second = await llm.complete(call);
    expect(mock.calls).toBe(1);
    expect(mock.scope.isDone()).toBe(false);
    expect(second).toEqual({ ...first, cached: true });
    expect(llm.stats()).toEqual({ hits: 1, misses: 1, writes: 1, writeErrors: 0 });
  });

  it('a changed promptHash misses', async () => {
    const mock = mockChat([[200, fixture('completion-valid')], [200, fixture('completion-valid')]]);
    const llm = new CachedLlm(testLlm(), dir);
    await llm.complete(call);
    const reply = await llm.complete({ ...call, promptHash: 'f'.repeat(64) });
    expect(reply.cached).toBe(false);
    expect(mock.calls).toBe(2);
    expect(llm.stats()).toMatchObject({ hits: 0, misses: 2 });
  });

  it('survives a new CachedLlm on the same directory (a second run)', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]], { repeatLast: 1 });
    await new CachedLlm(testLlm(), dir).complete(call);
    const again = new CachedLlm(testLlm(), dir);
    expect((await again.complete(call)).cached).toBe(true);
    expect(mock.calls).toBe(1);
  });
});

describe('CachedLlm', () => {
  it('model and provider are the inner ones', () => {
    const llm = new CachedLlm(new FakeLlm([], 'm1', 'localhost:11434'), dir);
    expect([llm.model, llm.provider]).toEqual(['m1', 'localhost:11434']);
  });

  it('misses when anything in the key changes', async () => {
    const inner = new FakeLlm([json({ a: 1 })]);
    const llm = new CachedLlm(inner, dir);
    await llm.complete(call);
    const variants: LlmCall[] = [
      { ...call, task: 'other' },
      { ...call, schemaName: 'other' },
      { ...call, messages: [...call.messages, { role: 'user', content: 'more' }] },
      { ...call, jsonSchema: { ...call.jsonSchema, description: 'x' } },
    ];
    for (const v of variants) expect((await llm.complete(v)).cached).toBe(false);
    expect(inner.calls).toBe(1 + variants.length);
  });

  it('the provider and the model are part of the key', () => {
    expect(cacheKey('m', 'api.openai.com', call)).not.toBe(cacheKey('m', 'localhost:11434', call));
    expect(cacheKey('m', 'api.openai.com', call)).not.toBe(cacheKey('m2', 'api.openai.com', call));
    expect(cacheKey('m', 'api.openai.com', call)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the key does not depend on the order of keys in the JSON Schema', () => {
    const reordered = { ...call, jsonSchema: Object.fromEntries(Object.entries(call.jsonSchema).reverse()) };
    expect(cacheKey('m', 'p', reordered)).toBe(cacheKey('m', 'p', call));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it('only json replies are cached', async () => {
    const others: LlmReply[] = [
      { kind: 'truncated', usage: { input: 1, output: 2 }, cached: false },
      { kind: 'refusal', message: 'no', usage: { input: 1, output: 2 }, cached: false },
      { kind: 'invalid-json', text: 'nope', usage: { input: 1, output: 2 }, cached: false },
    ];
    for (const reply of others) {
      const inner = new FakeLlm([reply]);
      const llm = new CachedLlm(inner, dir);
      expect(await llm.complete(call)).toEqual(reply);
      expect(await llm.complete(call)).toEqual(reply);
      expect(inner.calls, reply.kind).toBe(2);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a corrupt cache file is ignored and overwritten', async () => {
    const inner = new FakeLlm([json({ fresh: true })]);
    const llm = new CachedLlm(inner, dir);
    const file = llm.pathFor(call);
    for (const junk of ['{"version":1,"key":"trunc', 'null', '{"version":1}', JSON.stringify({ version: 1, key: 'wrong', reply: { kind: 'json', value: 1, usage: { input: 0, output: 0 } } })]) {
      writeFileSync(file, junk);
      const reply = await llm.complete(call);
      expect(reply).toEqual(json({ fresh: true }));
      expect(JSON.parse(readFileSync(file, 'utf8')).reply.value).toEqual({ fresh: true });
      rmSync(file);
    }
    writeFileSync(file, '\u0000\u0001garbage');
    await llm.complete(call);
    expect((await llm.complete(call)).cached).toBe(true);
  });

  it('writes atomically: no temp files are left behind, and the entry says what it is', async () => {
    const llm = new CachedLlm(new FakeLlm([json({ a: 1 })]), dir);
    await llm.complete(call);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    const entry = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    expect(entry).toMatchObject({ version: 1, model: 'gpt-4o-mini', provider: 'api.openai.com', task: 'brainstorm', schemaName: 'misuse_cases', reply: { kind: 'json', value: { a: 1 }, usage: { input: 10, output: 5 } } });
  });

  it('creates the directory, and a write that fails is counted, not thrown', async () => {
    const nested = new CachedLlm(new FakeLlm([json(1)]), join(dir, 'a', 'b'));
    await nested.complete(call);
    expect(nested.stats().writes).toBe(1);

    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const broken = new CachedLlm(new FakeLlm([json(1)]), join(blocker, 'cache'));
    expect(await broken.complete(call)).toEqual(json(1));
    expect(broken.stats()).toEqual({ hits: 0, misses: 1, writes: 0, writeErrors: 1 });
  });

  it('an aborted signal is a CancelledError, even on a hit', async () => {
    const llm = new CachedLlm(new FakeLlm([json(1)]), dir);
    await llm.complete(call);
    expect(await thrown(llm.complete(call, AbortSignal.abort()))).toBeInstanceOf(CancelledError);
  });

  it('passes errors of the inner Llm through and caches nothing', async () => {
    const inner: Llm = { model: 'm', provider: 'p', complete: async () => Promise.reject(new Error('boom')) };
    const llm = new CachedLlm(inner, dir);
    expect((await thrown(llm.complete(call))).message).toBe('boom');
    expect(readdirSync(dir)).toEqual([]);
  });
});
