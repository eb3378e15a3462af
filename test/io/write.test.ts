import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { renderMarkdown } from '../../src/core/render/markdown.js';
import { checkJsonOverwrite, checkOverwrite, writeAllAtomically } from '../../src/io/write.js';
import { buildModel, md } from '../helpers.js';

let dir: string;
let ours: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aitm-write-'));
  ours = renderMarkdown(buildModel([md('# Bot\n\nThe assistant uses GPT-4o to answer questions.\n')]));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(fn: () => void): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected a refusal');
}

describe('checkOverwrite', () => {
  it('allows a path that does not exist, and aitm output that is unchanged (also with CRLF)', () => {
    expect(() => checkOverwrite(join(dir, 'missing.md'), 'missing.md', false)).not.toThrow();
    writeFileSync(join(dir, 'ours.md'), ours);
    expect(() => checkOverwrite(join(dir, 'ours.md'), 'ours.md', false)).not.toThrow();
    writeFileSync(join(dir, 'ours-crlf.md'), ours.replace(/\n/g, '\r\n'));
    expect(() => checkOverwrite(join(dir, 'ours-crlf.md'), 'ours-crlf.md', false)).not.toThrow();
  });

  it('refuses a file aitm did not write, unless forced', () => {
    writeFileSync(join(dir, 'foreign.md'), '# Our hand-written threat model\n');
    const e = refusal(() => checkOverwrite(join(dir, 'foreign.md'), 'foreign.md', false));
    expect(e.message).toBe('refusing to overwrite foreign.md: aitm did not write it');
    expect(e.hint).toMatch(/--force/);
    expect(() => checkOverwrite(join(dir, 'foreign.md'), 'foreign.md', true)).not.toThrow();
  });

  it('refuses aitm output that was edited by hand', () => {
    writeFileSync(join(dir, 'edited.md'), ours.replace('## Summary', '## Summary\n\nReviewed by Dana.'));
    const e = refusal(() => checkOverwrite(join(dir, 'edited.md'), 'edited.md', false));
    expect(e.message).toMatch(/edited by hand/);
  });
});

describe('checkJsonOverwrite', () => {
  it('accepts aitm JSON, refuses other JSON and non-JSON unless forced', () => {
    writeFileSync(join(dir, 'ours.json'), JSON.stringify({ provenance: { generator: 'aitm' } }));
    writeFileSync(join(dir, 'theirs.json'), JSON.stringify({ name: 'package' }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => checkJsonOverwrite(join(dir, 'ours.json'), 'ours.json', false)).not.toThrow();
    expect(refusal(() => checkJsonOverwrite(join(dir, 'theirs.json'), 'theirs.json', false)).message).toMatch(/aitm did not write it/);
    expect(refusal(() => checkJsonOverwrite(join(dir, 'broken.json'), 'broken.json', false)).message).toMatch(/aitm did not write it/);
    expect(() => checkJsonOverwrite(join(dir, 'theirs.json'), 'theirs.json', true)).not.toThrow();
  });
});

describe('writeAllAtomically', () => {
  it('writes every file and leaves no temp files', () => {
    writeAllAtomically([
      { path: join(dir, 'a.md'), content: 'A', label: 'a.md' },
      { path: join(dir, 'b.json'), content: 'B', label: 'b.json' },
    ]);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('A');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('B');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when one target cannot be written', () => {
    writeFileSync(join(dir, 'keep.md'), 'original');
    const e = refusal(() =>
      writeAllAtomically([
        { path: join(dir, 'keep.md'), content: 'new', label: 'keep.md' },
        { path: join(dir, 'no-such-folder', 'x.json'), content: 'x', label: 'x.json' },
      ]),
    );
    expect(e.message).toMatch(/cannot write the output/);
    expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toBe('original');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
