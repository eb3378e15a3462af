import { z } from 'zod';
import { COMPONENT_KINDS, FEATURE_NAMES, TRAIT_NAMES } from './vocabulary.js';

const Text = z.string().trim().min(1);
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id such as "refund-tool"');

/** Where a fact was read: the document shows `quote` at `file:line`. */
export const EvidenceSchema = z.strictObject({
  file: Text,
  line: z.number().int().min(1),
  quote: Text,
  reading: Text.optional().describe('How the sentence states the fact when it is not a plain yes: "negated: not", "planned: roadmap", "conditional: over $200".'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

const Evidenced = { evidence: z.array(EvidenceSchema).default([]) };

/**
 * The state of a fact: present (in place now), partial (only under a condition or for part of the
 * system), absent (the docs say no, or not yet), unknown (the docs hedge, ask or are unclear).
 * Only `present` counts as in place; unknown never lowers a risk.
 */
export const FACT_STATES = ['present', 'partial', 'absent', 'unknown'] as const;
export type FactState = (typeof FACT_STATES)[number];
const State = z.enum(FACT_STATES);
const Condition = Text.optional().describe('For a partial fact: the condition as the docs state it ("refunds over $200").');

export const TraitFactSchema = z.strictObject({
  trait: z.enum(TRAIT_NAMES as [string, ...string[]]),
  state: State.default('present'),
  condition: Condition,
  ...Evidenced,
});
export type TraitFact = z.infer<typeof TraitFactSchema>;

export const ComponentSchema = z.strictObject({
  id: Slug,
  name: Text,
  kind: z.enum(COMPONENT_KINDS),
  technology: Text.optional().describe('The product or technology the docs name for it ("Qdrant", "Kafka").'),
  description: Text.optional(),
  traits: z.array(TraitFactSchema).default([]),
  ...Evidenced,
});
export type Component = z.infer<typeof ComponentSchema>;

export const DataFlowSchema = z.strictObject({
  from: Slug,
  to: Slug,
  data: Text.optional(),
  crosses_boundary: z.boolean().default(false),
  ...Evidenced,
});
export type DataFlow = z.infer<typeof DataFlowSchema>;

export const ActorSchema = z.strictObject({
  id: Slug,
  name: Text,
  trust: z.enum(['anonymous', 'authenticated', 'privileged', 'internal', 'third-party']),
  ...Evidenced,
});
export type Actor = z.infer<typeof ActorSchema>;

export const TrustBoundarySchema = z.strictObject({
  id: Slug,
  name: Text,
  components: z.array(Slug).default([]),
});

export const FeatureFactSchema = z.strictObject({
  state: State,
  condition: Condition,
  scope: z
    .array(Slug)
    .optional()
    .describe('For a partial control: the components it is in place for; it counts as present only for them.'),
  ...Evidenced,
});
export type FeatureFact = z.infer<typeof FeatureFactSchema>;

/** The system model, also the `system.yaml` round-trip format and the system card. */
export const SystemModelSchema = z.strictObject({
  name: Text,
  purpose: Text.optional(),
  actors: z.array(ActorSchema).default([]),
  components: z.array(ComponentSchema).default([]),
  flows: z.array(DataFlowSchema).default([]),
  boundaries: z.array(TrustBoundarySchema).default([]),
  features: z
    .partialRecord(z.enum(FEATURE_NAMES as [string, ...string[]]), FeatureFactSchema)
    .default({}),
  limitations: z.array(Text).default([]),
  assumptions: z.array(Text).default([]),
  questions: z.array(Text).default([]),
});
export type SystemModel = z.infer<typeof SystemModelSchema>;
export type SystemModelInput = z.input<typeof SystemModelSchema>;

/** A trait as one short phrase: "side-effects", "no requires-approval", "requires-approval: partial (over $200)". */
export function traitPhrase(t: Pick<TraitFact, 'trait' | 'state' | 'condition'>): string {
  if (t.state === 'present') return t.trait;
  if (t.state === 'absent') return `no ${t.trait}`;
  return `${t.trait}: ${t.state}${t.condition ? ` (${t.condition})` : ''}`;
}

/** A feature's state as one short phrase: "present", "partial (only for Refund tool)". */
export function statePhrase(f: Pick<FeatureFact, 'state' | 'condition'>): string {
  return `${f.state}${f.condition ? ` (${f.condition})` : ''}`;
}
