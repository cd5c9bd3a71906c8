// Issue 16 item 12: duplicate keys are found in one pass (yaml's own check compared every
// key with every earlier one); the same documents are refused and accepted as before.
import { describe, expect, test } from 'vitest';
import { loadText, rejection } from './load-text.js';

describe('duplicate keys', () => {
  test('a repeated key is a syntax error at the repeat', async () => {
    const e = await rejection(loadText('name: a\ncontainers:\n  a: { image: busybox }\n  b: { image: busybox }\n  a: { image: busybox }\n'));
    expect(e.code).toBe('RECIPE_SYNTAX');
    expect(e.line).toBe('tempfs.yaml:5:3: Map keys must be unique');
  });

  test('the first problem in the text wins, duplicate or syntax', async () => {
    const e = await rejection(loadText('name: a\nname: b\ncontainers: [\n'));
    expect(e.line).toBe('tempfs.yaml:2:1: Map keys must be unique');
  });

  test('1 and "1" are different keys; repeated merge keys are allowed', async () => {
    const { project } = await loadText('x-a: &a { user: u }\nx-b: &b { working_dir: /w }\nname: a\ncontainers:\n  a:\n    <<: *a\n    <<: *b\n    image: busybox\n    labels: { 1: x, "1": y }\n');
    expect(project.containers.a).toMatchObject({ user: 'u', working_dir: '/w' });
  });
});
