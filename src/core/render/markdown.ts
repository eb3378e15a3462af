import { sha256, sha256Joined } from '../ids.js';
import { statePhrase, traitPhrase, type Component, type Evidence, type SystemModel } from '../system.js';
import type { ReadingReport, Threat, ThreatModel } from '../threat.js';
import {
  CATEGORIES,
  CATEGORY_INFO,
  COMPONENT_KINDS,
  CONTROL_TRAITS,
  CONTROLS,
  FEATURES,
  RISK_LEVELS,
  SURFACE_INFO,
  type ComponentKind,
  type Trait,
} from '../vocabulary.js';

/** Escapes text from documents or the LLM for Markdown: no HTML, no accidental formatting or table breaks. */
export function escapeMd(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([`*_[\]|#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Our own prose: only what would break a table or open HTML. */
function safe(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function anchor(id: string): string {
  return id.toLowerCase();
}

function link(id: string): string {
  return `[${id}](#${anchor(id)})`;
}

function where(e: Evidence): string {
  return `\`${e.file}:${e.line}\``;
}

function quote(e: Evidence): string {
  return `${where(e)} — “${escapeMd(e.quote)}”`;
}

interface Lookup {
  name: Map<string, string>;
  threatsPerComponent: Map<string, number>;
  /** A document's short name: its file name, or its path where two documents share a file name. */
  short: Map<string, string>;
}
const lookups = new WeakMap<object, Lookup>();

/** Names and counts by id, built once per system, so rendering stays linear in the model's size. */
function lookup(system: SystemModel, threats: readonly Threat[] = []): Lookup {
  let l = lookups.get(system);
  if (!l) {
    const name = new Map<string, string>();
    for (const a of system.actors) name.set(a.id, a.name);
    for (const c of system.components) name.set(c.id, c.name);
    const threatsPerComponent = new Map<string, number>();
    for (const t of threats) for (const c of t.components) threatsPerComponent.set(c, (threatsPerComponent.get(c) ?? 0) + 1);
    const files = new Set<string>();
    for (const c of system.components) for (const e of c.evidence) files.add(e.file);
    for (const f of Object.values(system.features)) for (const e of f?.evidence ?? []) files.add(e.file);
    const base = (f: string) => f.split('/').pop()!;
    const counts = new Map<string, number>();
    for (const f of files) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
    const short = new Map([...files].map((f) => [f, counts.get(base(f)) === 1 ? base(f) : f]));
    l = { name, threatsPerComponent, short };
    lookups.set(system, l);
  }
  return l;
}

const RISK_BADGE: Record<string, string> = { critical: '🟥 critical', high: '🟧 high', elevated: '🟨 elevated', medium: '🟦 medium', low: '⬜ low' };

function tableLines(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function table(header: string[], rows: string[][]): string {
  return tableLines(header, rows).join('\n');
}

function frontMatter(model: ThreatModel): string {
  const p = model.provenance;
  const lines = [
    '---',
    'generator: aitm',
    `aitm_version: ${p.version}`,
    `date: ${p.date}`,
    `mode: ${p.mode}`,
    `knowledge_base: ${p.knowledge_base.entries} entries, sha256 ${p.knowledge_base.sha256.slice(0, 16)}`,
    ...(p.model ? [`model: ${JSON.stringify(`${p.model.name} @ ${p.model.provider}`)}`] : []),
    'inputs:',
    ...p.inputs.map((i) => `  - ${JSON.stringify(i.file)}: sha256 ${i.sha256.slice(0, 16)}`),
    ...(p.prompts.length ? ['prompts:', ...p.prompts.map((x) => `  - ${x.name}: sha256 ${x.sha256.slice(0, 16)}`)] : []),
    `threats: ${model.threats.length}`,
    ...(model.validation.usage?.partial ? ['partial: true'] : []),
  ];
  return lines.join('\n');
}

const RISK_ORDER = (t: Threat) => RISK_LEVELS.indexOf(t.risk);

/** Threats by risk, highest first, then by likelihood × impact, then key: the order a lead reads them in. */
function byRisk(threats: readonly Threat[]): Threat[] {
  return [...threats].sort((a, b) => RISK_ORDER(b) - RISK_ORDER(a) || b.likelihood * b.impact - a.likelihood * a.impact || a.key.localeCompare(b.key));
}

/** The three mitigations that close the most serious threats, each once: what to do first. */
function nextActions(model: ThreatModel): Array<{ title: string; threats: Threat[]; component: string }> {
  const names = lookup(model.system).name;
  const out = new Map<string, { title: string; threats: Threat[]; component: string }>();
  for (const t of byRisk(model.threats)) {
    if (t.status !== 'open' && t.status !== 'in-discussion') continue;
    const m = t.mitigations[0];
    if (!m) continue;
    const entry = out.get(m.title);
    if (entry) entry.threats.push(t);
    else if (out.size < 3) out.set(m.title, { title: m.title, threats: [t], component: names.get(t.components[0]!) ?? t.components[0]! });
  }
  return [...out.values()];
}

function summary(model: ThreatModel): string {
  const count = (pred: (t: Threat) => boolean) => model.threats.filter(pred).length;
  const risks = [...RISK_LEVELS].reverse().filter((r) => count((t) => t.risk === r) > 0).map((r) => `${count((t) => t.risk === r)} ${r}`);
  const rows = CATEGORIES.map((c) => {
    const ts = model.threats.filter((t) => t.category === c);
    return [
      `[${CATEGORY_INFO[c].title}](#${c})`,
      String(ts.length),
      ...[...RISK_LEVELS].reverse().map((r) => String(ts.filter((t) => t.risk === r).length)),
    ];
  });
  const top = byRisk(model.threats.filter((t) => t.risk === 'critical' || t.risk === 'high')).slice(0, 5);
  const gaps = model.coverage.flatMap((r) => CATEGORIES.filter((c) => r.cells[c].state === 'gap')).length;
  const actions = nextActions(model);
  const lines = [
    '## Summary',
    '',
    `${model.threats.length} threat${model.threats.length === 1 ? '' : 's'} across ${model.system.components.length} component${model.system.components.length === 1 ? '' : 's'}${risks.length ? `: ${risks.join(', ')}` : ''}.`,
  ];
  if (top.length) lines.push('', '**Top risks**', '', ...top.map((t) => `- ${link(t.id)} ${RISK_BADGE[t.risk]} — ${safe(t.title)}: ${safe(t.statement.impact)}.`));
  if (actions.length)
    lines.push(
      '',
      '**Next actions**',
      '',
      ...actions.map((a, i) => `${i + 1}. ${safe(a.title)} (${escapeMd(a.component)}) — addresses ${a.threats.slice(0, 4).map((t) => link(t.id)).join(', ')}${a.threats.length > 4 ? ` and ${a.threats.length - 4} more` : ''}.`),
    );
  lines.push(
    '',
    '**What the docs leave open**',
    '',
    model.questions.length
      ? `${model.questions.length} question${model.questions.length === 1 ? '' : 's'} the docs do not answer (see [open questions](#open-questions-and-assumptions)); until they are answered the threats they bear on stay at full risk. ${gaps} coverage gap${gaps === 1 ? '' : 's'} to review by hand.`
      : `Every fact the rules read was stated in the docs. ${gaps} coverage gap${gaps === 1 ? '' : 's'} to review by hand.`,
    '',
    table(['Category', 'Threats', 'Critical', 'High', 'Elevated', 'Medium', 'Low'], rows),
  );
  return lines.join('\n');
}

function traitList(c: Component): string {
  const order = { present: 0, partial: 1, unknown: 2, absent: 3 } as const;
  return [...c.traits].sort((a, b) => order[a.state] - order[b.state]).map(traitPhrase).join(', ') || '—';
}

function systemCard(system: SystemModel): string {
  const models = system.components.filter((c) => c.kind === 'llm' || c.kind === 'ml-model');
  const features = Object.entries(system.features).sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    '## System card',
    '',
    `**Purpose.** ${system.purpose ? escapeMd(system.purpose) : '_Not stated in the docs — add a purpose line to the architecture doc._'}`,
    '',
    '**Models.**',
    '',
    ...(models.length
      ? models.map((m) => `- **${escapeMd(m.name)}** (${m.kind})${m.traits.length ? ` — ${traitList(m)}` : ''}${m.description ? `: ${escapeMd(m.description)}` : ''}`)
      : ['- _No model component was found in the docs._']),
    '',
    '**Users and actors.**',
    '',
    ...(system.actors.length ? system.actors.map((a) => `- ${escapeMd(a.name)} (${a.trust})`) : ['- _Not drawn in the docs._']),
    '',
    '**AI features and controls detected** (what the threat rules read; the evidence is under "What aitm read"). Only `present` counts as in place:',
    '',
    table(
      ['Feature', 'State', 'Meaning'],
      features.map(([name, fact]) => [
        `\`${name}\``,
        fact!.state === 'present' ? 'present' : `**${safe(statePhrase(fact!))}**`,
        safe((FEATURES as Record<string, string>)[name] ?? ''),
      ]),
    ),
  ];
  if (system.limitations.length) lines.push('', '**Limitations.**', '', ...system.limitations.map((l) => `- ${escapeMd(l)}`));
  if (system.assumptions.length) lines.push('', '**Assumptions.**', '', ...system.assumptions.map((l) => `- ${escapeMd(l)}`));
  return lines.join('\n');
}

const SHAPE: Partial<Record<ComponentKind, [string, string]>> = {
  datastore: ['[(', ')]'],
  'vector-store': ['[(', ')]'],
  dataset: ['[(', ')]'],
  memory: ['[(', ')]'],
  llm: ['{{', '}}'],
  'ml-model': ['{{', '}}'],
  tool: ['[[', ']]'],
  'mcp-server': ['[[', ']]'],
  queue: ['>', ']'],
  agent: ['([', '])'],
};

function mermaidId(id: string): string {
  return `n_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function mermaidLabel(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/[<>]/g, '').replace(/[|]/g, '/')}"`;
}

export function mermaid(system: SystemModel): string {
  const lines = ['```mermaid', 'flowchart LR'];
  const placed = new Set<string>();
  const node = (id: string, name: string, kind: ComponentKind | 'actor', indent: string) => {
    const [open, close] = kind === 'actor' ? ['(', ')'] : (SHAPE[kind] ?? ['[', ']']);
    lines.push(`${indent}${mermaidId(id)}${open}${mermaidLabel(name)}${close}`);
    placed.add(id);
  };
  const components = new Map(system.components.map((c) => [c.id, c]));
  const actors = new Map(system.actors.map((a) => [a.id, a]));
  for (const b of system.boundaries) {
    lines.push(`  subgraph ${mermaidId(`b_${b.id}`)}[${mermaidLabel(b.name)}]`);
    for (const cid of b.components) {
      const c = components.get(cid);
      const a = actors.get(cid);
      if (c && !placed.has(c.id)) node(c.id, c.name, c.kind, '    ');
      else if (a && !placed.has(a.id)) node(a.id, a.name, 'actor', '    ');
    }
    lines.push('  end');
  }
  for (const a of system.actors) if (!placed.has(a.id)) node(a.id, a.name, 'actor', '  ');
  for (const c of system.components) if (!placed.has(c.id)) node(c.id, c.name, c.kind, '  ');
  for (const f of system.flows) {
    const arrow = f.crosses_boundary ? '==>' : '-->';
    lines.push(`  ${mermaidId(f.from)} ${arrow}${f.data ? `|${mermaidLabel(f.data)}|` : ''} ${mermaidId(f.to)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

const FORMAT_NAME: Record<ReadingReport['documents'][number]['format'], string> = {
  markdown: 'Markdown',
  text: 'plain text',
  mermaid: 'Mermaid',
  plantuml: 'PlantUML',
  structurizr: 'Structurizr DSL',
  structured: 'YAML/JSON',
};

/** What the reader made of the documents: files, facts with every line that states them, and what it could not place. */
function whatWasRead(model: ThreatModel): string {
  const { reading, system } = model;
  const l = lookup(system);
  const lines = [
    '## What aitm read',
    '',
    'Every fact below was read from the documents, with the line that states it and how it reads (negated, planned, conditional…). A control counts as in place only when it reads as a plain yes; anything else is listed here and never lowers a risk.',
    '',
    table(
      ['Document', 'Format', 'Title', 'Components'],
      reading.documents.map((d) => [`\`${d.file}\`${d.file === reading.main ? ' (main)' : ''}`, FORMAT_NAME[d.format], d.title ? escapeMd(d.title) : '—', String(d.components)]),
    ),
  ];
  const features = Object.entries(system.features).sort(([a], [b]) => a.localeCompare(b));
  if (features.length) {
    lines.push('', '**Features and controls**', '');
    for (const [name, fact] of features) {
      const scope = fact!.scope?.length ? ` — in place for ${fact!.scope.map((id) => escapeMd(l.name.get(id) ?? id)).join(', ')}` : '';
      lines.push(`- \`${name}\`: ${fact!.state === 'present' ? 'present' : `**${safe(statePhrase(fact!))}**`}${scope}`);
      for (const e of fact!.evidence.slice(0, 3)) lines.push(`  - ${quote(e)}${e.reading ? ` _(${safe(e.reading)})_` : ''}`);
    }
  }
  const traits = system.components.flatMap((c) => c.traits.filter((t) => t.state !== 'present' || CONTROL_TRAITS.has(t.trait as Trait)).map((t) => ({ c, t })));
  if (traits.length) {
    lines.push('', '**Component facts** (controls, and anything not plainly present)', '');
    for (const { c, t } of traits) {
      const e = t.evidence[0];
      lines.push(`- ${escapeMd(c.name)}: ${safe(traitPhrase(t))}${e ? ` — ${quote(e)}${e.reading ? ` _(${safe(e.reading)})_` : ''}` : ''}`);
    }
  }
  if (reading.unplaced.length) {
    lines.push('', '**Sentences aitm could not place** (a control stated without saying which component it covers; it counts as partial until you say):', '');
    for (const e of reading.unplaced.slice(0, 20)) lines.push(`- ${quote(e)}`);
    if (reading.unplaced.length > 20) lines.push(`- … and ${reading.unplaced.length - 20} more.`);
  }
  return lines.join('\n');
}

function banner(model: ThreatModel): string[] {
  const { reading } = model;
  if (reading.status === 'ok' || reading.status === 'empty') return [];
  const title = reading.status === 'no-ai' ? '**No AI or ML component found.**' : '**Thin reading: check before you rely on this model.**';
  const advice =
    reading.status === 'no-ai'
      ? 'aitm threat-models AI and ML products; what the documents describe has no model, agent or AI pipeline, so the AI threat catalog does not apply. If the system does use AI, name the model and where it runs in the docs, or add a system.yaml.'
      : 'aitm found little to attach threats to. Name the components in a table or a diagram, or add a system.yaml (schema/system.schema.json), and run again.';
  return ['', `> ${title} ${reading.warnings.map((w) => `${safe(w.charAt(0).toUpperCase() + w.slice(1))}.`).join(' ')} ${advice}`];
}

function architecture(model: ThreatModel): string {
  const { system } = model;
  const kindOrder = (k: ComponentKind) => COMPONENT_KINDS.indexOf(k);
  const components = [...system.components].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.id.localeCompare(b.id));
  const l = lookup(system, model.threats);
  const count = (id: string) => l.threatsPerComponent.get(id) ?? 0;
  const name = (id: string) => escapeMd(l.name.get(id) ?? id);
  return [
    '## Components, data flows and trust boundaries',
    '',
    'Thick arrows (`==>`) cross a trust boundary.',
    '',
    mermaid(system),
    '',
    table(
      ['Component', 'Kind', 'Technology', 'Traits', 'Threats', 'Evidence'],
      components.map((c) => [
        `\`${c.id}\` ${escapeMd(c.name)}`,
        c.kind,
        c.technology ? escapeMd(c.technology) : '—',
        safe(traitList(c)),
        String(count(c.id)),
        c.evidence[0] ? where(c.evidence[0]) : '—',
      ]),
    ),
    ...(system.flows.length
      ? [
          '',
          table(
            ['From', 'To', 'Data', 'Crosses boundary'],
            system.flows.map((f) => [name(f.from), name(f.to), f.data ? escapeMd(f.data) : '—', f.crosses_boundary ? 'yes' : 'no']),
          ),
        ]
      : []),
  ].join('\n');
}

