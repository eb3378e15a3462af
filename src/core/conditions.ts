import type { Condition } from './knowledge.js';
import type { Component, SystemModel } from './system.js';
import { CONTROL_FEATURES, CONTROL_TRAITS, type ComponentKind, type Feature, type Trait } from './vocabulary.js';

/** The facts a condition is evaluated over: the system, and optionally one target component. */
export interface ConditionContext {
  system: SystemModel;
  kinds: ReadonlySet<ComponentKind>;
  target?: Component;
  /** The component a threat is scored for: partial controls count only when they cover it. */
  scope?: Component;
  /**
   * Where a fact can only raise a risk (a threat applies, a score goes up), a feature the docs put
   * in place for some components counts as there: "prompts to GPT-4o are logged" means logs of
   * prompts exist, whichever component the threat lands on. Never where the fact would lower a risk:
   * under a `not`, or in an adjustment that lowers a score.
   */
  lenient?: boolean;
}

export interface Evaluation {
  matched: boolean;
  /** Facts the docs are silent on that a `not` treated as absent: they become open questions. */
  assumedAbsent: string[];
}

const kindsCache = new WeakMap<SystemModel, ReadonlySet<ComponentKind>>();

/** The evaluation context; the set of component kinds is computed once per system. */
export function contextFor(system: SystemModel, target?: Component): ConditionContext {
  let kinds = kindsCache.get(system);
  if (!kinds) {
    kinds = new Set(system.components.map((c) => c.kind));
    kindsCache.set(system, kinds);
  }
  return target === undefined ? { system, kinds } : { system, kinds, target };
}

type Fact = true | false | 'unknown';

/**
 * Only `present` is true. A partial control is true only for a target in its scope (the components
 * the docs say it covers); `unknown` stays unknown, so it never lowers a risk and a `not` over it
 * becomes an open question.
 */
function featureFact(ctx: ConditionContext, feature: Feature, negated = false): Fact {
  const fact = ctx.system.features[feature];
  if (fact === undefined || fact.state === 'unknown') return 'unknown';
  if (fact.state === 'absent') return false;
  if (ctx.lenient && !negated) return true;
  const on = ctx.target ?? ctx.scope;
  const scope = fact.scope;
  if (fact.state === 'partial') return on !== undefined && (scope ?? []).includes(on.id);
  // Present where the docs put it: elsewhere it is not known to be in place.
  if (scope === undefined) return true;
  return on !== undefined && scope.includes(on.id) ? true : 'unknown';
}

/** A trait of the target (in `targets[].when`), or of the component being scored (in likelihood and impact adjustments). */
function traitFact(ctx: ConditionContext, trait: Trait): Fact {
  const fact = (ctx.target ?? ctx.scope)?.traits.find((t) => t.trait === trait);
  if (fact === undefined || fact.state === 'unknown') return 'unknown';
  return fact.state === 'present';
}

function kindFact(ctx: ConditionContext, kind: ComponentKind): Fact {
  return ctx.target ? ctx.target.kind === kind : ctx.kinds.has(kind);
}

function leaf(ctx: ConditionContext, cond: Condition, negated = false): { fact: Fact; name: string } | undefined {
  if ('feature' in cond) return { fact: featureFact(ctx, cond.feature as Feature, negated), name: cond.feature };
  if ('trait' in cond) {
    const owner = ctx.target ? `${ctx.target.name}: ` : '';
    return { fact: traitFact(ctx, cond.trait as Trait), name: `${owner}${cond.trait}` };
  }
  if ('kind' in cond) return { fact: kindFact(ctx, cond.kind), name: cond.kind };
  return undefined;
}

/** Evaluates a condition. Unknown facts count as absent; `not` over an unknown fact records it. */
function isControlLeaf(c: Condition): boolean {
  return ('feature' in c && CONTROL_FEATURES.has(c.feature as Feature)) || ('trait' in c && CONTROL_TRAITS.has(c.trait as Trait));
}

