import { z } from 'zod';
import type { Llm, LlmReply, Usage } from './llm.js';
import { asData, renderPrompt, type PromptTemplate } from './prompt.js';

/** Budget caps: a run stops cleanly, and says it is partial, when one is reached. */
export interface Budget {
  maxCalls?: number;
  maxTokens?: number;
}

export interface CallRecord {
  task: string;
  usage: Usage;
  cached: boolean;
  outcome: LlmReply['kind'];
}

export class BudgetExhausted extends Error {}

export interface CheckResult<T> {
  accepted: T[];
  /** Items that failed validation in a way the model may fix: sent back once with the problems. */
  repairable: Array<{ item: unknown; problems: string[] }>;
  /** Items dropped for good (duplicates, ungrounded after repair), with the reason. */
  rejected: string[];
}

export interface StructuredTask<W, T> {
  task: string;
  template: PromptTemplate;
  vars: Record<string, string>;
  schemaName: string;
  /** The shape schema; its JSON Schema is the strict response_format. */
  wire: z.ZodType<W>;
  /** Wraps repaired items back into the wire shape. */
  wrap: (items: unknown[]) => W;
  check: (value: W) => CheckResult<T>;
  /** False for tasks whose items are not threats (system extraction): they stay out of the threat counts. */
  countsThreats?: boolean;
}

/** Formats zod issues as lines the model can act on. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/**
 * One LLM session: counts every call, token and outcome; enforces the budget; runs the
 * validate → repair once → reject loop. Nothing is dropped without a counted reason.
 */
export class LlmSession {
  readonly records: CallRecord[] = [];
  accepted = 0;
  repaired = 0;
  readonly reasons = new Map<string, number>();
  partial = false;
  readonly notes: string[] = [];
  private started = 0;
  private tokens = 0;

  constructor(
    readonly llm: Llm,
    readonly repairTemplate: PromptTemplate,
    readonly budget: Budget = {},
    readonly signal?: AbortSignal,
  ) {}

  reject(reason: string, count = 1): void {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + count);
  }

  get rejected(): number {
    return [...this.reasons.values()].reduce((a, b) => a + b, 0);
  }

  get usage(): Usage & { calls: number; cacheHits: number } {
    const paid = this.records.filter((r) => !r.cached);
    return {
      input: paid.reduce((a, r) => a + r.usage.input, 0),
      output: paid.reduce((a, r) => a + r.usage.output, 0),
      calls: paid.length,
      cacheHits: this.records.length - paid.length,
    };
  }

  private async call(task: string, template: PromptTemplate, vars: Record<string, string>, schemaName: string, wire: z.ZodType): Promise<LlmReply> {
    if (this.budget.maxCalls !== undefined && this.started >= this.budget.maxCalls) throw new BudgetExhausted(`the call budget (--max-calls ${this.budget.maxCalls}) is spent`);
    if (this.budget.maxTokens !== undefined && this.tokens >= this.budget.maxTokens) throw new BudgetExhausted(`the token budget (--max-tokens ${this.budget.maxTokens}) is spent`);
    this.started++;
    const jsonSchema = z.toJSONSchema(wire, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
    delete jsonSchema.$schema;
    const reply = await this.llm.complete(
      { task, promptHash: template.sha256, messages: renderPrompt(template, vars), schemaName, jsonSchema },
      this.signal,
    );
    if (reply.cached) this.started--;
    else this.tokens += reply.usage.input + reply.usage.output;
    this.records.push({ task, usage: reply.usage, cached: reply.cached, outcome: reply.kind });
    return reply;
  }

  /** Runs a structured task with validation and at most one repair round. */
  async run<W, T>(spec: StructuredTask<W, T>): Promise<T[]> {
    const first = await this.call(spec.task, spec.template, spec.vars, spec.schemaName, spec.wire);
    const out: T[] = [];
    let toRepair: { previous: string; problems: string[]; count: number } | undefined;

    const outcome = this.parse(first, spec);
    if (outcome.kind === 'dropped') return out;
    if (outcome.kind === 'whole') toRepair = { previous: outcome.previous, problems: outcome.problems, count: 1 };
    else {
      out.push(...outcome.result.accepted);
      if (spec.countsThreats !== false) this.accepted += outcome.result.accepted.length;
      for (const r of outcome.result.rejected) this.reject(r);
      if (outcome.result.repairable.length > 0)
        toRepair = {
          previous: JSON.stringify(spec.wrap(outcome.result.repairable.map((x) => x.item)), null, 2),
          problems: outcome.result.repairable.flatMap((x, i) => x.problems.map((p) => `item ${i}: ${p}`)),
          count: outcome.result.repairable.length,
        };
    }
    if (!toRepair) return out;

    let second: LlmReply;
    try {
      second = await this.call(
        `${spec.task}:repair`,
        this.repairTemplate,
        {
          task: spec.task,
          previous: asData('previous_answer', toRepair.previous),
          problems: asData('validation_problems', toRepair.problems.map((p) => `- ${p}`).join('\n')),
        },
        spec.schemaName,
        spec.wire,
      );
    } catch (error) {
      if (error instanceof BudgetExhausted) this.reject('not repaired: budget spent', toRepair.count);
      throw error;
    }
    const repaired = this.parse(second, spec);
    if (repaired.kind === 'dropped') return out;
    if (repaired.kind === 'whole') {
      this.reject(`still invalid after repair: ${repaired.problems[0] ?? 'shape'}`, toRepair.count);
      return out;
    }
    out.push(...repaired.result.accepted);
    if (spec.countsThreats !== false) this.repaired += repaired.result.accepted.length;
    for (const r of repaired.result.rejected) this.reject(r);
    for (const x of repaired.result.repairable) this.reject(`still invalid after repair: ${x.problems[0] ?? 'unknown problem'}`);
    return out;
  }

  private parse<W, T>(
    reply: LlmReply,
    spec: StructuredTask<W, T>,
  ): { kind: 'dropped' } | { kind: 'whole'; previous: string; problems: string[] } | { kind: 'items'; result: CheckResult<T> } {
    if (reply.kind === 'refusal') {
      this.reject(`${spec.task}: the model refused`);
      return { kind: 'dropped' };
    }
    if (reply.kind === 'truncated') {
      this.reject(`${spec.task}: output truncated (finish_reason length)`);
      return { kind: 'dropped' };
    }
    if (reply.kind === 'invalid-json') return { kind: 'whole', previous: reply.text.slice(0, 20_000), problems: ['the answer is not valid JSON'] };
    const shape = spec.wire.safeParse(reply.value);
    if (!shape.success) return { kind: 'whole', previous: JSON.stringify(reply.value, null, 2).slice(0, 20_000), problems: issueLines(shape.error) };
    return { kind: 'items', result: spec.check(shape.data) };
  }
}
