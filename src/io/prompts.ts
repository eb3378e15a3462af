import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findShippedDir } from './shipped.js';
import { InputError } from '../core/errors.js';
import { parsePrompt, PromptError, type PromptTemplate } from '../core/prompt.js';

/** Finds the shipped prompts/ folder (src/io in development, bundle/ when installed). */
export function defaultPromptsDir(): string {
  const dir = findShippedDir('prompts', 'brainstorm.md');
  if (dir) return dir;
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
