import { createServer } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError, EXIT, ProviderError, UsageError } from '../../src/core/errors.js';
import { OpenAiLlm, providerHost, readCompletion } from '../../src/llm/openai-llm.js';
import { strictSchemaViolations } from '../../src/llm/strict-schema.js';
import { fixture, mockChat, recordingSleep, sampleCall, testLlm, thrown } from './llm-helpers.js';

const call = sampleCall();

describe('OpenAiLlm replies', () => {
  it('returns the parsed JSON and the usage of a valid reply', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    const reply = await testLlm().complete(call);
    expect(reply).toEqual({
      kind: 'json',
      value: {
        threats: [
          {
            title: 'Prompt injection through help articles',
            category: 'tampering',
            component: 'llm',
            description: 'An attacker edits a help article so that retrieved text instructs the model.',
            knowledge_id: 'AITM-PI-001',
          },
        ],
      },
      usage: { input: 120, output: 45 },
      cached: false,
    });
    expect(mock.calls).toBe(1);
  });

  it('finish_reason "length" is a truncated reply with its usage, not an error', async () => {
    mockChat([[200, fixture('completion-length')]]);
    expect(await testLlm().complete(call)).toEqual({ kind: 'truncated', usage: { input: 120, output: 4096 }, cached: false });
  });

  it('a refusal is a refusal reply carrying the model message', async () => {
    mockChat([[200, fixture('completion-refusal')]]);
    expect(await testLlm().complete(call)).toEqual({
      kind: 'refusal',
      message: "I'm sorry, I can't help with that request.",
      usage: { input: 120, output: 11 },
      cached: false,
    });
  });

  it('finish_reason "content_filter" is a refusal', async () => {
    mockChat([[200, fixture('completion-content-filter')]]);
    const reply = await testLlm().complete(call);
    expect(reply.kind).toBe('refusal');
    expect(reply.kind === 'refusal' && reply.message).toMatch(/content filter/);
  });

  it('content that is not JSON is an invalid-json reply with the text, and is not retried', async () => {
    const mock = mockChat([[200, fixture('completion-not-json')]], { repeatLast: 3 });
    const sleep = recordingSleep();
    expect(await testLlm({ sleep: sleep.sleep }).complete(call)).toEqual({
      kind: 'invalid-json',
      text: 'Here are the threats:\n- Prompt injection through help articles',
      usage: { input: 98, output: 17 },
      cached: false,
    });
    expect(mock.calls).toBe(1);
    expect(sleep.waits).toEqual([]);
  });

  it('a reply without usage counts 0/0', async () => {
    mockChat([[200, fixture('completion-no-usage')]]);
    expect(await testLlm().complete(call)).toEqual({ kind: 'json', value: { threats: [] }, usage: { input: 0, output: 0 }, cached: false });
  });

  it('readCompletion: empty or missing content is invalid-json with empty text; content parts are joined', () => {
    const body = (message: unknown) => ({ choices: [{ index: 0, message, finish_reason: 'stop' }] });
    expect(readCompletion(body({ role: 'assistant', content: null }))).toEqual({ kind: 'invalid-json', text: '', usage: { input: 0, output: 0 } });
    expect(readCompletion(body({ role: 'assistant', content: [{ type: 'text', text: '{"a":' }, { type: 'text', text: '1}' }] }))).toEqual({
      kind: 'json',
      value: { a: 1 },
      usage: { input: 0, output: 0 },
    });
  });

  it('a 200 that is not a chat completion is a ProviderError naming the host, not a crash', async () => {
    const mock = mockChat([[200, '<html><body>Welcome to nginx!</body></html>']], { origin: 'http://localhost:8080', repeatLast: 2 });
    const error = await thrown(testLlm({ baseURL: 'http://localhost:8080/v1' }).complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^localhost:8080 sent a reply that is not a chat completion: the body is not JSON/);
    expect((error as unknown as ProviderError).hint).toContain('OPENAI_BASE_URL');
    expect(mock.calls).toBe(1);
  });

  it('a 200 JSON body without choices is a ProviderError', async () => {
    mockChat([[200, { object: 'list', data: [] }]]);
    const error = await thrown(testLlm().complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain('no choices');
  });
});

