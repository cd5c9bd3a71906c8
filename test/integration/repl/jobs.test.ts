/**
 * Background jobs in the terminal against a real busybox container: `replSession`
 * driven through injected streams (readline in terminal mode, Ctrl-C as a keypress).
 * Checks inside the container (`ps`) that stopped jobs are gone and that leaving the
 * shell stops the rest. Everything carries this file's project label; afterAll asserts
 * none is left.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEST_IMAGES } from '../../helpers/podman.js';
import { container, project as makeProject } from '../../helpers/project.js';
import { startShell, useBox } from './box.js';

const b = useBox('jobs', (name) => makeProject(name, [container('box', { image: TEST_IMAGES.busybox, command: ['sleep', '1000'], roles: ['base'], stop_grace_period: 0 })]));
const { engine, box } = b;

/** Live processes in the container whose command starts with `sleep <tag>` (not the shells that carry the text). */
async function sleepers(tag: string): Promise<string[]> {
  const { stdout } = await engine.exec(box, ['ps', '-o', 'stat,args']);
  return stdout
    .split('\n')
    .slice(1)
    .filter((l) => !l.trim().startsWith('Z'))
    .map((l) => l.trim().replace(/^\S+\s+/, ''))
    .filter((c) => c.startsWith(`sleep ${tag}`));
}

/** `podman exec` clients on the host that still talk to this container. */
async function hostClients(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((l) => l.includes(' exec ') && l.includes(box));
}

function open() {
  const { stdin, text: textOf, done } = startShell(b);
  const text = { slice: (from: number) => textOf().slice(from) };
  let mark = 0;
  /** Resolves with what was printed since the last call, up to and including `needle`. */
  const until = async (needle: string | RegExp): Promise<string> => {
    // A guard against hanging, not a timing assertion.
    for (let i = 0; ; i++) {
      const rest = text.slice(mark);
      const found = typeof needle === 'string' ? (rest.includes(needle) ? needle : undefined) : rest.match(needle)?.[0];
      if (found !== undefined) {
        const end = rest.indexOf(found) + found.length;
        mark += end;
        return rest.slice(0, end);
      }
      if (i > 3000) throw new Error(`never saw ${String(needle)} in ${JSON.stringify(rest)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  /** Types a line; resolves with the answer up to `needle` (past readline's echo of the line). */
  const type = async (line: string, needle: string | RegExp): Promise<string> => {
    stdin.write(`${line}\r`);
    await until('\n');
    return until(needle);
  };
  return { stdin, text: textOf, done, type, until };
}

describe('background jobs in the terminal', () => {
  it('bg, wait, jobs, logs, stop: the stopped job is gone from the container', async () => {
    const t = open();
    expect(await t.type(`bg sh -c 'echo ready; sleep 3601'`, '\n')).toContain("[p1] started: sh -c 'echo ready; sleep 3601'");
    expect(await t.type('wait p1 ^ready$ --timeout 20s', 'ready\n')).toMatch(/ready\n$/);
    expect(await sleepers('3601')).toHaveLength(1);
    const table = await t.type('jobs', /p1 .*\n/);
    expect(table).toMatch(/ID +STATUS +UPTIME +COMMAND\n/);
    expect(table).toMatch(/p1 +running +\d+\.\ds +sh -c 'echo ready; sleep 3601'\n$/);
    expect(await t.type('logs p1', 'ready\n')).toBe('ready\n');
    expect(await t.type('stop p1', /\[p1\] .*\n/)).toContain('[p1] killed\n');
    expect(await sleepers('3601')).toEqual([]);
    expect(await t.type('jobs', /p1 .*\n/)).toMatch(/p1 +killed +/);
    expect(await t.type('stop p9', /error: .*\n/)).toContain('error: no job p9\n');
    t.stdin.write('exit\r');
    expect(await t.done).toBe(0);
    // Nothing was running any more: leaving says nothing about jobs.
    expect(t.text()).not.toContain('stopping');
  });

  it('logs -f follows a job to its end; Ctrl-C ends a follow; exit stops the jobs still running', async () => {
    const t = open();
    await t.type(`bg 'for i in 1 2 3; do echo tick $i; sleep 0.3; done'`, '[p1] started');
    expect(await t.type('logs -f p1', '[p1] exited 0\n')).toMatch(/tick 1\ntick 2\ntick 3\n\[p1\] exited 0\n$/);
    await t.type('bg sleep 3602', '[p2] started');
    await t.type(`bg sh -c 'echo up; sleep 3603'`, '[p3] started');
    await t.type('wait p3 up', 'up\n');
    // The follow prints the last line, then waits; Ctrl-C returns to the prompt.
    expect(await t.type('logs -f p3', 'up\n')).toBe('up\n');
    t.stdin.write('\x03');
    expect(await t.type('wait p2 never --timeout 300ms', /no line matched.*\n/)).toContain(
      'no line matched /never/ within 0.3s ([p2] is still running)\n',
    );
    expect(await sleepers('360')).toHaveLength(2);
    t.stdin.write('exit\r');
    expect(await t.done).toBe(0);
    expect(t.text()).toContain('stopping 2 background jobs (p2, p3)\n');
    expect(await sleepers('360')).toEqual([]);
    expect(await hostClients()).toEqual([]);
  });
});
