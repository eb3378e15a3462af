import pLimit from 'p-limit';
import { z } from 'zod';
import { slugify } from './extract/builder.js';
import { displayName, resolveReferences, riskOf, sentenceOf } from './generate.js';
import { assignDisplayIds, sha256, threatKey } from './ids.js';
import type { KnowledgeEntry, Registry } from './knowledge.js';
import { BudgetExhausted, type CheckResult, type LlmSession } from './llm-session.js';
import { asData, type PromptTemplate } from './prompt.js';
import { statePhrase, traitPhrase, type SystemModel } from './system.js';
import type { Threat } from './threat.js';
import { CATEGORIES, CATEGORY_INFO, IMPACT_LABELS, LIKELIHOOD_LABELS, SURFACES, type Category } from './vocabulary.js';

/** Retrieval the engine needs from the knowledge base (src/kb implements it). */
export interface KnowledgeRetriever {
  retrieveForCategory(system: SystemModel, category: Category, k: number): KnowledgeEntry[];
}

export interface BrainstormInput {
  system: SystemModel;
  catalog: readonly Threat[];
  registry: Registry;
  template: PromptTemplate;
  /** Knowledge entries per category given to the model. */
  topK: number;
  maxThreatsPerCategory: number;
  concurrency: number;
}

const S = z.string();

/**
 * The response schema of one brainstorming call, built per run: components are this system's
 * component ids and references the entries retrieved for this call, so the model cannot name
 * what does not exist. Kept inside the portable strict subset (no bounds: those are checked after).
 */
export function brainstormWireSchema(componentIds: readonly string[], knowledgeIds: readonly string[]) {
  const Threat = z.strictObject({
    title: S,
    components: z.array(z.enum(componentIds as [string, ...string[]])),
    references: z.array(z.enum(knowledgeIds as [string, ...string[]])),
    surface: z.enum(SURFACES).nullable(),
    statement: z.strictObject({ source: S, prerequisites: S, action: S, impact: S, assets: z.array(S) }),
    scenario: z.strictObject({ misactor: S, goal: S, steps: z.array(S) }),
    likelihood: z.number(),
    impact: z.number(),
    rationale: S,
    mitigations: z.array(z.strictObject({ title: S, description: S, monitoring: z.strictObject({ signal: S, alert: S }) })),
  });
  return z.strictObject({ threats: z.array(Threat) });
}
export type BrainstormWire = z.infer<ReturnType<typeof brainstormWireSchema>>;
type WireThreat = BrainstormWire['threats'][number];

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
const Level = z.number().int().min(1).max(4);

/** The bounds the wire schema cannot carry; its messages go back to the model in the repair round. */
const Semantic = z.object({
  title: Text(8, 160),
  components: z.array(z.string()).min(1).max(4),
  references: z.array(z.string()).min(1),
  statement: z.object({
    source: Text(8, 300),
    prerequisites: Text(8, 400),
    action: Text(20, 500),
    impact: Text(12, 400),
    assets: z.array(Text(3, 200)).min(1).max(6),
  }),
  scenario: z.object({ misactor: Text(4, 200), goal: Text(8, 300), steps: z.array(Text(8, 500)).min(2).max(8) }),
  likelihood: Level,
  impact: Level,
  rationale: Text(12, 500),
  mitigations: z
    .array(z.object({ title: Text(4, 160), description: Text(12, 600), monitoring: z.object({ signal: Text(6, 300), alert: Text(6, 300) }) }))
    .min(1)
    .max(5),
});

const GENERIC = /^(?:an? )?(?:attacker|hacker|adversary|malicious (?:user|actor))s? (?:can |could |may )?(?:attack|compromise|exploit|hack|breach) (?:the |this )?(?:system|application|app|service|model)\.?$/i;
const STOP = new Set('a an the of to in on for and or with by from at as is are be can could that this which it its into their them they your our any via'.split(' '));

/** Content words of a statement, for meaning-level duplicate checks. */
export function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2 && !STOP.has(w))
      .map((w) => w.replace(/(ing|ed|es|s)$/, '')),
  );
}

