import { z } from 'zod';
import type { Threat } from './threat.js';
import { THREAT_STATUSES } from './vocabulary.js';

const Text = z.string().trim().min(1);

export const DecisionSchema = z
  .strictObject({
    status: z.enum(THREAT_STATUSES),
    reason: Text.optional(),
    owner: Text.optional(),
    ticket: Text.optional(),
    date: z.union([Text, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
  })
  .refine((d) => !['accepted', 'not-applicable', 'transferred'].includes(d.status) || d.reason !== undefined, {
    message: 'accepted, not-applicable and transferred decisions need a reason',
    path: ['reason'],
  });
export type Decision = z.infer<typeof DecisionSchema>;

/** The triage file: human decisions keyed by threat key or display id. aitm reads it and never writes it. */
export const TriageFileSchema = z.strictObject({
  decisions: z.record(z.string(), DecisionSchema).default({}),
});
export type TriageFile = z.infer<typeof TriageFileSchema>;

export interface TriageResult {
  threats: Threat[];
  applied: number;
  /** Decisions whose key matches no threat any more: reported, never dropped silently. */
  orphaned: string[];
}

/** Applies human decisions to generated threats. A decision keyed by the stable key wins over one keyed by display id. */
export function applyTriage(threats: readonly Threat[], triage: TriageFile | undefined): TriageResult {
  if (!triage) return { threats: [...threats], applied: 0, orphaned: [] };
  const used = new Set<string>();
  let applied = 0;
  const out = threats.map((t) => {
    const byKey = triage.decisions[t.key];
    const byId = triage.decisions[t.id];
    const decision = byKey ?? byId;
    if (!decision) return t;
    used.add(byKey ? t.key : t.id);
    if (byKey && byId) used.add(t.id);
    applied++;
    const { status, ...rest } = decision;
    return { ...t, status, triage: rest };
  });
  const orphaned = Object.keys(triage.decisions).filter((k) => !used.has(k)).sort();
  return { threats: out, applied, orphaned };
}