describe('OpenAiLlm request', () => {
  it('sends exactly the model, temperature, messages and a strict json_schema response_format', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]], { reqheaders: { authorization: 'Bearer sk-test' } });
    await testLlm({ temperature: 0.2 }).complete(call);
    expect(mock.bodies).toHaveLength(1);
    expect(mock.bodies[0]).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      stream: false,
      messages: call.messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'misuse_cases', strict: true, schema: call.jsonSchema },
      },
    });
  });

  it('omits temperature when none is configured', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    await testLlm({ temperature: undefined }).complete(call);
    expect(mock.bodies[0]).not.toHaveProperty('temperature');
  });

  it('sends an assistant message as given', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    const messages = [...call.messages, { role: 'assistant' as const, content: '{"threats":[]}' }, { role: 'user' as const, content: 'Fix it.' }];
    await testLlm().complete({ ...call, messages });
    expect(mock.bodies[0]?.messages).toEqual(messages);
  });

  it('the JSON Schema actually sent stays inside the portable strict subset', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    await testLlm().complete(call);
    const sent = mock.bodies[0]?.response_format as { json_schema: { schema: unknown } };
    expect(strictSchemaViolations(sent.json_schema.schema)).toEqual([]);
  });

  it('uses the base URL for the request and as the provider (host[:port])', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]], { origin: 'http://localhost:11434' });
    const llm = testLlm({ baseURL: 'http://localhost:11434/v1', model: 'llama3.1' });
    expect(llm.provider).toBe('localhost:11434');
    await llm.complete(call);
    expect(mock.calls).toBe(1);
    expect(mock.bodies[0]?.model).toBe('llama3.1');
  });

  it('provider names', () => {
    expect(testLlm().provider).toBe('api.openai.com');
    expect(testLlm({ baseURL: '' }).provider).toBe('api.openai.com');
    expect(providerHost('https://openrouter.ai/api/v1')).toBe('openrouter.ai');
    expect(providerHost('https://gw.example.com:8443/openai/v1')).toBe('gw.example.com:8443');
    expect(providerHost(undefined)).toBe('api.openai.com');
  });

  it('a model whose name LangChain would route to the Responses API still uses Chat Completions', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    await testLlm({ model: 'gpt-5-codex' }).complete(call);
    expect(mock.calls).toBe(1);
    expect(mock.bodies[0]).toHaveProperty('response_format');
  });

  it('refuses an empty API key or model with a usage error', () => {
    expect(() => new OpenAiLlm({ apiKey: '', model: 'gpt-4o-mini' })).toThrow(UsageError);
    expect(() => new OpenAiLlm({ apiKey: 'k', model: ' ' })).toThrow(UsageError);
  });
});

