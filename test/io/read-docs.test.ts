import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AitmError, InputError } from '../../src/core/errors.js';
import { DOC_EXTENSIONS, expandPaths, invalidUtf8Offset, MAX_FILE_BYTES, readDocument } from '../../src/io/read-docs.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aitm-read-docs-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Runs fn and returns the InputError it throws (fails the test if it does not throw one). */
async function inputError(fn: () => unknown): Promise<InputError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('expandPaths', () => {
  it('a missing path is an InputError naming it', async () => {
    const e = await inputError(() => expandPaths(['does/not/exist.md'], dir));
    expect(e.message).toContain('does/not/exist.md');
    expect(e.exitCode).toBe(3);
  });

  it('a glob matching nothing is an InputError naming the pattern', async () => {
    const e = await inputError(() => expandPaths(['nothing/**/*.md'], dir));
    expect(e.message).toContain('nothing/**/*.md');
  });

  it('a folder with no documents is an InputError', async () => {
    write('empty-folder/image.png', 'not a doc');
    const e = await inputError(() => expandPaths(['empty-folder'], dir));
    expect(e.message).toMatch(/holds no architecture documents/);
  });

  it('expands a folder to supported extensions only, recursively, sorted and de-duplicated', async () => {
    const names = ['z.md', 'a.txt', 'sub/b.yaml', 'sub/c.mmd', 'notes.docx', 'img.png', 'script.ts', 'node_modules/x/readme.md'];
    for (const n of names) write(`docs/${n}`, '# doc\n');
    const found = await expandPaths(['docs', 'docs/z.md', join(dir, 'docs')], dir);
    expect(found).toEqual([join(dir, 'docs/a.txt'), join(dir, 'docs/sub/b.yaml'), join(dir, 'docs/sub/c.mmd'), join(dir, 'docs/z.md')]);
    expect(found).toEqual([...found].sort());
  });

  it('a file named explicitly is read whatever its extension; globs expand relative to cwd', async () => {
    const explicit = write('design.rst', 'Design\n');
    expect(await expandPaths(['design.rst'], dir)).toEqual([explicit]);
    write('g/one.md', 'x');
    write('g/two.md', 'y');
    expect(await expandPaths(['g/*.md'], dir)).toEqual([join(dir, 'g/one.md'), join(dir, 'g/two.md')]);
  });

  it('supports the documented extensions', () => {
    expect(DOC_EXTENSIONS).toEqual(expect.arrayContaining(['.md', '.txt', '.rst', '.yaml', '.yml', '.json', '.mmd', '.puml', '.dsl']));
  });
});

describe('readDocument', () => {
  it('normalises a BOM and CRLF line endings, and hashes the raw bytes', () => {
    const path = write('crlf.md', Buffer.from('\uFEFF# Title\r\nline two\r\nline three\rline four\r\n', 'utf8'));
    const doc = readDocument(path, dir);
    expect(doc.file).toBe('crlf.md');
    expect(doc.text).toBe('# Title\nline two\nline three\nline four\n');
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an empty or whitespace-only document is an InputError with the file', async () => {
    for (const [name, content] of [
      ['empty.md', ''],
      ['blank.md', '  \n\n\t\n'],
    ] as const) {
      const e = await inputError(() => readDocument(write(name, content), dir));
      expect(e.message).toBe('empty document');
      expect(e.location).toEqual({ file: name });
    }
  });

  it('a binary file (NUL byte) is an InputError pointing at the line of the NUL', async () => {
    const path = write('binary.md', Buffer.concat([Buffer.from('line one\nline two\n'), Buffer.from([0x00, 0x01, 0x02])]));
    const e = await inputError(() => readDocument(path, dir));
    expect(e.message).toMatch(/binary/);
    expect(e.location).toEqual({ file: 'binary.md', line: 3 });
  });

  it('a non-UTF-8 (latin-1) byte is an InputError reporting the right line and byte', async () => {
    const path = write('latin1.md', Buffer.concat([Buffer.from('# Doc\nfine line\ncaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
    const e = await inputError(() => readDocument(path, dir));
    expect(e.message).toMatch(/not valid UTF-8 \(byte 0xe9 at offset 19\)/);
    expect(e.location).toEqual({ file: 'latin1.md', line: 3 });
  });

  it('a file larger than 2 MiB is an InputError', async () => {
    const path = write('huge.md', Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
    const e = await inputError(() => readDocument(path, dir));
    expect(e.message).toMatch(/file too large: 2\.0 MiB \(the limit is 2 MiB\)/);
    expect(e.location).toEqual({ file: 'huge.md' });
    // Exactly at the limit is fine.
    const ok = write('limit.md', Buffer.alloc(MAX_FILE_BYTES, 'a'));
    expect(readDocument(ok, dir).text.length).toBe(MAX_FILE_BYTES);
  });

  it('displays paths outside the working directory as absolute', () => {
    const path = write('outside.md', '# x\n');
    const doc = readDocument(path, join(dir, 'docs'));
    expect(doc.file).toBe(path);
  });

  it('errors carry the bad-input exit code', async () => {
    const e = await inputError(() => readDocument(write('e.md', ''), dir));
    expect(e).toBeInstanceOf(AitmError);
    expect(e.exitCode).toBe(3);
  });
});

describe('invalidUtf8Offset', () => {
  it.each([
    ['ascii', [0x61, 0x62], -1],
    ['2-byte é', [0xc3, 0xa9], -1],
    ['3-byte €', [0xe2, 0x82, 0xac], -1],
    ['4-byte emoji', [0xf0, 0x9f, 0x98, 0x80], -1],
    ['lone latin-1 é', [0x61, 0xe9, 0x62], 1],
    ['overlong 0xc0', [0xc0, 0xaf], 0],
    ['truncated sequence', [0x61, 0xe2, 0x82], 1],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('%s', (_name, bytes, expected) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(expected);
  });
});
