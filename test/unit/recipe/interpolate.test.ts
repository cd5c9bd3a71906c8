import { describe, expect, test } from 'vitest';
import { interpolate, InterpolationProblem } from '../../../src/recipe/interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', PORT: '8080' };
const lookup = (name: string) => env[name];
const run = (text: string) => interpolate(text, lookup);

describe('interpolate', () => {
  test.each([
    ['${SET}', 'value'],
    ['$SET', 'value'],
    ['a-$SET-b', 'a-value-b'],
    ['$SET.x', 'value.x'],
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:?m}', 'value'],
    ['${EMPTY?m}', ''],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET:-${PORT}}', '8080'],
    ['${UNSET:-http://h:${PORT:-1}/x}', 'http://h:8080/x'],
    ['$$SET', '$SET'],
    ['cost $$5', 'cost $5'],
    ['no variables', 'no variables'],
  ])('%s -> %s', (text, expected) => {
    expect(run(text)).toEqual({ value: expected, unset: [] });
  });

  test('an unset variable without a default is empty and reported', () => {
    expect(run('${UNSET}/$ALSO_UNSET')).toEqual({ value: '/', unset: ['UNSET', 'ALSO_UNSET'] });
  });

  test.each([
    ['$5', '$5'],
    ['end$', 'end$'],
    ['a $ b', 'a $ b'],
  ])('a lone $ stays: %s', (text, expected) => {
    expect(run(text)).toEqual({ value: expected, unset: [] });
  });

  test('a default is only evaluated when used', () => {
    expect(run('${SET:-${UNSET}}')).toEqual({ value: 'value', unset: [] });
  });

  test.each([
    ['${UNSET:?give it}', 'required variable UNSET is missing a value: give it'],
    ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
    ['${UNSET?}', 'required variable UNSET is missing a value'],
  ])('%s fails as required', (text, message) => {
    const error = (() => {
      try {
        run(text);
      } catch (e) {
        return e;
      }
    })() as InterpolationProblem;
    expect(error).toBeInstanceOf(InterpolationProblem);
    expect([error.message, error.required]).toEqual([message, true]);
  });

  test.each([
    ['${X', 'invalid interpolation "${X": missing "}"'],
    ['${}', 'invalid interpolation "${}": expected a variable name'],
    ['${X%y}', 'invalid interpolation "${X%y}": unexpected "%" after X'],
  ])('%s is invalid', (text, message) => {
    expect(() => run(text)).toThrow(message);
  });
});
