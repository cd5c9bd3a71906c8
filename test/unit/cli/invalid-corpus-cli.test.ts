// The invalid-recipe corpus through the CLI itself: every one exits 2 with exactly its
// expected line on stderr (prefixed "error: "), and none prints a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runInProcess } from '../../helpers/cli.js';

const dir = fileURLToPath(new URL('../../fixtures/recipes/invalid/', import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, line: /^# expect: [A-Z_]+ (.+)$/.exec(readFileSync(dir + file, 'utf8').split('\n')[0]!)![1]! }));

describe('tempfs validate on each invalid recipe', () => {
  test.each(cases)('$file', async ({ file, line }) => {
    const r = await runInProcess(['validate', '-f', file], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`error: ${line}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
