import type { Llm, LlmCall, LlmReply } from '../core/llm.js';

/** A rough token count (about four characters a token) for the dry-run report; no tokenizer is shipped. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Records every call instead of sending it, and answers with an empty result of the right shape,
 * so the real pipeline runs and shows exactly what would leave the machine.
 */
export class DryRunLlm implements Llm {
  readonly calls: LlmCall[] = [];

  constructor(
    readonly model: string,
    readonly provider: string,
  ) {}

  async complete(call: LlmCall): Promise<LlmReply> {
    this.calls.push(call);
    const value = call.schemaName === 'system_model' ? { purpose: null, components: [], flows: [], features: [] } : { threats: [] };
    return { kind: 'json', value, usage: { input: 0, output: 0 }, cached: false };
  }

  /** The report printed by `aitm batch --dry-run`. */
  report(): string {
    const out: string[] = [];
    let total = 0;
    this.calls.forEach((call, i) => {
      const tokens = call.messages.reduce((a, m) => a + estimateTokens(m.content), 0) + estimateTokens(JSON.stringify(call.jsonSchema));
      total += tokens;
      out.push(`=== call ${i + 1}/${this.calls.length}: ${call.task} → ${this.model} at ${this.provider} (≈${tokens} prompt tokens, response format "${call.schemaName}")`);
      for (const m of call.messages) out.push(`--- ${m.role} ---`, m.content);
      out.push('');
    });
    out.push(
      `${this.calls.length} call(s), ≈${total} prompt tokens in all. Nothing was sent.`,
      'Brainstorming prompts are shown for the system the rules extracted; in a real run the model\'s extraction may add components first, and a repair round may add one call per category.',
    );
    return `${out.join('\n')}\n`;
  }
}
