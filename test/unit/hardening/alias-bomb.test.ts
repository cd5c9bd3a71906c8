// Issue 16 item 5: aliases are never expanded without a bound, on either reader. (The same
// document against the built CLI, under a memory and time cap, is in
// test/integration/hardening/bounded-cli.test.ts.)
import { describe, expect, test } from 'vitest';
import { readYamlFast } from '../../../src/recipe/fast-yaml.js';
import { MAX_ALIAS_VALUES } from '../../../src/recipe/alias-limit.js';
import { aliasBomb } from './hostile-inputs.js';
import { loadText, rejection } from './load-text.js';

describe('alias bombs', () => {
  test('the billion laughs is a recipe error at its first over-budget alias', async () => {
    expect(aliasBomb().length).toBeLessThan(500);
    const e = await rejection(loadText(aliasBomb()));
    expect(e.code).toBe('RECIPE_INVALID');
    expect(e.line).toMatch(new RegExp(`^tempfs\\.yaml:\\d+:\\d+: aliases expand to more than ${MAX_ALIAS_VALUES} values$`));
  });

  test('the fast reader hands such a document to the exact reader', () => {
    expect(() => readYamlFast(aliasBomb())).toThrow('aliases expand too far');
  });

  test('fragments reused by many containers are fine', async () => {
    const services = Array.from({ length: 200 }, (_, i) => `  c${i}: { <<: *base, image: busybox }`).join('\n');
    const text = `x-base: &base { environment: { A: "1", B: "2" }, labels: [a=b], roles: [base] }\nname: many\ncontainers:\n${services}\n`;
    const { project } = await loadText(text);
    expect(Object.keys(project.containers)).toHaveLength(200);
    expect(project.containers.c199!.environment).toEqual({ A: '1', B: '2' });
  });
});
