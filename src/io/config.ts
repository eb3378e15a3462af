import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { YamlSource } from './yaml-source.js';

const Price = z.strictObject({ input: z.number().min(0), output: z.number().min(0) }).describe('USD per million tokens');

/** aitm.config.json / aitm.config.yaml: LLM settings. The API key is never read from a file. */
export const ConfigSchema = z.strictObject({
  model: z.string().min(1).optional(),
  baseURL: z.url().optional(),
  temperature: z.number().min(0).max(2).optional(),
  concurrency: z.number().int().min(1).max(32).optional(),
  timeoutSeconds: z.number().min(1).max(600).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  maxCalls: z.number().int().min(1).optional(),
  maxTokens: z.number().int().min(1).optional(),
  topK: z.number().int().min(1).max(20).optional(),
  maxThreatsPerCategory: z.number().int().min(1).max(20).optional(),
  cacheDir: z.string().min(1).optional(),
  prices: z.record(z.string(), Price).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export const CONFIG_FILES = ['aitm.config.json', 'aitm.config.yaml', 'aitm.config.yml'];

/** Reads --config, else the first aitm.config.* in the working directory; none is fine. */
export function readConfig(explicit: string | undefined, cwd = process.cwd()): { file?: string; config: Config } {
  const file = explicit ?? CONFIG_FILES.find((f) => existsSync(resolve(cwd, f)));
  if (file === undefined) return { config: {} };
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new InputError(`no such config file: ${file}`, { hint: 'Check the --config path.' });
  const source = YamlSource.parse(file, readFileSync(path, 'utf8'));
  const data = source.toJS() ?? {};
  if (typeof data === 'object' && data !== null && ('apiKey' in data || 'api_key' in data))
    throw new InputError('the config file holds an API key', {
      location: { file, line: source.lineOf(['apiKey' in data ? 'apiKey' : 'api_key']) },
      hint: 'Remove it, rotate the key, and put it in the OPENAI_API_KEY environment variable instead: config files get committed.',
    });
  const { value, problems } = source.validate(ConfigSchema);
  if (!value) {
    const first = problems[0]!;
    throw new InputError(`invalid config: ${first.message}`, { location: { file, line: first.line }, hint: 'See "Configuration" in the README.' });
  }
  return { file, config: value };
}

/** Defaults, documented in the README. Prices are estimates: set your provider's current prices in the config. */
export const DEFAULTS = {
  model: 'gpt-4o-mini',
  temperature: 0.2,
  concurrency: 6,
  timeoutSeconds: 60,
  retries: 4,
  topK: 6,
  maxThreatsPerCategory: 4,
  prices: {
    'gpt-4o-mini': { input: 0.15, output: 0.6 },
    'gpt-4o': { input: 2.5, output: 10 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6 },
    'gpt-4.1': { input: 2, output: 8 },
  } as Record<string, { input: number; output: number }>,
} as const;
