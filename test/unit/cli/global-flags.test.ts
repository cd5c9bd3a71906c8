import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { globalFlagsFirst } from '../../../src/cli/global-flags.js';
import { buildCli } from '../../../src/cli/run.js';

const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '/', signal: new AbortController().signal };
const globals = buildCli(io).globalCommand.options;

test.each([
  [['-f', 'a.yaml', 'logs', '-f'], ['--file', 'a.yaml', 'logs', '-f']],
  [['-p', 'x', '--env-file', 'e', '-f=b.yaml', 'up'], ['--project-name', 'x', '--env-file', 'e', '--file=b.yaml', 'up']],
  [['--profile', '-f', 'up'], ['--profile', '-f', 'up']],
  [['logs', '-f', 'web'], ['logs', '-f', 'web']],
  [['--', '-f'], ['--', '-f']],
])('%j -> %j', (argv, expected) => {
  expect(globalFlagsFirst(argv, globals)).toEqual(expected);
});