export function evaluate(cond: Condition, ctx: ConditionContext): Evaluation {
  const assumed = new Set<string>();
  const run = (c: Condition, negated: boolean): boolean => {
    const l = leaf(ctx, c, negated);
    if (l) {
      // Only a control assumed missing is a question for the team; `not` on other facts only narrows where a threat lands.
      if (l.fact === 'unknown' && negated && isControlLeaf(c)) assumed.add(l.name);
      return l.fact === true;
    }
    if ('all' in c) return c.all.every((x) => run(x, negated));
    if ('any' in c) return c.any.some((x) => run(x, negated));
    if ('not' in c) return !run(c.not, !negated);
    return false;
  };
  const matched = run(cond, false);
  return { matched, assumedAbsent: matched ? [...assumed].sort() : [] };
}

/** One fact a condition read, and whether it held: the basis of a threat's "Why here". */
export interface Reason {
  feature?: Feature;
  trait?: Trait;
  /** The condition wanted the fact absent (`not`): it held because the fact is absent or unknown. */
  negated: boolean;
}

/**
 * The facts that made a condition hold: every branch of an `all`, the first branch of an `any` that
 * holds, and what a `not` found missing. Component kinds are left out (the threat names its component).
 */
export function reasonsFor(cond: Condition, ctx: ConditionContext): Reason[] {
  const run = (c: Condition, negated: boolean): Reason[] => {
    if ('feature' in c) return [{ feature: c.feature as Feature, negated }];
    if ('trait' in c) return [{ trait: c.trait as Trait, negated }];
    if ('kind' in c) return [];
    // Under a `not`, "all" holds by one failing branch and "any" by every branch failing.
    const first = (xs: Condition[]) => {
      const x = xs.find((y) => evaluate(y, ctx).matched !== negated);
      return x ? run(x, negated) : [];
    };
    if ('all' in c) return negated ? first(c.all) : c.all.flatMap((x) => run(x, false));
    if ('any' in c) return negated ? c.any.flatMap((x) => run(x, true)) : first(c.any);
    return run(c.not, !negated);
  };
  return evaluate(cond, ctx).matched ? run(cond, false) : [];
}

/** Says in words why a condition does not hold, for "not applicable" reasons. */
export function explainFailure(cond: Condition, ctx: ConditionContext): string {
  const l = leaf(ctx, cond);
  if (l) {
    if ('kind' in cond) return ctx.target ? `is not ${/^[aeiou]|^llm|^ml-/.test(cond.kind) ? 'an' : 'a'} ${cond.kind}` : `no ${cond.kind} component`;
    return l.fact === false ? `${l.name} is absent` : `no evidence of ${l.name}`;
  }
  if ('all' in cond) {
    const failing = cond.all.find((c) => !evaluate(c, ctx).matched);
    return failing ? explainFailure(failing, ctx) : 'condition holds';
  }
  if ('any' in cond) return cond.any.map((c) => explainFailure(c, ctx)).join(' and ');
  if ('not' in cond) return `${describe(cond.not)} holds`;
  return 'condition does not hold';
}

/** Renders a condition as a short expression, for `kb show` and lint messages. */
export function describe(cond: Condition): string {
  if ('feature' in cond) return cond.feature;
  if ('trait' in cond) return `trait ${cond.trait}`;
  if ('kind' in cond) return `kind ${cond.kind}`;
  if ('all' in cond) return cond.all.length === 1 ? describe(cond.all[0]!) : `(${cond.all.map(describe).join(' and ')})`;
  if ('any' in cond) return cond.any.length === 1 ? describe(cond.any[0]!) : `(${cond.any.map(describe).join(' or ')})`;
  return `not ${describe(cond.not)}`;
}

/** Every leaf of a condition, for lint and for the questions an interview should ask. */
export function leaves(cond: Condition): Condition[] {
  if ('all' in cond) return cond.all.flatMap(leaves);
  if ('any' in cond) return cond.any.flatMap(leaves);
  if ('not' in cond) return leaves(cond.not);
  return [cond];
}