/** "Why here": the facts the rule read, each with the line that states it, compactly. */
function whyHere(t: Threat, system: SystemModel): string | undefined {
  const names = lookup(system).name;
  // "The system has an LLM" is implied by every other reason of an LLM threat: say it only when it is the reason.
  const basic = new Set(['llm', 'predictive-ml']);
  const why = t.why.some((w) => !basic.has(w.fact)) ? t.why.filter((w) => !basic.has(w.fact)) : t.why;
  const parts = why.map((w) => {
    const owner = w.component ? `${escapeMd(names.get(w.component) ?? w.component)}: ` : '';
    const said =
      w.wanted === 'present'
        ? w.state === 'present'
          ? ''
          : ` (${w.state})`
        : w.state === 'not-stated'
          ? ' not stated'
          : w.state === 'absent'
            ? ' absent'
            : ` ${w.state}`;
    const where = w.evidence ? ` (${lookup(system).short.get(w.evidence.file) ?? w.evidence.file}:${w.evidence.line})` : '';
    return `${owner}\`${w.fact}\`${said}${where}`;
  });
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * A control the docs say is deliberately not there ("no human in the loop" under $200) is a design
 * choice, not an oversight: the card says so, so the team accepts it in triage or changes the design,
 * rather than reading the mitigation as a contradiction of what they decided.
 */
function designChoices(t: Threat, system: SystemModel): string[] {
  const names = lookup(system).name;
  const stated = t.why.filter((w) => w.wanted === 'absent' && w.state === 'absent' && w.evidence && CONTROL_NAMES.has(w.fact));
  if (stated.length === 0) return [];
  const said = stated.map((w) => `${w.component ? `${escapeMd(names.get(w.component) ?? w.component)}: ` : ''}“${escapeMd(w.evidence!.quote)}” (${lookup(system).short.get(w.evidence!.file) ?? w.evidence!.file}:${w.evidence!.line})`);
  return [`**Design choice to confirm.** The docs say so: ${said.join('; ')}. Accept the risk in the triage file, or change the design.`, ''];
}

/** Controls and their component-level twins: the facts whose stated absence is a decision. */
const CONTROL_NAMES: ReadonlySet<string> = new Set([...Object.keys(CONTROLS), ...CONTROL_TRAITS]);

/**
 * One threat as a card a reviewer reads in a pull request: the statement, why it applies here, the
 * risk and the mitigations with what to watch; the misuse case, tests, indicators, references and
 * quotes fold away in a <details> block (GitHub renders it collapsed). Everything is in the JSON too.
 */
function threatDetail(t: Threat, system: SystemModel): string {
  const names = lookup(system).name;
  const why = whyHere(t, system);
  const lines = [
    `<a id="${anchor(t.id)}"></a>`,
    `#### ${t.id} · ${safe(t.title)}`,
    '',
    `${RISK_BADGE[t.risk]} · ${CATEGORY_INFO[t.category].title}${t.surface ? ` · ${SURFACE_INFO[t.surface].title}` : ''} · **${t.status}**${t.origin === 'catalog' ? '' : ` · ${t.origin}`}${t.components.length > 1 ? ` · ${t.components.length} components: ${t.components.map((id) => escapeMd(names.get(id) ?? id)).join(', ')}` : ''}`,
    '',
    safe(t.text),
    '',
    ...(why ? [`**Why here.** ${why}`, ''] : []),
    ...designChoices(t, system),
    `**Risk.** ${safe(t.rationale)}`,
    '',
    ...t.mitigations.map((m) => `- **${safe(m.title)}.** Watch ${safe(m.monitoring.signal)}; alert on ${safe(m.monitoring.alert)}.`),
  ];
  if (t.triage) {
    const parts = [t.triage.reason, t.triage.owner && `owner ${t.triage.owner}`, t.triage.ticket && `ticket ${t.triage.ticket}`, t.triage.date].filter(Boolean);
    lines.push('', `**Triage.** ${t.status}${parts.length ? ` — ${parts.map((x) => escapeMd(String(x))).join(' · ')}` : ''}`);
  }
  const more: string[] = [];
  more.push(`**Misuse case.** *${safe(t.scenario.misactor)}* wants to ${safe(t.scenario.goal.replace(/^to /, ''))}.`, '', ...t.scenario.steps.map((s, i) => `${i + 1}. ${safe(s)}`));
  const test = t.red_team[0];
  if (test) more.push('', `**Red-team test.** ${safe(test.title)}: ${safe(test.procedure)} *Pass:* ${safe(test.expected)}`);
  if (t.indicators.length) more.push('', `**Indicators.** ${t.indicators.slice(0, 2).map(safe).join(' · ')}`);
  if (t.references.length || t.entry) more.push('', `**References.** ${[...(t.entry ? [`knowledge entry \`${t.entry}\``] : []), ...t.references.map((r) => r.id)].join(' · ')}`);
  // The lines "Why here" cites, quoted; the JSON keeps every piece of evidence whole.
  if (t.evidence.length) more.push('', '**Evidence.**', '', ...t.evidence.slice(0, 3).map((e) => `- ${quote(e.quote.length > 160 ? { ...e, quote: `${e.quote.slice(0, 157).replace(/\s+\S*$/, '')} …` } : e)}`));
  if (t.assumed_absent.length) more.push('', `**Assumed absent** (the docs are silent; see open questions): ${t.assumed_absent.map((a) => `\`${a}\``).join(', ')}`);
  lines.push('', '<details><summary>Misuse case, red-team test, indicators, references, evidence</summary>', '', ...more, '', '</details>');
  return lines.join('\n');
}

/** The threats section as lines (one per table row, one per threat): at thousands of threats no single string holds it. */
function threats(model: ThreatModel): string[] {
  const out = ['## Threats by STRIDE-AI category', ''];
  out.push(
    ...tableLines(
      ['ID', 'Threat', 'Component', 'Category', 'Risk', 'Status'],
      model.threats.map((t) => [
        link(t.id),
        safe(t.title.split(' — ')[0]!),
        t.components.map((c) => `\`${c}\``).join(', '),
        CATEGORY_INFO[t.category].letter,
        RISK_BADGE[t.risk]!,
        t.status,
      ]),
    ),
  );
  for (const c of CATEGORIES) {
    const ts = model.threats.filter((t) => t.category === c);
    out.push('', `<a id="${c}"></a>`, `### ${CATEGORY_INFO[c].title} — ${CATEGORY_INFO[c].reading}`, '');
    if (ts.length === 0) out.push('_No threats in this category for this system; see the coverage matrix for why._');
    for (const t of ts) out.push(threatDetail(t, model.system), '');
  }
  while (out.at(-1) === '') out.pop();
  return out;
}

