import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { readDigest } from '../core/render/markdown.js';

export interface PendingWrite {
  path: string;
  /** The text, whole or as chunks written one after another. */
  content: string | readonly string[];
  /** Display name in messages. */
  label: string;
}

/**
 * Refuses to overwrite a Markdown file aitm did not write, or one a person edited since aitm
 * wrote it (its digest no longer matches), unless `force` is set.
 */
export function checkOverwrite(path: string, label: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const digest = readDigest(text.replace(/\r\n?/g, '\n'));
  if (!digest)
    throw new InputError(`refusing to overwrite ${label}: aitm did not write it`, {
      hint: 'Choose another file with -o, or pass --force to replace it.',
    });
  if (digest.recorded !== digest.actual)
    throw new InputError(`refusing to overwrite ${label}: it was edited by hand since aitm wrote it`, {
      hint: 'Record triage decisions in the triage file (see README), move your edits elsewhere, or pass --force to replace it.',
    });
}

/** A JSON output is ours when it parses and says generator "aitm". */
export function checkJsonOverwrite(path: string, label: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  let ours = false;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { provenance?: { generator?: string } };
    ours = data.provenance?.generator === 'aitm';
  } catch {
    ours = false;
  }
  if (!ours)
    throw new InputError(`refusing to overwrite ${label}: aitm did not write it`, { hint: 'Choose another file, or pass --force to replace it.' });
}

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * Writes every file or none: each goes to a temp file beside its target, and the temp files are
 * renamed only once all of them are fully written and flushed.
 */
export function writeAllAtomically(writes: readonly PendingWrite[]): void {
  const temps: string[] = [];
  try {
    for (const w of writes) {
      const tmp = tempPath(w.path);
      temps.push(tmp);
      const fd = openSync(tmp, 'w', 0o644);
      try {
        for (const chunk of typeof w.content === 'string' ? [w.content] : w.content) writeSync(fd, chunk);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    writes.forEach((w, i) => renameSync(temps[i]!, w.path));
  } catch (error) {
    for (const t of temps) rmSync(t, { force: true });
    const err = error as NodeJS.ErrnoException;
    throw new InputError(`cannot write the output: ${err.code ?? ''} ${err.message}`.trim(), {
      hint: 'Check that the output folder exists and is writable.',
      cause: error,
    });
  }
}
