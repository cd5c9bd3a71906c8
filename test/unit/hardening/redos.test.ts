// Issue 16 item 7: user patterns run on a linear-time engine. Each check runs in a worker
// thread with a deadline and a heap cap, so a regression fails the test instead of hanging it.
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { compileUserPattern, patternProblem } from '../../../src/shared/user-pattern.js';
import { loadText, rejection } from './load-text.js';

/** Runs `code` (an ES module body that posts one message) with a deadline and a heap cap. */
function bounded(code: string, timeoutMs = 20_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (m) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const re2js = new URL('../../../node_modules/re2js/build/index.js', import.meta.url).href;

describe('catastrophic patterns', () => {
  test('(a+)+$ against 40 a and a b answers (the engine tempfs uses, under a deadline)', async () => {
    const code = `import { RE2JS } from '${re2js}'; import { parentPort } from 'node:worker_threads';
      const m = RE2JS.compile('(a+)+$').matcher('a'.repeat(40) + 'b');
      parentPort.postMessage(m.find());`;
    expect(await bounded(code)).toBe(false);
  });

  test('compileUserPattern is that engine: a match, a miss, and 10^5-character lines', () => {
    const p = compileUserPattern('(a+)+$');
    expect(p.test('a'.repeat(40) + 'b')).toBe(false);
    expect(p.find('xx' + 'a'.repeat(100_000))).toBe('a'.repeat(100_000));
    expect(compileUserPattern('listening on (\\S+)').find('server listening on http://0:80 now')).toBe('listening on http://0:80');
  });

  test('plain patterns (text, `.`, `^`, `$`) match as RE2 does without loading it', async () => {
    const cases: Array<[string, string[]]> = [
      ['^ready$', ['ready', 'ready ', ' ready', 'not ready', '']],
      ['listening on', ['server listening on :80', 'listening', 'LISTENING ON']],
      ['a.c$', ['xxabc', 'a\nc', 'a😀c', 'abcd']],
      ['^.$', ['😀', 'ab', '']],
      ['ready$', ['ready', 'ready\n', 'already']],
    ];
    const lines = cases.flatMap(([source, inputs]) => inputs.map((line) => ({ source, line })));
    const code = `import { RE2JS } from '${re2js}'; import { parentPort } from 'node:worker_threads';
      const lines = ${JSON.stringify(lines)};
      parentPort.postMessage(lines.map(({ source, line }) => { const m = RE2JS.compile(source).matcher(line); return m.find() ? m.group(0) : null; }));`;
    const expected = (await bounded(code)) as Array<string | null>;
    expect(lines.map(({ source, line }) => compileUserPattern(source).find(line))).toEqual(expected);
    expect(expected.filter((x) => x !== null).length).toBeGreaterThan(5);
    expect(lines.every(({ source }) => patternProblem(source) === null)).toBe(true);
  });

  test('lookaround and backreferences are refused when read, with the reason', async () => {
    expect(patternProblem('(?=a)b')).toMatch(/invalid or unsupported Perl syntax/);
    expect(patternProblem('(a)\\1')).toMatch(/invalid escape sequence/);
    const e = await rejection(loadText('name: r\ncontainers:\n  a:\n    image: busybox\n    ready: { log: "(?<=x)y" }\n'));
    expect(e.line).toMatch(/^tempfs\.yaml:5:19: containers\.a\.ready\.log: "\(\?<=x\)y" is not a valid regular expression: /);
  });
});