function coverage(model: ThreatModel): string {
  const reasons = new Map<string, string[]>();
  const rows = model.coverage.map((r) => {
    const name = escapeMd(lookup(model.system).name.get(r.component) ?? r.component);
    return [
      `\`${r.component}\` ${name}`,
      ...CATEGORIES.map((c) => {
        const cell = r.cells[c];
        if (cell.state === 'covered') return cell.threats.map(link).join(' ');
        const key = `${cell.state === 'gap' ? 'gap' : 'n/a'}: ${cell.reason}`;
        reasons.set(key, [...(reasons.get(key) ?? []), `\`${r.component}\`/${CATEGORY_INFO[c].letter}`]);
        return cell.state === 'gap' ? '**gap**' : 'n/a';
      }),
    ];
  });
  // A component no threat landed on says why, plainly: no silent rows.
  const untouched = model.coverage
    .filter((r) => CATEGORIES.every((c) => r.cells[c].state !== 'covered'))
    .map((r) => {
      const name = escapeMd(lookup(model.system).name.get(r.component) ?? r.component);
      const na = CATEGORIES.map((c) => r.cells[c]).find((cell) => cell.state === 'not-applicable');
      const gaps = CATEGORIES.filter((c) => r.cells[c].state === 'gap').map((c) => CATEGORY_INFO[c].title.toLowerCase());
      return `- ${name}: no threat applies${na && na.state === 'not-applicable' ? ` — not applicable because ${safe(na.reason.replace(/^[\w-]+: /, ''))}` : ''}${gaps.length ? `; no rule covers ${gaps.join(', ')}: review by hand` : ''}.`;
    });
  return [
    '## Coverage matrix',
    '',
    'Each cell: the threats raised, `n/a` when the knowledge base has rules for this kind of component but the system does not meet them, or **gap** when no rule covers it (review by hand).',
    '',
    table(['Component', ...CATEGORIES.map((c) => CATEGORY_INFO[c].letter)], rows),
    ...(untouched.length ? ['', '**Components with no threat**', '', ...untouched] : []),
    '',
    '<details><summary>Why cells are n/a or gaps</summary>',
    '',
    ...[...reasons.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([reason, cells]) => `- ${cells.join(', ')} — ${safe(reason)}`),
    '',
    '</details>',
  ].join('\n');
}

