import type { ClauseReading } from '../read/reading.js';
import type { Evidence, FactState, FeatureFact, SystemModel, TraitFact } from '../system.js';
import { CONTROL_TRAITS, CONTROLS, FEATURE_NAMES, isControl, type ComponentKind, type Feature, type Trait } from '../vocabulary.js';
import { addEvidence, type Draft, type Statement, type SystemBuilder } from './builder.js';

interface Combined {
  state: FactState;
  condition?: string;
  evidence: Evidence[];
}

const NOT_IN_PLACE: ReadonlySet<ClauseReading['reading']> = new Set(['negated', 'planned', 'rejected']);

function byLine(a: Evidence, b: Evidence): number {
  const structured = (e: Evidence) => (/\.(ya?ml|json)$/i.test(e.file) ? 1 : 0);
  return structured(a) - structured(b) || a.file.localeCompare(b.file) || a.line - b.line;
}

function evidenceOf(statements: readonly Statement[]): Evidence[] {
  const out: Evidence[] = [];
  for (const s of [...statements].sort((a, b) => byLine(a.evidence, b.evidence))) addEvidence(out, s.evidence);
  return out.slice(0, 5);
}

/**
 * A control, from every clause that speaks of it: any "no", plan or rejection makes it absent,
 * unless the "no" itself is conditional and another clause affirms it under a condition (then it
 * is partial: "≤ $200 no human; > $200 an agent approves"). A condition makes it partial, a hedge
 * or a question unknown. Only plain affirmations make it present.
 */
export function combineControl(all: readonly Statement[]): Combined {
  // What the docs say about the past ("previously we had no rate limiting") is not about now.
  const current = all.filter((s) => s.reading.reading !== 'past');
  const statements = current.length > 0 ? current : all;
  if (current.length === 0) return { state: 'unknown', evidence: evidenceOf(all) };
  const readings = statements.map((s) => s.reading);
  const negations = statements.filter((s) => NOT_IN_PLACE.has(s.reading.reading));
  const conditional = statements.filter((s) => s.reading.reading === 'conditional');
  const hedged = statements.filter((s) => s.reading.reading === 'hedged' || s.reading.reading === 'asked');
  const lead = (list: Statement[]) => evidenceOf([...list, ...statements.filter((s) => !list.includes(s))]);
  if (negations.length > 0) {
    const allConditional = negations.every((s) => s.reading.condition !== undefined);
    const affirmedSomewhere = readings.some((r) => r.reading === 'conditional' || r.reading === 'affirmed');
    if (allConditional && affirmedSomewhere) {
      const cond = conditional[0]?.reading.condition ?? `not when ${negations[0]!.reading.condition}`;
      return { state: 'partial', condition: cond, evidence: lead([...conditional, ...negations]) };
    }
    return { state: 'absent', evidence: lead(negations) };
  }
  if (conditional.length > 0) return { state: 'partial', condition: conditional[0]!.reading.condition!, evidence: lead(conditional) };
  if (hedged.length > 0) return { state: 'unknown', evidence: lead(hedged) };
  return { state: 'present', evidence: evidenceOf(statements) };
}

/** A capability: any statement that it is there makes it present; only denials make it absent. */
export function combineCapability(statements: readonly Statement[]): Combined {
  const yes = statements.filter((s) => s.reading.reading !== 'negated' && s.reading.reading !== 'asked' && !NOT_IN_PLACE.has(s.reading.reading));
  if (yes.length > 0) return { state: 'present', evidence: evidenceOf(yes) };
  const asked = statements.filter((s) => s.reading.reading === 'asked');
  if (asked.length > 0 && asked.length === statements.length) return { state: 'unknown', evidence: evidenceOf(asked) };
  return { state: 'absent', evidence: evidenceOf(statements) };
}

