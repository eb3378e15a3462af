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

/** The knowledge base's files as read from disk, in a fixed order, and the hash of all of them. */
interface Sources {
  registry: { path: string; text?: string };
  entries: Array<{ name: string; path: string; text: string }>;
  entriesDir: string;
  technologies: { path: string; text?: string };
  sha256: string;
}

function readSources(dir: string): Sources {
  const hash = createHash('sha256');
  const read = (path: string, name: string) => {
    if (!existsSync(path)) return undefined;
    const text = readFileSync(path, 'utf8');
    hash.update(name).update('\0').update(text).update('\0');
    return text;
  };
  const registryPath = join(dir, 'registry.json');
  const registryText = read(registryPath, 'registry.json');
  const entriesDir = join(dir, 'entries');
  const names = existsSync(entriesDir) ? readdirSync(entriesDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const entries = names.map((name) => ({ name, path: join(entriesDir, name), text: read(join(entriesDir, name), name)! }));
  const technologiesPath = join(dir, 'technologies.yaml');
  const technologiesText = read(technologiesPath, 'technologies.yaml');
  return {
    registry: { path: registryPath, ...(registryText === undefined ? {} : { text: registryText }) },
    entries,
    entriesDir,
    technologies: { path: technologiesPath, ...(technologiesText === undefined ? {} : { text: technologiesText }) },
    sha256: hash.digest('hex'),
  };
}

/** Reads, validates and lints every entry; returns all problems instead of stopping at the first. */
export function readKnowledgeBase(dir: string): { data?: KnowledgeBaseData; problems: Problem[] } {
  return parseSources(dir, readSources(dir));
}

function parseSources(dir: string, sources: Sources): { data?: KnowledgeBaseData; problems: Problem[] } {
  const problems: Problem[] = [];
  const display = (file: string) => relative(process.cwd(), file) || file;
  let registry: Registry | undefined;
  const registryFile = display(sources.registry.path);
  if (sources.registry.text === undefined) problems.push({ file: registryFile, line: 1, message: 'no registry.json: the official IDs the entries cite' });
  else
    try {
      const source = YamlSource.parse(registryFile, sources.registry.text);
      const result = source.validate(RegistrySchema);
      problems.push(...result.problems);
      registry = result.value;
    } catch (error) {
      problems.push(problemOf(error, registryFile));
    }

  if (sources.entries.length === 0) problems.push({ file: display(sources.entriesDir), line: 1, message: 'no knowledge entries found' });
  const sourced: SourcedEntry[] = [];
  for (const { path, text } of sources.entries) {
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

  const technologiesFile = display(sources.technologies.path);
  let technologies: Technology[] = [];
  if (sources.technologies.text === undefined) problems.push({ file: technologiesFile, line: 1, message: 'no technologies.yaml: the reader needs its vocabulary of technologies' });
  else {
    try {
      const source = YamlSource.parse(technologiesFile, sources.technologies.text);
      const result = source.validate(TechnologiesFileSchema);
      problems.push(...result.problems);
      if (result.value) {
        technologies = result.value.technologies;
        problems.push(...lintTechnologies(technologies, source.file, (p) => source.lineOf(p)));
      }
    } catch (error) {
      problems.push(problemOf(error, technologiesFile));
    }
  }
  if (!registry || problems.length > 0) return { problems };
  return {
    data: { dir: resolve(dir), entries: sourced.map((s) => s.entry), registry, technologies, sha256: sources.sha256 },
    problems,
  };
}

/**
 * A knowledge base already parsed, validated and linted, saved as JSON by the build next to the
 * bundle (bundle/knowledge.json). It is used only when its hash equals the hash of the files on
 * disk, so an edited entry is always read afresh; parsing the YAML is most of a run's start-up.
 */
export interface KnowledgeSnapshot {
  sha256: string;
  entries: KnowledgeEntry[];
  registry: Registry;
  technologies: Technology[];
}

export const SNAPSHOT_FILE = 'knowledge.json';

/** The snapshot the build wrote beside the running bundle; none when running from source. */
function bundledSnapshot(): string | undefined {
  if (typeof AITM_BUNDLED === 'undefined' || !AITM_BUNDLED) return undefined;
  const dir = findShippedDir('bundle', SNAPSHOT_FILE);
  return dir ? join(dir, SNAPSHOT_FILE) : undefined;
}

declare const AITM_BUNDLED: boolean | undefined;

function readSnapshot(file: string | undefined, sha256: string): KnowledgeSnapshot | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as KnowledgeSnapshot;
    return snapshot.sha256 === sha256 ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the knowledge base or fails with the first problem, pointing at `aitm kb lint`. */
export function loadKnowledgeBase(dir: string = defaultKnowledgeDir(), snapshotFile: string | undefined = bundledSnapshot()): KnowledgeBaseData {
  const sources = readSources(dir);
  const snapshot = readSnapshot(snapshotFile, sources.sha256);
  if (snapshot) return { dir: resolve(dir), entries: snapshot.entries, registry: snapshot.registry, technologies: snapshot.technologies, sha256: snapshot.sha256 };
  const { data, problems } = parseSources(dir, sources);
  if (data) return data;
  const first = problems[0]!;
  throw new InputError(`invalid knowledge base: ${first.message}`, {
    location: { file: first.file, line: first.line },
    hint: `Run "aitm kb lint${dir === defaultKnowledgeDirSafe() ? '' : ` --kb ${dir}`}" to see all ${problems.length} problem(s).`,
  });
}

/** What the build saves as bundle/knowledge.json. */
export function snapshotOf(data: KnowledgeBaseData): KnowledgeSnapshot {
  return { sha256: data.sha256, entries: data.entries, registry: data.registry, technologies: data.technologies };
}

function problemOf(error: unknown, file: string): Problem {
  if (error instanceof InputError) return { file, line: error.location?.line ?? 1, message: error.message };
  return { file, line: 1, message: error instanceof Error ? error.message : String(error) };
}

function defaultKnowledgeDirSafe(): string | undefined {
  try {
    return defaultKnowledgeDir();
  } catch {
    return undefined;
  }
}
