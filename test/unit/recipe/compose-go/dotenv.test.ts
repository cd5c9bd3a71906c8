/** compose-go's dotenv tables (test/fixtures/compose-go/dotenv.json) against parseDotenv(). */
import { describe, expect, test } from 'vitest';
import { TempfsError } from '../../../../src/errors.js';
import { parseDotenv } from '../../../../src/recipe/dotenv.js';
import { cases } from './fixtures.js';

interface Table {
  parsing: { input: string; key: string; value: string }[];
  files: { name: string; text: string; expected: Record<string, string>; shell?: Record<string, string>; from: string }[];
  errors: { text: string; line: number; contains: string; from: string; shell?: Record<string, string> }[];
  multipleFiles: { base: string; override: string; cases: { shell: Record<string, string>; expected: Record<string, string> }[] };
  ignoredLines: string[];
}

const table = cases<Table>('dotenv');
const lookup = (env: Record<string, string> = {}) => (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);
const parse = (text: string, shell?: Record<string, string>) => parseDotenv(text, { file: 'test.env', lookup: lookup(shell) });

describe('compose-go dotenv', () => {
  test.each(table.parsing.map((c) => [c.input, c.key, c.value]))('%j sets %j to %j', (input, key, value) => {
    expect(parse(input)[key]).toBe(value);
  });

  test.each(table.files.map((c) => [c.from, c.name, c]))('%s: %s', (_from, _name, c) => {
    expect(parse(c.text, c.shell)).toEqual(c.expected);
  });

  test.each(table.errors.map((c) => [c.text, c.line, c.contains, c.shell]))('%j fails at line %i: %s', (text, line, contains, shell) => {
    let caught: unknown;
    try {
      parse(text, shell);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TempfsError);
    expect((caught as TempfsError).message).toContain(`test.env:${line}: ${contains}`);
  });

  test.each(table.multipleFiles.cases.map((c) => [c.shell, c.expected]))('two files, shell %j', (shell, expected) => {
    const base = parseDotenv(table.multipleFiles.base, { file: 'base.env', lookup: lookup(shell) });
    expect(parseDotenv(table.multipleFiles.override, { file: 'override.env', lookup: lookup(shell), base })).toEqual(expected);
  });

  test.each(table.ignoredLines)('%j sets nothing', (text) => {
    expect(parse(text)).toEqual({});
  });
});