function monitoring(model: ThreatModel): string {
  return [
    '## Monitoring and response plan',
    '',
    'Every mitigation comes with a signal to watch and an alert condition. Wire these into your monitoring before you call a threat mitigated.',
    '',
    table(
      ['Signal', 'Alert when', 'Threats'],
      model.monitoring.map((m) => [safe(m.signal), safe(m.alert), m.threats.map(link).join(' ')]),
    ),
  ].join('\n');
}

function redTeam(model: ThreatModel): string {
  // A checklist: each threat's first test, what passing looks like; the procedure is in the threat's card.
  const rows = byRisk(model.threats).flatMap((t) => t.red_team.slice(0, 1).map((r) => [link(t.id), safe(r.title), safe(r.expected)]));
  return ['## Red-team test cases', '', 'How to run each test is in its threat\'s card (folded under the misuse case).', '', table(['Threat', 'Test', 'Passes when'], rows)].join('\n');
}

function questions(model: ThreatModel): string {
  return [
    '<a id="open-questions-and-assumptions"></a>',
    '## Open questions and assumptions',
    '',
    ...(model.questions.length ? model.questions.map((q) => `- ${safe(q)}`) : ['- None: every fact the rules read was stated in the docs.']),
    ...(model.system.assumptions.length ? ['', ...model.system.assumptions.map((a) => `- Assumption: ${escapeMd(a)}`)] : []),
  ].join('\n');
}

