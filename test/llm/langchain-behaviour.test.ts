/**
 * Pins what @langchain/openai 1.5.8 + openai 6.x do with a strict json_schema response_format,
 * which is why OpenAiLlm reads the raw body instead of LangChain's result (see openai-llm.ts).
 * If one of these starts failing after an upgrade, the workaround may no longer be needed.
 */
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage, type AIMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { fixture, mockChat, sampleCall, thrown } from './llm-helpers.js';

const call = sampleCall();
const messages = call.messages.map((m) => (m.role === 'system' ? new SystemMessage(m.content) : new HumanMessage(m.content)));
const responseFormat = { type: 'json_schema' as const, json_schema: { name: call.schemaName, strict: true, schema: call.jsonSchema } };
const chat = () => new ChatOpenAI({ apiKey: 'sk-test', model: 'gpt-4o-mini', temperature: 0, maxRetries: 0 });

describe('ChatOpenAI.invoke with a json_schema response_format', () => {
  it('returns the content text, finish_reason and usage of a good reply', async () => {
    mockChat([[200, fixture('completion-valid')]]);
    const message = (await chat().invoke(messages, { response_format: responseFormat })) as AIMessage;
    expect(typeof message.content).toBe('string');
    expect(message.response_metadata.finish_reason).toBe('stop');
    expect(message.usage_metadata).toMatchObject({ input_tokens: 120, output_tokens: 45 });
  });

  it('throws LengthFinishReasonError on finish_reason "length": the usage is lost', async () => {
    mockChat([[200, fixture('completion-length')]]);
    const error = await thrown(chat().invoke(messages, { response_format: responseFormat }));
    expect(error.constructor.name).toBe('LengthFinishReasonError');
  });

  it('throws a SyntaxError on content that is not JSON: the text is lost', async () => {
    mockChat([[200, fixture('completion-not-json')]]);
    const error = await thrown(chat().invoke(messages, { response_format: responseFormat }));
    expect(error).toBeInstanceOf(SyntaxError);
  });

  it('drops message.refusal: the AIMessage has empty content and no refusal', async () => {
    mockChat([[200, fixture('completion-refusal')]]);
    const message = (await chat().invoke(messages, { response_format: responseFormat })) as AIMessage;
    expect(message.content).toBe('');
    expect(JSON.stringify(message.additional_kwargs)).not.toContain('sorry');
  });

  it('throws ContentFilterFinishReasonError on finish_reason "content_filter"', async () => {
    mockChat([[200, fixture('completion-content-filter')]]);
    const error = await thrown(chat().invoke(messages, { response_format: responseFormat }));
    expect(error.constructor.name).toBe('ContentFilterFinishReasonError');
  });
});

describe('withStructuredOutput(plain JSON schema, { includeRaw: true })', () => {
  const structured = () => chat().withStructuredOutput(call.jsonSchema, { name: call.schemaName, method: 'jsonSchema', strict: true, includeRaw: true });

  it('sends the same response_format', async () => {
    const mock = mockChat([[200, fixture('completion-valid')]]);
    await structured().invoke(messages);
    expect(mock.bodies[0]?.response_format).toEqual(responseFormat);
  });

  it('still throws on "length" and on non-JSON content (includeRaw does not help)', async () => {
    mockChat([[200, fixture('completion-length')]]);
    expect((await thrown(structured().invoke(messages))).constructor.name).toBe('LengthFinishReasonError');
    mockChat([[200, fixture('completion-not-json')]]);
    expect(await thrown(structured().invoke(messages))).toBeInstanceOf(SyntaxError);
  });
});
