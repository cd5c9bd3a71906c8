// Issue 16 item 8: a failing command's message, details, cause and debug output never carry
// the value of an environment flag.
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { run } from '../../../src/engine/exec.js';
import { runLines } from '../../../src/engine/exec-lines.js';
import { displayCommand, redactArgs } from '../../../src/engine/display-command.js';
import { reportError } from '../../../src/cli/report-error.js';

const SECRET = 'sk-hunter2-very-secret';

async function everythingPrinted(error: unknown): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  reportError(error, out, { DEBUG: 'tempfs' });
  return chunks.join('') + JSON.stringify(error) + String((error as Error).message);
}

describe('environment values never appear in errors', () => {
  test('redactArgs hides -e, --env and --env= values, keeps the names', () => {
    expect(redactArgs(['run', '-e', `API_KEY=${SECRET}`, '--env', 'B=2', '--env=C=3', '-e=D=4', '-e', 'NAME_ONLY', 'img', '-e', 'x'])).toEqual(
      ['run', '-e', 'API_KEY=***', '--env', 'B=***', '--env=C=***', '-e=D=***', '-e', 'NAME_ONLY', 'img', '-e', 'x'],
    );
    expect(displayCommand('podman', ['run', "it's"])).toBe(`podman run 'it'\\''s'`);
  });

  test('a command that exits non-zero', async () => {
    const error = await run('sh', ['-c', 'echo boom >&2; exit 3', 'sh', '-e', `API_KEY=${SECRET}`]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('API_KEY=***') });
    expect(await everythingPrinted(error)).not.toContain(SECRET);
  });

  test('a command that cannot start, and a streamed command that fails', async () => {
    const missing = await run('/nonexistent/podman', ['-e', `API_KEY=${SECRET}`]).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    expect(await everythingPrinted(missing)).not.toContain(SECRET);
    const streamed = await (async () => {
      for await (const _ of runLines('sh', ['-c', 'exit 4', 'sh', '--env', `API_KEY=${SECRET}`]));
    })().catch((e: unknown) => e);
    expect(streamed).toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('API_KEY=***') });
    expect(await everythingPrinted(streamed)).not.toContain(SECRET);
  });
});
