import { z } from 'zod';
import { CATEGORIES, COMPONENT_KINDS, FEATURE_NAMES, SURFACES, TRAIT_NAMES } from './vocabulary.js';

/**
 * A declarative condition, evaluated by code (src/core/conditions.ts), never by `eval`.
 *   { feature: rag }            the system has the feature (detected present)
 *   { kind: tool }              the system has a component of that kind (system level),
 *                               or the target component is of that kind (target level)
 *   { trait: side-effects }     the target component has the trait (target level only)
 *   { all: [...] } { any: [...] } { not: ... }
 * `not` is true when the fact is absent *or unknown*; unknowns it relied on become open questions.
 */
export type Condition =
  | { feature: (typeof FEATURE_NAMES)[number] }
  | { kind: (typeof COMPONENT_KINDS)[number] }
  | { trait: (typeof TRAIT_NAMES)[number] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const FeatureName = z.enum(FEATURE_NAMES as [string, ...string[]]);
const TraitName = z.enum(TRAIT_NAMES as [string, ...string[]]);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ feature: FeatureName }),
    z.strictObject({ kind: z.enum(COMPONENT_KINDS) }),
    z.strictObject({ trait: TraitName }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
) as z.ZodType<Condition>;

/** Variables a template may use; rendered by code with the system's own names. */
export const TEMPLATE_VARIABLES = ['component', 'system', 'model'] as const;

const Text = z.string().trim().min(1);
const Template = Text.describe(
  'Text with optional {component}, {system} and {model} placeholders, filled with the system\'s own names.',
);

export const ExternalIdSchema = z
  .string()
  .regex(
    /^(LLM(0[1-9]|10):2025|ASI(0[1-9]|10)|ML(0[1-9]|10):2023|API([1-9]|10):2023|AML\.T\d{4}(\.\d{3})?|AML\.M\d{4}|AML\.CS\d{4}|CWE-\d+)$/,
    'an external ID such as LLM01:2025, ASI02, ML02:2023, API1:2023, AML.T0051.001, AML.M0015, AML.CS0020 or CWE-1427',
  );

export const MitigationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id'),
  title: Text,
  description: Template,
  monitoring: z.strictObject({
    signal: Text.describe('What to measure or log.'),
    alert: Text.describe('When to page or open a ticket.'),
  }),
  references: z.array(ExternalIdSchema).default([]),
});
export type Mitigation = z.infer<typeof MitigationSchema>;

const Level = z.number().int().min(1).max(4);
const Adjustment = z.strictObject({
  when: ConditionSchema,
  by: z.number().int().min(-3).max(3).refine((n) => n !== 0, 'must not be 0'),
  because: Text,
});

export const KnowledgeEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id'),
  title: Text,
  summary: Text.describe('Two or three sentences in our own words.'),
  categories: z.array(z.enum(CATEGORIES)).min(1).describe('STRIDE-AI categories, primary first.'),
  surfaces: z.array(z.enum(SURFACES)).default([]).describe('AI surfaces, primary first; empty for a classic threat that no AI surface is about.'),
  applies_when: ConditionSchema.describe('System-level condition over features and component kinds.'),
  targets: z
    .array(
      z.strictObject({
        kind: z.enum(COMPONENT_KINDS),
        when: ConditionSchema.optional(),
      }),
    )
    .min(1)
    .describe(
      'Where the threat attaches, in order of preference: the first spec that matches a component wins, ' +
        'and the threat is raised once for each component it matches.',
    ),
  threat: z.strictObject({
    source: Template.describe('Who: "an anonymous user of {system}".'),
    prerequisites: Template.describe('With what access or precondition.'),
    action: Template.describe('Can do what, naming {component}.'),
    impact: Template.describe('Which leads to what.'),
    assets: z.array(Template).min(1),
  }),
  scenario: z.strictObject({
    misactor: Template,
    goal: Template,
    steps: z.array(Template).min(2),
  }),
  likelihood: z.strictObject({ base: Level, adjust: z.array(Adjustment).default([]) }),
  impact: z.strictObject({ base: Level, adjust: z.array(Adjustment).default([]) }),
  indicators: z.array(Text).min(1),
  mitigations: z.array(MitigationSchema).min(1),
  red_team: z
    .array(z.strictObject({ title: Text, procedure: Template, expected: Template }))
    .min(1),
  references: z.array(ExternalIdSchema).min(1),
  question: Text.optional().describe('What to ask the team when the facts this entry reads are unknown.'),
  keywords: z.array(Text).default([]),
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntrySchema>;
export type KnowledgeEntryInput = z.input<typeof KnowledgeEntrySchema>;

/** The registry of official external IDs and names (facts), kept in knowledge/registry.json. */
export const RegistrySchema = z.strictObject({
  catalogs: z.record(
    z.string(),
    z.strictObject({
      title: Text,
      version: Text,
      url: Text,
      entries: z.record(z.string(), Text),
    }),
  ),
});
export type Registry = z.infer<typeof RegistrySchema>;