const TWIN: Partial<Record<Feature, Trait>> = Object.fromEntries(
  Object.entries(CONTROLS)
    .filter(([, v]) => 'trait' in v)
    .map(([k, v]) => [k, (v as { trait: Trait }).trait]),
) as Partial<Record<Feature, Trait>>;

function traitFact(trait: Trait, c: Combined): TraitFact {
  return { trait, state: c.state, ...(c.condition ? { condition: c.condition } : {}), evidence: c.evidence };
}

/** Component traits from the statements about them; controls combine cautiously, capabilities widely. */
export function resolveTraits(b: SystemBuilder): void {
  const byKey = new Map<string, { draft: Draft; trait: Trait; statements: Statement[] }>();
  const add = (draft: Draft, trait: Trait, s: Statement) => {
    const key = `${draft.component.id}\0${trait}`;
    const entry = byKey.get(key) ?? { draft, trait, statements: [] };
    entry.statements.push(s);
    byKey.set(key, entry);
  };
  for (const s of b.statements) {
    const trait = s.trait ?? (s.feature ? TWIN[s.feature] : undefined);
    if (!trait) continue;
    const kinds: readonly ComponentKind[] | undefined = s.feature && isControl(s.feature) ? CONTROLS[s.feature].kinds : undefined;
    if (Array.isArray(s.subjects)) {
      for (const id of s.subjects) {
        const d = b.resolve(id);
        if (d && (!kinds || kinds.includes(d.component.kind))) add(d, trait, s);
      }
    } else if (s.subjects === 'system' && kinds) {
      for (const d of b.ofKind(...kinds)) add(d, trait, s);
    }
  }
  for (const { draft, trait, statements } of byKey.values()) {
    const control = CONTROL_TRAITS.has(trait);
    let combined = control ? combineControl(statements) : combineCapability(statements);
    // "Read-only" outweighs a verb that sounds like a write: for side effects, a stated absence wins.
    if (trait === 'side-effects' && statements.some((s) => s.reading.reading === 'negated' && s.reading.cue && /read/i.test(s.reading.cue))) {
      combined = { state: 'absent', evidence: evidenceOf(statements.filter((s) => s.reading.reading === 'negated')) };
    }
    const existing = draft.component.traits.find((t) => t.trait === trait);
    if (existing) {
      // A trait set from a function's name ("get_orders" reads) yields to what the prose states.
      if (control || combined.state === 'present' || existing.state !== 'absent') {
        existing.state = control && existing.state === 'absent' ? 'absent' : combined.state;
        if (combined.condition) existing.condition = combined.condition;
      }
      for (const e of combined.evidence) addEvidence(existing.evidence, e);
      continue;
    }
    draft.component.traits.push(traitFact(trait, combined));
  }
}

/**
 * System features. Capabilities hold system-wide. A control is present only when every component
 * it protects has it; when only some do, it is partial and `scope` lists them; a statement nobody
 * could place makes it partial too ("the docs do not say which").
 */
export function resolveFeatures(b: SystemBuilder): SystemModel['features'] {
  const out: SystemModel['features'] = {};
  const byFeature = new Map<Feature, Statement[]>();
  for (const s of b.statements) {
    if (!s.feature) continue;
    const list = byFeature.get(s.feature) ?? [];
    list.push(s);
    byFeature.set(s.feature, list);
  }
  for (const feature of FEATURE_NAMES) {
    const statements = byFeature.get(feature);
    if (!statements || statements.length === 0) continue;
    out[feature] = isControl(feature) ? resolveControl(b, feature, statements) : fact(combineCapability(statements));
  }
  return out;
}

function fact(c: Combined, scope?: string[]): FeatureFact {
  return { state: c.state, ...(c.condition ? { condition: c.condition } : {}), ...(scope && scope.length ? { scope } : {}), evidence: c.evidence };
}

