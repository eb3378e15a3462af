import { z } from 'zod';
import { displayId, threatKey } from './ids.js';
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
  /** Decisions that followed their threat to a new key, because the components sharing it changed. */
  followed: Array<{ decision: string; threat: string }>;
}

/** The basis (knowledge entry or statement) and component ids of a threat key `basis@c1@c2`. */
function parseKey(key: string): { basis: string; components: string[] } {
  const [basis, ...components] = key.split('@');
  return { basis: basis!, components };
}

/**
 * Applies human decisions to generated threats. A decision keyed by the stable key wins over one
 * keyed by display id. When the components that share a threat change (a tool joins or leaves
 * "model-chosen tool arguments…"), its key and id change; a decision made for the same entry on any
 * of its components follows it — by key, or by the display id a one-component threat had — and is
 * reported as followed.
 */
export function applyTriage(threats: readonly Threat[], triage: TriageFile | undefined): TriageResult {
  if (!triage) return { threats: [...threats], applied: 0, orphaned: [], followed: [] };
  const used = new Set<string>();
  const followed: TriageResult['followed'] = [];
  let applied = 0;
  const decide = (t: Threat, decision: Decision) => {
    applied++;
    const { status, ...rest } = decision;
    return { ...t, status, triage: rest };
  };
  // Exact matches first, so a decision that still names its threat is never taken by another.
  const exact = threats.map((t) => {
    const byKey = triage.decisions[t.key];
    const byId = triage.decisions[t.id];
    if (byKey) used.add(t.key);
    if (byId) used.add(t.id);
    return byKey ?? byId;
  });
  const loose = Object.keys(triage.decisions)
    .filter((k) => !used.has(k))
    .sort();
  const out = threats.map((t, i) => {
    const decision = exact[i];
    if (decision) return decide(t, decision);
    const { basis, components } = parseKey(t.key);
    const legacyIds = new Set(components.map((c) => displayId(t.category, threatKey(basis, [c]))));
    const match = loose.find((k) => {
      if (used.has(k)) return false;
      if (legacyIds.has(k)) return true;
      const other = parseKey(k);
      return other.components.length > 0 && other.basis === basis && other.components.some((c) => components.includes(c));
    });
    if (!match) return t;
    used.add(match);
    followed.push({ decision: match, threat: t.id });
    return decide(t, triage.decisions[match]!);
  });
  const orphaned = Object.keys(triage.decisions).filter((k) => !used.has(k)).sort();
  return { threats: out, applied, orphaned, followed };
}