function validation(model: ThreatModel): string {
  const v = model.validation;
  const lines = [
    '## Validation report',
    '',
    `Mode: **${v.mode}**. LLM calls: ${v.calls}. LLM threats accepted: ${v.accepted}, repaired: ${v.repaired}, rejected: ${v.rejected}.`,
  ];
  if (v.usage) {
    const u = v.usage;
    lines.push(
      '',
      `Tokens: ${u.input_tokens} prompt + ${u.output_tokens} completion in ${u.calls} call(s)${u.cache_hits ? `, ${u.cache_hits} answered from the cache` : ''}. ` +
        `Estimated cost: ${u.cost_usd === null ? 'unknown (no price configured for this model)' : `$${u.cost_usd.toFixed(4)}`}.${u.partial ? ' **Partial run: a budget cap stopped it.**' : ''}`,
      '',
      table(
        ['Call', 'Prompt tokens', 'Completion tokens', 'Cached', 'Outcome'],
        u.per_call.map((c) => [c.task, String(c.input_tokens), String(c.output_tokens), c.cached ? 'yes' : 'no', c.outcome]),
      ),
    );
  }
  if (v.reasons.length) lines.push('', ...v.reasons.map((r) => `- ${r.count} × ${safe(r.reason)}`));
  if (v.notes.length) lines.push('', ...v.notes.map((n) => `- ${safe(n)}`));
  if (model.findings.length)
    lines.push('', '**Findings in the input documents**', '', ...model.findings.map((f) => `- ${f.kind}: ${safe(f.message)}${f.evidence[0] ? ` (${where(f.evidence[0])})` : ''}`));
  return lines.join('\n');
}

