import { TEMPLATE_VARIABLES } from './knowledge.js';

export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders a template uses that are not known variables (for `kb lint`). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name));
}

/** Fills `{component}`, `{system}` and `{model}` with the system's own names. Plain substitution only. */
export function render(template: string, vars: TemplateVariables): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in vars ? vars[name as keyof TemplateVariables] : whole,
  );
}

/** Upper-cases the first letter, for sentences that start with a placeholder. */
export function capitalize(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}
