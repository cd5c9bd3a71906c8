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
  .map((file) => {
    const [, code, line] = /^# expect: ([A-Z_]+) (.+)$/.exec(readFileSync(dir + file, 'utf8').split('\n')[0]!)!;
    return { file, code: code!, line: line! };
  });

describe('tempfs validate on each invalid recipe', () => {
  test.each(cases)('$file', async ({ file, line }) => {
    const r = await runInProcess(['validate', '-f', file], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`error: ${line}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('tempfs validate --json on each invalid recipe', () => {
  test.each(cases)('$file', async ({ file, code, line }) => {
    const r = await runInProcess(['validate', '--json', '-f', file], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const { ok, error } = JSON.parse(r.stdout);
    expect(ok).toBe(false);
    expect(error.code).toBe(code);
    // The same place and message as the one-line form, as fields.
    const where = error.file === null ? '' : `${error.file}:${error.line}:${error.column}: `;
    expect(`${where}${error.message}`).toBe(line);
  });

  test('a valid recipe: ok, its project, files and containers', async () => {
    const valid = fileURLToPath(new URL('../../../recipes/ubuntu.yaml', import.meta.url));
    const r = await runInProcess(['validate', '--json', '-f', valid], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, files: [valid], containers: expect.arrayContaining([expect.any(String)]) });
  });
});