/** The document body, without front matter, as pieces whose join by newlines is the body. */
function bodyParts(model: ThreatModel): string[] {
  lookup(model.system, model.threats);
  return [
    `# Threat model: ${escapeMd(model.system.name)}`,
    '',
    `> Generated by aitm ${model.provenance.version} on ${model.provenance.date} (${model.provenance.mode} mode) from ${model.provenance.inputs.length} document(s). ` +
      'Threat IDs are stable across re-runs; record decisions in the triage file, not in this document, so that re-running aitm keeps them.',
    ...(model.validation.usage?.partial ? ['', '> **Partial:** a budget cap stopped the LLM run; this document holds what was validated before it. See the validation report.'] : []),
    ...banner(model),
    '',
    summary(model),
    '',
    systemCard(model.system),
    '',
    whatWasRead(model),
    '',
    architecture(model),
    '',
    ...threats(model),
    '',
    coverage(model),
    '',
    monitoring(model),
    '',
    redTeam(model),
    '',
    questions(model),
    '',
    validation(model),
    '',
  ];
}

/** The document body, without front matter. */
export function renderBody(model: ThreatModel): string {
  return bodyParts(model).join('\n');
}

export const DIGEST_FIELD = 'digest';

/** The full THREAT_MODEL.md: front matter (provenance + a digest of the body, to notice hand edits) and body. */
export function renderMarkdown(model: ThreatModel): string {
  return renderMarkdownChunks(model).join('');
}