export function similarity(a: string, b: string): number {
  const x = contentWords(a);
  const y = contentWords(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/** A threat statement reads as one sentence of at most this many words (the catalog's own are held to it too). */
export const MAX_STATEMENT_WORDS = 45;

/** Above this Jaccard similarity of action + impact, two threats on the same components say the same thing. */
export const DUPLICATE_THRESHOLD = 0.5;

function statementOf(t: { statement: { action: string; impact: string } }): string {
  return `${t.statement.action} ${t.statement.impact}`;
}

function checkThreats(
  value: BrainstormWire,
  system: SystemModel,
  retrieved: ReadonlySet<string>,
  catalog: readonly Threat[],
): CheckResult<WireThreat> {
  const ids = new Set(system.components.map((c) => c.id));
  const result: CheckResult<WireThreat> = { accepted: [], repairable: [], rejected: [] };
  for (const item of value.threats) {
    const problems: string[] = [];
    const parsed = Semantic.safeParse(item);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    for (const c of item.components) if (!ids.has(c)) problems.push(`components: "${c}" is not a component id of this system`);
    for (const r of item.references) if (!retrieved.has(r)) problems.push(`references: "${r}" is not one of the knowledge entries given`);
    if (GENERIC.test(item.statement.action.trim())) problems.push('statement.action: too generic; name the component and what exactly the attacker does');
    const words = sentenceOf({ ...item.statement, assets: [...item.statement.assets] }).split(/\s+/).length;
    if (words > MAX_STATEMENT_WORDS) problems.push(`statement: ${words} words as one sentence; shorten the slots so it reads in at most ${MAX_STATEMENT_WORDS} words`);
    if (problems.length > 0) {
      result.repairable.push({ item, problems });
      continue;
    }
    const twin = catalog.find((t) => t.components.some((c) => item.components.includes(c)) && similarity(statementOf(t), statementOf(item)) >= DUPLICATE_THRESHOLD);
    if (twin) {
      result.rejected.push(`duplicate of a catalog threat (${twin.id})`);
      continue;
    }
    result.accepted.push(item);
  }
  return result;
}

function systemForPrompt(system: SystemModel): string {
  const lines = [
    `System: ${system.name}`,
    ...(system.purpose ? [`Purpose: ${system.purpose}`] : []),
    'Components (id | name | kind | traits):',
    ...system.components.map(
      (c) => `- ${c.id} | ${c.name} | ${c.kind} | ${c.traits.map(traitPhrase).join(', ') || '-'}`,
    ),
    'Data flows:',
    ...system.flows.map((f) => `- ${f.from} -> ${f.to}${f.data ? ` (${f.data})` : ''}${f.crosses_boundary ? ' [crosses trust boundary]' : ''}`),
    'AI features (detected in the documents):',
    ...Object.entries(system.features).map(([k, v]) => `- ${k}: ${statePhrase(v!)}`),
  ];
  return asData('system_model', lines.join('\n'));
}

function knowledgeForPrompt(entries: readonly KnowledgeEntry[]): string {
  const body = entries
    .map((e) =>
      [
        `[${e.id}] ${e.title}`,
        e.summary,
        `Typical misuse: ${e.threat.action}`,
        `Mitigations: ${e.mitigations.map((m) => m.title).join('; ')}`,
      ].join('\n'),
    )
    .join('\n\n');
  return asData('knowledge', body);
}

function catalogForPrompt(category: Category, catalog: readonly Threat[]): string {
  const mine = catalog.filter((t) => t.categories.includes(category));
  const body = mine.length ? mine.map((t) => `- ${t.id} on ${t.components.join(', ')}: ${t.title.split(' — ')[0]}`).join('\n') : '(none)';
  return asData('threats_already_found', body);
}

/** Turns an accepted misuse case into a Threat: ids, risk and references computed by code. */
function toThreat(item: WireThreat, category: Category, system: SystemModel, entries: ReadonlyMap<string, KnowledgeEntry>, registry: Registry): Omit<Threat, 'id'> {
  const components = [...new Set(item.components)].sort();
  const refs = [...new Set(item.references.flatMap((r) => entries.get(r)?.references ?? []))];
  const normalised = [...contentWords(item.statement.action)].sort().slice(0, 12).join('-');
  const key = threatKey(`llm.${CATEGORY_INFO[category].letter.toLowerCase()}.${sha256(normalised).slice(0, 10)}`, components);
  const first = system.components.find((c) => c.id === components[0]);
  const l = Math.round(item.likelihood);
  const i = Math.round(item.impact);
  const sentence = sentenceOf({ ...item.statement, assets: [...item.statement.assets] });
  return {
    key,
    title: `${item.title.trim()}${first ? ` — ${displayName(first.name).replace(/^the /, '').replace(/^./, (ch) => ch.toUpperCase())}` : ''}`,
    category,
    categories: [category],
    surface: item.surface,
    components,
    statement: { ...item.statement, assets: [...item.statement.assets] },
    text: sentence.replace(/\s+/g, ' '),
    scenario: { misactor: item.scenario.misactor, goal: item.scenario.goal, steps: [...item.scenario.steps] },
    likelihood: l,
    impact: i,
    risk: riskOf(l, i),
    rationale: `Likelihood ${LIKELIHOOD_LABELS[l - 1]} (${l}/4), impact ${IMPACT_LABELS[i - 1]} (${i}/4): ${item.rationale.trim()}`,
    mitigations: item.mitigations.map((m) => ({ id: slugify(m.title), title: m.title, description: m.description, monitoring: m.monitoring })),
    indicators: [],
    red_team: [],
    entry: item.references[0] ?? null,
    references: resolveReferences(registry, refs),
    evidence: components.flatMap((c) => system.components.find((x) => x.id === c)?.evidence.slice(0, 1) ?? []),
    assumed_absent: [],
    why: [],
    origin: 'llm',
    status: 'open',
  };
}

export interface BrainstormResult {
  threats: Threat[];
  /** Categories that were not brainstormed, and why (reported in the validation notes). */
  categoriesSkipped: string[];
}

/**
 * Brainstorms misuse cases per STRIDE-AI category, concurrently within a bound, each grounded in
 * the entries retrieved for that category. Accepted threats are deduplicated by meaning (against the
 * catalog and each other) and get stable ids from their normalised statement and components.
 */
export async function brainstorm(session: LlmSession, kb: KnowledgeRetriever, input: BrainstormInput): Promise<BrainstormResult> {
  const { system } = input;
  const limit = pLimit(Math.max(1, input.concurrency));
  const skipped: string[] = [];
  const componentIds = system.components.map((c) => c.id);
  const perCategory = await Promise.all(
    CATEGORIES.map((category) =>
      limit(async () => {
        const retrieved = kb.retrieveForCategory(system, category, input.topK);
        if (retrieved.length === 0 || componentIds.length === 0) {
          skipped.push(`${category}: no applicable knowledge entries to ground on`);
          return [] as Array<Omit<Threat, 'id'>>;
        }
        const ids = new Set(retrieved.map((e) => e.id));
        const byId = new Map(retrieved.map((e) => [e.id, e]));
        const wire = brainstormWireSchema(componentIds, [...ids]);
        try {
          const items = await session.run({
            task: `brainstorm:${category}`,
            template: input.template,
            vars: {
              category: CATEGORY_INFO[category].title,
              category_reading: CATEGORY_INFO[category].reading,
              system: systemForPrompt(system),
              catalog_threats: catalogForPrompt(category, input.catalog),
              knowledge: knowledgeForPrompt(retrieved),
              max_threats: String(input.maxThreatsPerCategory),
            },
            schemaName: 'misuse_cases',
            wire,
            wrap: (items) => ({ threats: items as WireThreat[] }),
            check: (value) => checkThreats(value, system, ids, input.catalog),
          });
          return items.slice(0, input.maxThreatsPerCategory).map((item) => toThreat(item, category, system, byId, input.registry));
        } catch (error) {
          if (!(error instanceof BudgetExhausted)) throw error;
          session.partial = true;
          skipped.push(`${category}: not brainstormed — ${error.message}`);
          return [];
        }
      }),
    ),
  );

  // Deduplicate by meaning among the model's own threats: same components, near-identical statement.
  const kept: Array<Omit<Threat, 'id'>> = [];
  for (const t of perCategory.flat()) {
    const twin = kept.find((k) => k.key === t.key || (k.components.some((c) => t.components.includes(c)) && similarity(statementOf(k), statementOf(t)) >= DUPLICATE_THRESHOLD));
    if (twin) {
      session.reject('duplicate of another model threat');
      session.accepted = Math.max(0, session.accepted - 1);
      continue;
    }
    kept.push(t);
  }
  const ids = assignDisplayIds(kept);
  return { threats: kept.map((t) => ({ id: ids.get(t.key)!, ...t })), categoriesSkipped: skipped.sort() };
}
