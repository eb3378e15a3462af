import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { InputError } from '../core/errors.js';

/** The largest document aitm reads; architecture docs are far smaller. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Extensions read when a folder or glob is given. A file named explicitly is read whatever its name. */
export const DOC_EXTENSIONS = ['.md', '.markdown', '.txt', '.text', '.rst', '.yaml', '.yml', '.json', '.mmd', '.mermaid', '.puml', '.plantuml', '.iuml', '.dsl'];
const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**', '**/.aitm-cache/**'];

export interface InputDocument {
  /** Display path: relative to the working directory, with forward slashes. */
  file: string;
  text: string;
  sha256: string;
}

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel && !rel.startsWith('..') ? rel : path).split(sep).join('/');
}

/** Expands files, folders and globs to a sorted, de-duplicated list of absolute paths. */
export async function expandPaths(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    if (isDynamicPattern(p)) {
      const found = await glob(p, { cwd, absolute: true, onlyFiles: true, ignore: IGNORED_DIRS, dot: false });
      if (found.length === 0) throw new InputError(`no files match the pattern "${p}"`, { hint: 'Check the pattern; quote it so your shell does not expand it first.' });
      found.forEach((f) => out.add(resolve(f)));
      continue;
    }
    const abs = resolve(cwd, p);
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      throw new InputError(`no such file or folder: ${p}`, { hint: 'Check the path, or pass a glob such as "docs/**/*.md".' });
    }
    if (stats.isDirectory()) {
      const found = await glob(DOC_EXTENSIONS.map((e) => `**/*${e}`), { cwd: abs, absolute: true, onlyFiles: true, ignore: IGNORED_DIRS });
      if (found.length === 0)
        throw new InputError(`the folder ${p} holds no architecture documents`, { hint: `aitm reads ${DOC_EXTENSIONS.join(', ')} files.` });
      found.forEach((f) => out.add(resolve(f)));
    } else out.add(abs);
  }
  return [...out].sort();
}

/** The byte offset of the first invalid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (need === 2) {
      const c = bytes[i + 1]!;
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f)) return i;
    }
    if (need === 3) {
      const c = bytes[i + 1]!;
      if ((b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Reads one document: size limit, binary and UTF-8 checks, BOM and CRLF normalised. */
export function readDocument(path: string, cwd = process.cwd()): InputDocument {
  const file = display(path, cwd);
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES)
    throw new InputError(`file too large: ${(size / 1024 / 1024).toFixed(1)} MiB (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)`, {
      location: { file },
      hint: 'Split it, or pass only the architecture sections.',
    });
  const bytes = readFileSync(path);
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0)
    throw new InputError('binary file, not a text document', {
      location: { file, line: lineAt(bytes, nul) },
      hint: 'aitm reads Markdown, plain text, Mermaid, YAML and JSON; export other formats to Markdown first.',
    });
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0)
    throw new InputError(`not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`, {
      location: { file, line: lineAt(bytes, bad) },
      hint: 'Convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8.',
    });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new InputError('empty document', { location: { file }, hint: 'Remove it from the paths, or write the architecture into it.' });
  return { file, text, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function extensionOf(file: string): string {
  return extname(file).toLowerCase();
}
