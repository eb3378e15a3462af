import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { parsePrompt, PromptError, type PromptTemplate } from '../core/prompt.js';

/** Finds the shipped prompts/ folder (src/io in development, bundle/ when installed). */
export function defaultPromptsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'prompts');
    if (existsSync(join(candidate, 'brainstorm.md'))) return candidate;
    dir = dirname(dir);
  }
  throw new InputError('cannot find the prompts/ folder that ships with aitm', { hint: 'Reinstall aitm.' });
}

export function loadPrompt(name: string, dir = defaultPromptsDir()): PromptTemplate {
  const file = join(dir, `${name}.md`);
  try {
    return parsePrompt(name, readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof PromptError) throw new InputError(error.message, { location: { file } });
    throw error;
  }
}