describe('OpenAiLlm retries', () => {
  it('retries a 429 and honours Retry-After (seconds)', async () => {
    const mock = mockChat([
      [429, fixture('error-429'), { 'retry-after': '7' }],
      [200, fixture('completion-valid')],
    ]);
    const sleep = recordingSleep();
    const reply = await testLlm({ sleep: sleep.sleep }).complete(call);
    expect(reply.kind).toBe('json');
    expect(mock.calls).toBe(2);
    expect(sleep.waits).toEqual([7000]);
  });

  it('caps a Retry-After longer than maxMs', async () => {
    mockChat([
      [503, fixture('error-503'), { 'retry-after': '120' }],
      [200, fixture('completion-valid')],
    ]);
    const sleep = recordingSleep();
    await testLlm({ sleep: sleep.sleep, retry: { maxMs: 20_000 } }).complete(call);
    expect(sleep.waits).toEqual([20_000]);
  });

  it('backs off exponentially with full jitter when there is no Retry-After', async () => {
    mockChat([
      [500, 'oops'],
      [502, 'bad gateway'],
      [529, fixture('error-503')],
      [200, fixture('completion-valid')],
    ]);
    const sleep = recordingSleep();
    await testLlm({ sleep: sleep.sleep, random: () => 0.5, retry: { baseMs: 1000 } }).complete(call);
    expect(sleep.waits).toEqual([500, 1000, 2000]);
  });

  it('5xx until the retries are spent: ProviderError naming the host, retries + 1 HTTP calls', async () => {
    const mock = mockChat([[503, fixture('error-503')]], { repeatLast: 10 });
    const error = await thrown(testLlm({ retry: { retries: 3 } }).complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as unknown as ProviderError).exitCode).toBe(EXIT.provider);
    expect(error.message).toBe('provider error at api.openai.com after 4 attempts (HTTP 503: The server is overloaded or not ready yet.)');
    expect(mock.calls).toBe(4);
    expect((error.cause as { status?: number }).status).toBe(503);
  });

  it('429 until the retries are spent: rate limited after N attempts', async () => {
    const mock = mockChat([[429, fixture('error-429')]], { repeatLast: 10 });
    const error = await thrown(testLlm({ retry: { retries: 2 } }).complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^api\.openai\.com rate-limited the request after 3 attempts \(HTTP 429: Rate limit reached/);
    expect(mock.calls).toBe(3);
  });

  it('429 insufficient_quota is not retried and points at billing', async () => {
    const mock = mockChat([[429, fixture('error-429-quota')]], { repeatLast: 3 });
    const error = await thrown(testLlm().complete(call));
    expect(error.message).toMatch(/out of quota.*OPENAI_API_KEY/);
    expect(mock.calls).toBe(1);
  });

  it('a timeout (reply slower than timeoutMs) is retried, then a ProviderError', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]], { repeatLast: 5, delayMs: 1_000 });
    const sleep = recordingSleep();
    const started = Date.now();
    const error = await thrown(testLlm({ timeoutMs: 50, retry: { retries: 2 }, sleep: sleep.sleep }).complete(call));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe('api.openai.com timed out after 3 attempts of 0.05 s each');
    expect(mock.calls).toBe(3);
    expect(sleep.waits).toHaveLength(2);
  });

  it('a reset connection is retried', async () => {
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const mock = mockChat([[200, fixture('completion-valid')]]);
    const sleep = recordingSleep();
    const reply = await testLlm({ sleep: sleep.sleep }).complete(call);
    expect(reply.kind).toBe('json');
    expect(mock.calls).toBe(1);
    expect(sleep.waits).toHaveLength(1);
  });

  it('tells the caller about each retry', async () => {
    mockChat([
      [429, fixture('error-429'), { 'retry-after': '2' }],
      [200, fixture('completion-valid')],
    ]);
    const events: Array<{ attempt: number; delayMs: number; kind: string }> = [];
    await testLlm({ onRetry: (e) => events.push({ attempt: e.attempt, delayMs: e.delayMs, kind: e.failure.kind }) }).complete(call);
    expect(events).toEqual([{ attempt: 1, delayMs: 2000, kind: 'rate-limit' }]);
  });
});