const CHUNK_CHARS = 1 << 20;

/**
 * THREAT_MODEL.md as chunks to write one after another: the same bytes as renderMarkdown, without
 * ever holding the whole document in one string (a thousand-document batch renders tens of MB).
 */
export function renderMarkdownChunks(model: ThreatModel, chunkChars = CHUNK_CHARS): string[] {
  const parts = bodyParts(model);
  const head = `${frontMatter(model)}\n${DIGEST_FIELD}: sha256:${sha256Joined(parts, '\n')}\n---\n\n`;
  const chunks = [head];
  let buffer: string[] = [];
  let size = 0;
  parts.forEach((p, i) => {
    if (i > 0) buffer.push('\n');
    buffer.push(p);
    size += p.length + 1;
    if (size >= chunkChars) {
      chunks.push(buffer.join(''));
      buffer = [];
      size = 0;
    }
  });
  if (buffer.length) chunks.push(buffer.join(''));
  return chunks;
}



/** Reads the digest aitm wrote and checks it against the body: undefined if aitm did not write this text. */
export function readDigest(text: string): { recorded: string; actual: string } | undefined {
  const m = /^---\n([\s\S]*?)\n---\n\n/.exec(text);
  if (!m || !/^generator: aitm$/m.test(m[1]!)) return undefined;
  const recorded = new RegExp(`^${DIGEST_FIELD}: sha256:([0-9a-f]{64})$`, 'm').exec(m[1]!)?.[1];
  if (!recorded) return undefined;
  return { recorded, actual: sha256(text.slice(m[0].length)) };
}

