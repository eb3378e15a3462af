import { sha256 } from './ids.js';
import type { ChatMessage } from './llm.js';

/**
 * A prompt file (prompts/<name>.md): front matter naming its variables, then `## system` and
 * `## user` sections with {{variable}} placeholders. Instructions live here; documents and knowledge
 * passages arrive only as variables, wrapped by code in delimiters the prompt declares to be data.
 */
export interface PromptTemplate {
  name: string;
  sha256: string;
  variables: string[];
  system: string;
  user: string;
}

export class PromptError extends Error {}

export function parsePrompt(name: string, text: string): PromptTemplate {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n?/g, '\n'));
  if (!m) throw new PromptError(`prompt ${name}: missing front matter`);
  const vars = /^variables:\s*\[(.*)\]\s*$/m.exec(m[1]!);
  const variables = vars ? vars[1]!.split(',').map((v) => v.trim()).filter(Boolean) : [];
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of m[2]!.split('\n')) {
    const h = /^## (system|user)\s*$/.exec(line);
    if (h) {
      current = h[1]!;
      sections.set(current, '');
      continue;
    }
    if (current) sections.set(current, `${sections.get(current)}${line}\n`);
  }
  const system = sections.get('system')?.trim();
  const user = sections.get('user')?.trim();
  if (!system || !user) throw new PromptError(`prompt ${name}: needs a "## system" and a "## user" section`);
  const used = new Set([...`${system}\n${user}`.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]!));
  for (const u of used) if (!variables.includes(u)) throw new PromptError(`prompt ${name}: {{${u}}} is not declared in variables`);
  for (const v of variables) if (!used.has(v)) throw new PromptError(`prompt ${name}: variable ${v} is declared but never used`);
  return { name, sha256: sha256(text), variables, system, user };
}

/** Wraps untrusted text as data: the closing tag cannot appear inside it. */
export function asData(tag: string, text: string): string {
  const safe = text.replace(new RegExp(`</?${tag}\\b`, 'gi'), (t) => t.replace('<', '‹'));
  return `<${tag}>\n${safe}\n</${tag}>`;
}

export function renderPrompt(template: PromptTemplate, vars: Record<string, string>): ChatMessage[] {
  for (const v of template.variables) if (vars[v] === undefined) throw new PromptError(`prompt ${template.name}: variable ${v} was not provided`);
  for (const k of Object.keys(vars)) if (!template.variables.includes(k)) throw new PromptError(`prompt ${template.name}: unknown variable ${k}`);
  const fill = (t: string) => t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k]!);
  return [
    { role: 'system', content: fill(template.system) },
    { role: 'user', content: fill(template.user) },
  ];
}
