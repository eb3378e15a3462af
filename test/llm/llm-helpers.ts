/**
 * Helpers for the LLM adapter tests (not a test file). Fixtures are raw OpenAI Chat Completions
 * bodies in test/fixtures/llm/; `mockChat` serves them with nock and counts the HTTP calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { LlmCall } from '../../src/core/llm.js';
import { OpenAiLlm, type OpenAiLlmOptions } from '../../src/llm/openai-llm.js';
import { FIXTURES } from '../helpers.js';

export const LLM_FIXTURES = join(FIXTURES, 'llm');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(LLM_FIXTURES, `${name}.json`), 'utf8')) as T;
}

/** The call the tests send: a brainstorm prompt with a realistic strict schema. */
export function sampleCall(overrides: Partial<LlmCall> = {}): LlmCall {
  return { ...fixture<LlmCall>('call-brainstorm'), ...overrides };
}

export type Step = [status: number, body: unknown, headers?: Record<string, string>];

export interface ChatMock {
  /** HTTP requests that reached the mock. */
  readonly calls: number;
  /** Their JSON bodies, in order. */
  readonly bodies: Array<Record<string, unknown>>;
  scope: nock.Scope;
}

/**
 * Serves `steps` in order at <origin>/v1/chat/completions (the last step repeats `repeatLast`
 * more times); `delayMs` delays every reply.
 */
export function mockChat(
  steps: Step[],
  options: { origin?: string; path?: string; repeatLast?: number; delayMs?: number; reqheaders?: Record<string, string> } = {},
): ChatMock {
  const origin = options.origin ?? 'https://api.openai.com';
  const path = options.path ?? '/v1/chat/completions';
  const state = { calls: 0, bodies: [] as Array<Record<string, unknown>> };
  const scope = nock(origin, options.reqheaders === undefined ? {} : { reqheaders: options.reqheaders });
  const all = [...steps];
  const last = steps[steps.length - 1];
  for (let i = 0; i < (options.repeatLast ?? 0) && last; i++) all.push(last);
  for (const [status, body, headers] of all) {
    let interceptor = scope.post(path, (b: Record<string, unknown>) => {
      state.bodies.push(b);
      return true;
    });
    if (options.delayMs !== undefined) interceptor = interceptor.delay(options.delayMs);
    // A static reply array keeps this helper working on nock 14 and 15 (G3).
    interceptor.reply(() => {
      state.calls++;
      return [status, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers }];
    });
  }
  return {
    get calls() {
      return state.calls;
    },
    bodies: state.bodies,
    scope,
  };
}

/** Records every wait instead of waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/** An OpenAiLlm with test defaults: key "sk-test", model gpt-4o-mini, temperature 0, no real waits, jitter 0.5. */
export function testLlm(options: Partial<OpenAiLlmOptions> = {}): OpenAiLlm {
  return new OpenAiLlm({
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    temperature: 0,
    sleep: async () => {},
    random: () => 0.5,
    ...options,
  });
}

/** Runs `promise` and returns what it threw (fails the test when it resolves). */
export async function thrown(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, got a value');
}