function resolveControl(b: SystemBuilder, feature: Feature & keyof typeof CONTROLS, statements: Statement[]): FeatureFact {
  const spec = CONTROLS[feature];
  let eligible = b.ofKind(...spec.kinds);
  if (feature === 'tool-approval') {
    // Approval matters for what changes something; read-only tools and planning agents need none.
    // Approval sits on the tools that act; an agent needs its own only when it acts with no tool.
    const acting = eligible.filter((d) => d.component.traits.some((t) => t.trait === 'side-effects' && t.state === 'present'));
    const actingTools = acting.filter((d) => d.component.kind !== 'agent');
    eligible = actingTools.length > 0 ? actingTools : acting.length > 0 ? acting : eligible.filter((d) => d.component.kind === 'tool');
  }
  const system = statements.filter((s) => s.subjects === 'system');
  const unplaced = statements.filter((s) => s.subjects === 'unplaced');
  const perComponent = new Map<string, Statement[]>();
  for (const s of statements) {
    if (!Array.isArray(s.subjects)) continue;
    for (const id of s.subjects) {
      const d = b.resolve(id);
      if (!d) continue;
      const list = perComponent.get(d.component.id) ?? [];
      list.push(s);
      perComponent.set(d.component.id, list);
    }
  }
  if (eligible.length === 0) return fact(combineControl(statements));
  const states = eligible.map((d) => {
    const own = [...(perComponent.get(d.component.id) ?? []), ...system];
    return { d, c: own.length > 0 ? combineControl(own) : undefined };
  });
  const present = states.filter((x) => x.c?.state === 'present').map((x) => x.d.component.id);
  const partial = states.filter((x) => x.c?.state === 'partial');
  const absent = states.filter((x) => x.c?.state === 'absent');
  const unknown = states.filter((x) => x.c?.state === 'unknown');
  const silent = states.filter((x) => x.c === undefined);
  const placedEvidence = (list: typeof states) => list.flatMap((x) => x.c?.evidence ?? []);
  const unplacedAffirmed = unplaced.filter((s) => s.reading.reading === 'affirmed' || s.reading.reading === 'conditional');
  const unplacedDenied = unplaced.some((s) => NOT_IN_PLACE.has(s.reading.reading));
  const systemWide = system.length > 0 && combineControl(system).state === 'present';
  // In place everywhere the docs speak of it: present. Scope lists where, unless it was said of the whole system.
  const unplacedOpen = unplaced.some((s) => s.reading.reading !== 'affirmed' && s.reading.reading !== 'past');
  if (present.length > 0 && partial.length === 0 && absent.length === 0 && unknown.length === 0 && !unplacedDenied && !unplacedOpen && (!spec.each || silent.length === 0)) {
    return fact({ state: 'present', evidence: evidenceOf(statements) }, systemWide ? undefined : present);
  }
  if (present.length > 0 || partial.length > 0 || unplacedAffirmed.length > 0) {
    const names = (ids: string[]) => ids.map((id) => b.resolve(id)?.component.name ?? id);
    const condition =
      partial[0]?.c?.condition ??
      (present.length > 0 ? `only for ${names(present).join(', ')}` : unplacedAffirmed.length > 0 ? 'the docs do not say which components it covers' : undefined);
    const evidence = [...placedEvidence(states.filter((x) => x.c?.state === 'present')), ...placedEvidence(partial), ...unplaced.map((s) => s.evidence), ...placedEvidence(absent)];
    const list: Evidence[] = [];
    for (const e of evidence.sort(byLine)) addEvidence(list, e);
    return fact({ state: 'partial', ...(condition ? { condition } : {}), evidence: list.slice(0, 5) }, present);
  }
  if (absent.length > 0) return fact({ state: 'absent', evidence: evidenceOf(statements.filter((s) => NOT_IN_PLACE.has(s.reading.reading))) });
  if (unknown.length > 0) return fact({ state: 'unknown', evidence: evidenceOf(statements) });
  return fact(combineControl(unplaced.length > 0 ? unplaced : statements));
}
