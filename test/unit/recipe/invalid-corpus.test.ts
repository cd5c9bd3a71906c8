// Every recipe under test/fixtures/recipes/invalid/ starts with
// `# expect: CODE file:line:col: message`; loading it must fail with exactly that.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import { loadProject } from '../../../src/recipe/index.js';

const dir = fileURLToPath(new URL('../../fixtures/recipes/invalid/', import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const first = readFileSync(dir + file, 'utf8').split('\n')[0]!;
    const match = /^# expect: ([A-Z_]+) (.+)$/.exec(first);
    if (!match) throw new Error(`${file}: first line must be "# expect: CODE message"`);
    return { file, code: match[1]!, line: match[2]! };
  });

describe('invalid recipes', () => {
  test('the corpus has at least 40 recipes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases)('$file', async ({ file, code, line }) => {
    const error = await loadProject({ cwd: dir, files: [file], env: {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isTempfsError(error), `${file} loaded, or failed with a non-TempfsError: ${String(error)}`).toBe(true);
    if (!isTempfsError(error)) return;
    expect({ code: error.code, line: error.line }).toEqual({ code, line });
    expect(error.exitCode).toBe(2);
  });
});
