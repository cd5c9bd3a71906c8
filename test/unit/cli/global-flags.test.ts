import { expect, test } from 'vitest';
import { globalFlagsFirst } from '../../../src/cli/global-flags.js';

test.each([
  [['-f', 'a.yaml', 'logs', '-f'], ['--file', 'a.yaml', 'logs', '-f']],
  [['-p', 'x', '--env-file', 'e', '-f=b.yaml', 'up'], ['--project-name', 'x', '--env-file', 'e', '--file=b.yaml', 'up']],
  [['--profile', '-f', 'up'], ['--profile', '-f', 'up']],
  [['logs', '-f', 'web'], ['logs', '-f', 'web']],
  [['--', '-f'], ['--', '-f']],
])('%j -> %j', (argv, expected) => {
  expect(globalFlagsFirst(argv)).toEqual(expected);
});
