import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findShippedDir } from '../io/shipped.js';
import { InputError } from '../core/errors.js';
import { KnowledgeEntrySchema, RegistrySchema, type KnowledgeEntry, type Registry } from '../core/knowledge.js';
import { TechnologiesFileSchema, type Technology } from '../core/technology.js';
import { YamlSource, type Problem } from '../io/yaml-source.js';
import { lintEntries, lintTechnologies, type SourcedEntry } from './lint.js';

export interface KnowledgeBaseData {
  dir: string;
  entries: KnowledgeEntry[];
  registry: Registry;
  /** The reader's vocabulary of technologies (knowledge/technologies.yaml). */
  technologies: Technology[];
  sha256: string;
}

/** Finds the shipped knowledge/ folder from the running file (src/kb in dev, bundle/ when installed). */
export function defaultKnowledgeDir(): string {
  const dir = findShippedDir('knowledge', 'registry.json');
  if (dir) return dir;
  throw new InputError('cannot find the knowledge/ folder that ships with aitm', {
    hint: 'Reinstall aitm, or pass --kb <dir>.',
  });
}

/** Reads, validates and lints every entry; returns all problems instead of stopping at the first. */
export function readKnowledgeBase(dir: string): { data?: KnowledgeBaseData; problems: Problem[] } {
  const problems: Problem[] = [];
  const registryFile = join(dir, 'registry.json');
  const display = (file: string) => relative(process.cwd(), file) || file;
  let registry: Registry | undefined;
  try {
    const source = YamlSource.parse(display(registryFile), readFileSync(registryFile, 'utf8'));
    const result = source.validate(RegistrySchema);
    problems.push(...result.problems);
    registry = result.value;
  } catch (error) {
    problems.push(problemOf(error, display(registryFile)));
  }

  const entriesDir = join(dir, 'entries');
  const files = existsSync(entriesDir)
    ? readdirSync(entriesDir).filter((f) => /\.ya?ml$/.test(f)).sort()
    : [];
  if (files.length === 0) problems.push({ file: display(entriesDir), line: 1, message: 'no knowledge entries found' });

  const hash = createHash('sha256');
  const sourced: SourcedEntry[] = [];
  for (const name of files) {
    const path = join(entriesDir, name);
    const text = readFileSync(path, 'utf8');
    hash.update(name).update('\0').update(text).update('\0');
    try {
      const source = YamlSource.parse(display(path), text);
      const result = source.validate(KnowledgeEntrySchema);
      problems.push(...result.problems);
      if (result.value) sourced.push({ entry: result.value, file: source.file, lineOf: (p) => source.lineOf(p) });
    } catch (error) {
      problems.push(problemOf(error, display(path)));
    }
  }
  if (registry) problems.push(...lintEntries(sourced, registry));

  const technologiesFile = join(dir, 'technologies.yaml');
  let technologies: Technology[] = [];
  if (!existsSync(technologiesFile)) problems.push({ file: display(technologiesFile), line: 1, message: 'no technologies.yaml: the reader needs its vocabulary of technologies' });
  else {
    const text = readFileSync(technologiesFile, 'utf8');
    hash.update('technologies.yaml').update('\0').update(text).update('\0');
    try {
      const source = YamlSource.parse(display(technologiesFile), text);
      const result = source.validate(TechnologiesFileSchema);
      problems.push(...result.problems);
      if (result.value) {
        technologies = result.value.technologies;
        problems.push(...lintTechnologies(technologies, source.file, (p) => source.lineOf(p)));
      }
    } catch (error) {
      problems.push(problemOf(error, display(technologiesFile)));
    }
  }
  if (!registry || problems.length > 0) return { problems };
  return {
    data: { dir: resolve(dir), entries: sourced.map((s) => s.entry), registry, technologies, sha256: hash.digest('hex') },
    problems,
  };
}

function problemOf(error: unknown, file: string): Problem {
  if (error instanceof InputError) return { file, line: error.location?.line ?? 1, message: error.message };
  return { file, line: 1, message: error instanceof Error ? error.message : String(error) };
}

/** Loads the knowledge base or fails with the first problem, pointing at `aitm kb lint`. */
export function loadKnowledgeBase(dir: string = defaultKnowledgeDir()): KnowledgeBaseData {
  const { data, problems } = readKnowledgeBase(dir);
  if (data) return data;
  const first = problems[0]!;
  throw new InputError(`invalid knowledge base: ${first.message}`, {
    location: { file: first.file, line: first.line },
    hint: `Run "aitm kb lint${dir === defaultKnowledgeDirSafe() ? '' : ` --kb ${dir}`}" to see all ${problems.length} problem(s).`,
  });
}

function defaultKnowledgeDirSafe(): string | undefined {
  try {
    return defaultKnowledgeDir();
  } catch {
    return undefined;
  }
}
