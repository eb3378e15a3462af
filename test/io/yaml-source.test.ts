import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { YamlSource } from '../../src/io/yaml-source.js';

function parseError(file: string, text: string): InputError {
  try {
    YamlSource.parse(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('YamlSource', () => {
  const text = ['name: demo', 'items:', '  - id: a', '    size: 1', '  - id: b', '    size: big', 'nested:', '  deep:', '    value: 3', ''].join('\n');
  const source = YamlSource.parse('demo.yaml', text);

  it('converts to plain JS', () => {
    expect(source.toJS()).toEqual({ name: 'demo', items: [{ id: 'a', size: 1 }, { id: 'b', size: 'big' }], nested: { deep: { value: 3 } } });
  });

  it('finds the line of a path, or of its closest existing parent', () => {
    expect(source.lineOf(['name'])).toBe(1);
    expect(source.lineOf(['items', 1, 'size'])).toBe(6);
    expect(source.lineOf(['nested', 'deep', 'value'])).toBe(9);
    expect(source.lineOf(['nested', 'deep', 'missing'])).toBe(9);
    expect(source.lineOf([])).toBe(1);
  });

  it('validate reports each zod issue at its own line', () => {
    const schema = z.object({ name: z.string(), items: z.array(z.object({ id: z.string(), size: z.number() })) });
    const { value, problems } = source.validate(schema);
    expect(value).toBeUndefined();
    expect(problems).toEqual([{ file: 'demo.yaml', line: 6, message: expect.stringMatching(/^items\.1\.size: /) }]);
    expect(source.validate(z.object({ name: z.literal('demo') })).value).toEqual({ name: 'demo' });
  });

  it('malformed YAML is an InputError that names the file', () => {
    const e = parseError('bad.yaml', 'a: 1\nb: 2\nc: 3\nd: [unclosed\ne: 5\n');
    expect(e.message).toMatch(/^malformed YAML: /);
    expect(e.location?.file).toBe('bad.yaml');
    expect(e.hint).toMatch(/Fix the syntax/);
  });

  it('duplicate keys are rejected', () => {
    expect(parseError('dup.yaml', 'a: 1\nb: 2\na: 3\n').message).toMatch(/unique/i);
  });

  it.each([
    ['an unclosed flow sequence', 'a: 1\nb: 2\nc: 3\nd: [unclosed\ne: 5\n', 4, 5],
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 3, 3],
    ['an unterminated quote', 'name: x\ncomponents:\n  - id: a\n    name: "unterminated\n', 4, 5],
    ['a bad indentation', 'a: 1\nb:\n  - x\n - y\n', 3, 4],
  ])('reports the line where the parser meets %s', (_what, bad, from, to) => {
    const line = parseError('bad.yaml', bad).location?.line ?? 0;
    expect(line).toBeGreaterThanOrEqual(from);
    expect(line).toBeLessThanOrEqual(to);
  });
});
