/** compose-go's template tables (test/fixtures/compose-go/template.json) against interpolate(). */
import { describe, expect, test } from 'vitest';
import { interpolate, InterpolationProblem } from '../../../../src/recipe/interpolate.js';
import { cases } from './fixtures.js';

interface Table {
  env: Record<string, string>;
  substitute: { template: string; expected: string; from: string }[];
  operatorChoice: { body: string; operator: string }[];
  invalid: string[];
  required: { template: string; error: string }[];
  requiredMessageIsLazy: { env: Record<string, string>; template: string; expected: string };
  unsetReported: { template: string; unset: string[] }[];
}

const table = cases<Table>('template');
const lookup = (env: Record<string, string>) => (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);

describe('compose-go template', () => {
  test.each(table.substitute.map((c) => [c.from, c.template, c.expected]))('%s: %j -> %j', (_from, template, expected) => {
    expect(interpolate(template, lookup(table.env)).value).toBe(expected);
  });

  test.each(table.operatorChoice.map((c) => [c.body, c.operator]))('${%s} uses the operator %s', (body, operator) => {
    const rest = body.slice('VARNAME'.length + operator.length);
    const template = `\${${body}}`;
    if (operator.endsWith('?')) expect(() => interpolate(template, lookup({}))).toThrow(`required variable VARNAME is missing a value: ${rest}`);
    if (operator.endsWith('-')) expect(interpolate(template, lookup({})).value).toBe(rest);
    if (operator.endsWith('+')) expect(interpolate(template, lookup({ VARNAME: 'x' })).value).toBe(rest);
  });

  test.each(table.invalid)('%j is an invalid template', (template) => {
    expect(() => interpolate(template, lookup(table.env))).toThrow(/invalid interpolation/);
  });

  test.each(table.required.map((c) => [c.template, c.error]))('%j fails: %s', (template, error) => {
    let caught: unknown;
    try {
      interpolate(template, lookup(table.env));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InterpolationProblem);
    expect([(caught as InterpolationProblem).message, (caught as InterpolationProblem).required]).toEqual([error, true]);
  });

  test('a required message is only evaluated when needed', () => {
    const c = table.requiredMessageIsLazy;
    expect(interpolate(c.template, lookup(c.env))).toEqual({ value: c.expected, unset: [] });
  });

  test.each(table.unsetReported.map((c) => [c.template, c.unset]))('%j reports unset %j', (template, unset) => {
    expect(interpolate(template, lookup(table.env)).unset).toEqual(unset);
  });
});