describe('OpenAiLlm errors that are not retried', () => {
  it('401: ProviderError naming OPENAI_API_KEY, exactly one HTTP call', async () => {
    const mock = mockChat([[401, fixture('error-401')]], { repeatLast: 3 });
    const error = await thrown(testLlm().complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^api\.openai\.com rejected the API key \(HTTP 401: Incorrect API key provided/);
    expect(error.message).toMatch(/check OPENAI_API_KEY$/);
    expect(error.message).not.toContain('\n');
    expect(mock.calls).toBe(1);
    expect((error.cause as { status?: number }).status).toBe(401);
  });

  it('401 from another provider also names OPENAI_BASE_URL', async () => {
    mockChat([[401, { error: { message: 'unauthorized' } }]], { origin: 'https://openrouter.ai', path: '/api/v1/chat/completions' });
    const error = await thrown(testLlm({ baseURL: 'https://openrouter.ai/api/v1' }).complete(call));
    expect(error.message).toBe('openrouter.ai rejected the API key (HTTP 401: unauthorized); check OPENAI_API_KEY and OPENAI_BASE_URL');
  });

  it('403 names OPENAI_API_KEY', async () => {
    const mock = mockChat([[403, { error: { message: 'Project does not have access to model gpt-4o-mini', code: 'model_access_denied' } }]], { repeatLast: 2 });
    const error = await thrown(testLlm().complete(call));
    expect(error.message).toMatch(/^api\.openai\.com refused access \(HTTP 403.*check OPENAI_API_KEY$/);
    expect(mock.calls).toBe(1);
  });

  it('404 model_not_found: the model is not available, with a hint to pass --model', async () => {
    const mock = mockChat([[404, fixture('error-404-model')]], { repeatLast: 2 });
    const error = await thrown(testLlm({ model: 'gpt-9' }).complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^model 'gpt-9' is not available at api\.openai\.com \(HTTP 404/);
    expect((error as unknown as ProviderError).hint).toContain('--model');
    expect(mock.calls).toBe(1);
  });

  it('400 complaining about the schema: the server rejected the response format', async () => {
    const mock = mockChat([[400, fixture('error-400-schema')]], { repeatLast: 2 });
    const error = await thrown(testLlm().complete(call));
    expect(error.message).toMatch(/^api\.openai\.com rejected the response format \(HTTP 400: Invalid schema for response_format/);
    expect((error as unknown as ProviderError).hint).toMatch(/json_schema.*README "Providers"/);
    expect(mock.calls).toBe(1);
  });

  it('400 context_length_exceeded: the prompt is too long', async () => {
    const mock = mockChat([[400, fixture('error-400-context')]], { repeatLast: 2 });
    const error = await thrown(testLlm().complete(call));
    expect(error.message).toMatch(/^the prompt is too long for model 'gpt-4o-mini' at api\.openai\.com/);
    expect(mock.calls).toBe(1);
  });

  it('422 and other 4xx are not retried', async () => {
    const mock = mockChat([[422, { error: { message: 'Unprocessable' } }]], { repeatLast: 2 });
    const error = await thrown(testLlm().complete(call));
    expect(error.message).toBe('api.openai.com rejected the request (HTTP 422: Unprocessable)');
    expect(mock.calls).toBe(1);
  });

  it('nothing reachable (nock allows no connection): cannot reach the host, check OPENAI_BASE_URL, no retry', async () => {
    const sleep = recordingSleep();
    const error = await thrown(testLlm({ baseURL: 'http://127.0.0.1:9/v1', sleep: sleep.sleep }).complete(call));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^cannot reach 127\.0\.0\.1:9 \(ENETUNREACH\); check OPENAI_BASE_URL$/);
    expect(sleep.waits).toEqual([]);
  });

  it('a real refused connection: cannot reach the host (ECONNREFUSED)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    nock.enableNetConnect(`127.0.0.1:${port}`);
    try {
      const error = await thrown(testLlm({ baseURL: `http://127.0.0.1:${port}/v1` }).complete(call));
      expect(error.message).toBe(`cannot reach 127.0.0.1:${port} (ECONNREFUSED); check OPENAI_BASE_URL`);
    } finally {
      nock.disableNetConnect();
    }
  });
});

describe('OpenAiLlm cancellation', () => {
  it("the caller's abort during a request is a CancelledError at once, not retried", async () => {
    const mock = mockChat([[200, fixture('completion-valid')]], { repeatLast: 3, delayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const sleep = recordingSleep();
    const started = Date.now();
    const error = await thrown(testLlm({ sleep: sleep.sleep }).complete(call, controller.signal));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as unknown as CancelledError).exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(mock.calls).toBeLessThanOrEqual(1);
    expect(sleep.waits).toEqual([]);
  });

  it('an already aborted signal makes no HTTP call', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    const error = await thrown(testLlm().complete(call, AbortSignal.abort()));
    expect(error).toBeInstanceOf(CancelledError);
    expect(mock.calls).toBe(0);
  });

  it('an abort during the backoff wait is a CancelledError, with no further call', async () => {
    const mock = mockChat([[429, fixture('error-429'), { 'retry-after': '1' }], [200, fixture('completion-valid')]]);
    const controller = new AbortController();
    // The real sleep, so the abort lands while it waits.
    const llm = new OpenAiLlm({ apiKey: 'sk-test', model: 'gpt-4o-mini' });
    setTimeout(() => controller.abort(), 100);
    const error = await thrown(llm.complete(call, controller.signal));
    expect(error).toBeInstanceOf(CancelledError);
    expect(mock.calls).toBe(1);
  });
});
