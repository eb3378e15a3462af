import { z } from 'zod';
import { EvidenceSchema, FACT_STATES, SystemModelSchema } from './system.js';
import { CATEGORIES, ORIGINS, RISK_LEVELS, SURFACES, THREAT_STATUSES } from './vocabulary.js';

const Text = z.string().trim().min(1);

export const ReferenceSchema = z.strictObject({
  id: Text,
  catalog: Text,
  name: Text,
});
export type Reference = z.infer<typeof ReferenceSchema>;

export const ThreatMitigationSchema = z.strictObject({
  id: Text,
  title: Text,
  description: Text,
  monitoring: z.strictObject({ signal: Text, alert: Text }),
});
export type ThreatMitigation = z.infer<typeof ThreatMitigationSchema>;

export const ThreatSchema = z.strictObject({
  id: z.string().regex(/^[STRIDE]-[0-9a-f]{6,}$/, 'a display id such as E-3f2a9c'),
  key: Text.describe('Stable key: <entry or statement>@<component>[@<component>…]; triage is keyed by it.'),
  title: Text,
  category: z.enum(CATEGORIES),
  categories: z.array(z.enum(CATEGORIES)).min(1),
  surface: z.enum(SURFACES).nullable(),
  components: z.array(Text).min(1),
  statement: z.strictObject({
    source: Text,
    prerequisites: Text,
    action: Text,
    impact: Text,
    assets: z.array(Text).min(1),
  }),
  text: Text.describe('The statement rendered as one sentence.'),
  scenario: z.strictObject({ misactor: Text, goal: Text, steps: z.array(Text).min(1) }),
  likelihood: z.number().int().min(1).max(4),
  impact: z.number().int().min(1).max(4),
  risk: z.enum(RISK_LEVELS),
  rationale: Text,
  mitigations: z.array(ThreatMitigationSchema).min(1),
  indicators: z.array(Text).default([]),
  red_team: z.array(z.strictObject({ title: Text, procedure: Text, expected: Text })).default([]),
  entry: Text.nullable().describe('Knowledge-base entry id, null for threats with no catalog match.'),
  references: z.array(ReferenceSchema),
  evidence: z.array(EvidenceSchema),
  assumed_absent: z.array(Text).default([]).describe('Features the rule assumed absent because the docs are silent.'),
  why: z
    .array(
      z.strictObject({
        fact: Text.describe('A feature or trait the rule read.'),
        component: Text.optional().describe('The component id a trait belongs to.'),
        state: z.enum([...FACT_STATES, 'not-stated']).describe('What the docs say of it; not-stated when they are silent.'),
        wanted: z.enum(['present', 'absent']).describe('What the rule needed for the threat to apply.'),
        evidence: EvidenceSchema.nullable(),
      }),
    )
    .default([])
    .describe('Why the threat applies here: the facts its rule read, with the line of the docs that states each.'),
  origin: z.enum(ORIGINS),
  status: z.enum(THREAT_STATUSES),
  triage: z
    .strictObject({ reason: Text.optional(), owner: Text.optional(), ticket: Text.optional(), date: Text.optional() })
    .optional()
    .describe('The human decision from the triage file, when there is one.'),
});
export type Threat = z.infer<typeof ThreatSchema>;

export const CoverageCellSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('covered'), threats: z.array(Text).min(1) }),
  z.strictObject({ state: z.literal('not-applicable'), reason: Text }),
  z.strictObject({ state: z.literal('gap'), reason: Text }),
]);
export type CoverageCell = z.infer<typeof CoverageCellSchema>;

export const CoverageRowSchema = z.strictObject({
  component: Text,
  cells: z.strictObject(
    Object.fromEntries(CATEGORIES.map((c) => [c, CoverageCellSchema])) as Record<
      (typeof CATEGORIES)[number],
      typeof CoverageCellSchema
    >,
  ),
});
export type CoverageRow = z.infer<typeof CoverageRowSchema>;

export const ValidationReportSchema = z.strictObject({
  mode: z.enum(['offline', 'llm']),
  calls: z.number().int().min(0),
  accepted: z.number().int().min(0),
  repaired: z.number().int().min(0),
  rejected: z.number().int().min(0),
  reasons: z.array(z.strictObject({ reason: Text, count: z.number().int().min(1) })),
  notes: z.array(Text),
  usage: z
    .strictObject({
      calls: z.number().int().min(0),
      cache_hits: z.number().int().min(0),
      input_tokens: z.number().int().min(0),
      output_tokens: z.number().int().min(0),
      cost_usd: z.number().min(0).nullable().describe('Estimate from the configured price table; null when the model has no price.'),
      partial: z.boolean().describe('True when a budget cap stopped the run before every call was made.'),
      per_call: z.array(z.strictObject({ task: Text, input_tokens: z.number().int(), output_tokens: z.number().int(), cached: z.boolean(), outcome: Text })),
    })
    .nullable(),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

export const ProvenanceSchema = z.strictObject({
  generator: z.literal('aitm'),
  version: Text,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  mode: z.enum(['offline', 'llm']),
  knowledge_base: z.strictObject({ entries: z.number().int(), sha256: Text }),
  inputs: z.array(z.strictObject({ file: Text, sha256: Text })),
  model: z.strictObject({ name: Text, provider: Text }).nullable(),
  prompts: z.array(z.strictObject({ name: Text, sha256: Text })),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const MonitoringItemSchema = z.strictObject({
  signal: Text,
  alert: Text,
  mitigation: Text,
  threats: z.array(Text).min(1),
});
export type MonitoringItem = z.infer<typeof MonitoringItemSchema>;

export const FindingSchema = z.strictObject({
  kind: z.enum(['instruction-like-text', 'secret-redacted', 'unresolved-reference']),
  message: Text,
  evidence: z.array(EvidenceSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What the reader made of the documents: shown as "What aitm read", and the basis of its warnings. */
export const ReadingReportSchema = z.strictObject({
  documents: z.array(
    z.strictObject({
      file: Text,
      format: z.enum(['markdown', 'text', 'mermaid', 'plantuml', 'structurizr', 'structured']),
      title: Text.nullable(),
      components: z.number().int().min(0).describe('Components with evidence in this document.'),
    }),
  ),
  main: Text.nullable().describe('The document the system name and purpose come from.'),
  unplaced: z.array(EvidenceSchema).describe('Sentences that state a control the reader could not attach to a component.'),
  status: z.enum(['ok', 'thin', 'no-ai', 'empty']),
  warnings: z.array(Text),
});
export type ReadingReport = z.infer<typeof ReadingReportSchema>;

export const ThreatModelSchema = z.strictObject({
  schema_version: z.literal(1),
  provenance: ProvenanceSchema,
  system: SystemModelSchema,
  threats: z.array(ThreatSchema),
  coverage: z.array(CoverageRowSchema),
  monitoring: z.array(MonitoringItemSchema),
  questions: z.array(Text),
  findings: z.array(FindingSchema),
  reading: ReadingReportSchema,
  validation: ValidationReportSchema,
});
export type ThreatModel = z.infer<typeof ThreatModelSchema>;
