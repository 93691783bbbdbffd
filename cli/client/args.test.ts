/**
 * Pins the client commands' argument parsing: flags and positionals are checked strictly, and
 * every mistake is a UsageError that names the flag (the command turns it into exit code 2).
 */
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, parseJsonFlag, parsePositiveIntFlag, UsageError } from './args.js';

const options = { key: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('parseCommandArgs', () => {
  it('returns flags and positionals', () => {
    const parsed = parseCommandArgs(['order', '--key', 'K1', '--json'], options, {
      min: 1,
      max: 1,
      names: '<machine>',
    });
    expect(parsed.values).toEqual({ key: 'K1', json: true });
    expect(parsed.positionals).toEqual(['order']);
  });

  it('refuses an unknown flag', () => {
    expect(() =>
      parseCommandArgs(['--colour', 'red'], options, { min: 0, max: 0, names: '' }),
    ).toThrow(UsageError);
  });

  it('names what is missing and what is extra', () => {
    expect(() => parseCommandArgs([], options, { min: 1, max: 1, names: '<machine>' })).toThrow(
      'missing <machine>',
    );
    expect(() =>
      parseCommandArgs(['a', 'b'], options, { min: 1, max: 1, names: '<machine>' }),
    ).toThrow('unexpected argument "b"');
  });

  it('refuses a string flag without its value', () => {
    expect(() => parseCommandArgs(['--key'], options, { min: 0, max: 0, names: '' })).toThrow(
      UsageError,
    );
  });
});

describe('flag values', () => {
  it('parses JSON and names the flag when it is not JSON', () => {
    expect(parseJsonFlag('input', '{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(parseJsonFlag('input', undefined)).toBeUndefined();
    expect(() => parseJsonFlag('input', '{a:1}')).toThrow(/^--input must be JSON/);
  });

  it('parses positive integers only', () => {
    expect(parsePositiveIntFlag('limit', '25')).toBe(25);
    for (const bad of ['0', '-1', '2.5', 'ten', '']) {
      expect(() => parsePositiveIntFlag('limit', bad)).toThrow(
        '--limit must be a positive integer',
      );
    }
  });
});
