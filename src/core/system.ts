import { z } from 'zod';
import { COMPONENT_KINDS, FEATURE_NAMES, TRAIT_NAMES } from './vocabulary.js';

const Text = z.string().trim().min(1);
const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id such as "refund-tool"');

/** Where a fact was read: the document shows `quote` at `file:line`. */
export const EvidenceSchema = z.strictObject({
  file: Text,
  line: z.number().int().min(1),
  quote: Text,
});
export type Evidence = z.infer<typeof EvidenceSchema>;

const Evidenced = { evidence: z.array(EvidenceSchema).default([]) };

export const TraitFactSchema = z.strictObject({
  trait: z.enum(TRAIT_NAMES as [string, ...string[]]),
  present: z.boolean().default(true),
  ...Evidenced,
});

export const ComponentSchema = z.strictObject({
  id: Slug,
  name: Text,
  kind: z.enum(COMPONENT_KINDS),
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
  present: z.boolean(),
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
