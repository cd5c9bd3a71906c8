/**
 * `replSession` against a real busybox container through the PodmanEngine, driven
 * through injected streams (readline in terminal mode, so Ctrl-C is a keypress).
 * Everything carries this file's project label; afterAll asserts none is left.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_IMAGES } from '../../helpers/podman.js';
import { container, project as makeProject } from '../../helpers/project.js';
import { startShell, useBox } from './box.js';

const b = useBox('term', (name) => ({
  ...makeProject(name, [container('box', { image: TEST_IMAGES.busybox, command: ['sleep', '1000'], roles: ['base', 'ping'], stop_grace_period: 0 })]),
  commands: [fileURLToPath(new URL('../../../recipes/commands', import.meta.url))],
  yaml_commands: [{ name: 'greet', aliases: [], description: 'echo', roles: ['base'], run: ['echo', 'greetings'] }],
}));
const { engine, box } = b;

function open() {
  const { stdin, text, done } = startShell(b);
  const until = async (needle: string) => {
    // A guard against hanging, not a timing assertion.
    for (let i = 0; !text().includes(needle); i++) {
      if (i > 2000) throw new Error(`never saw ${JSON.stringify(needle)} in ${JSON.stringify(text())}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { stdin, text, done, until };
}

describe('the terminal on a real container', () => {
  it('runs built-ins, quoted words, continuations, a module and a YAML command', async () => {
    const t = open();
    t.stdin.write('bash echo "a  b"\r');
    await t.until('a  b\n');
    t.stdin.write('bash echo one \\\r');
    t.stdin.write('two\r');
    await t.until('one two\n');
    t.stdin.write('hello Ada\r');
    await t.until(`hello Ada, from box`);
    t.stdin.write('greet\r');
    await t.until('greetings\n');
    t.stdin.write('bash "exit 3"\r');
    await t.until('exit code 3');
    t.stdin.write('ping\r');
    await t.until(`pong from ${box}`);
    t.stdin.write('exit\r');
    expect(await t.done).toBe(0);
  });

  it('Ctrl-C stops a long command and the shell keeps going', async () => {
    const t = open();
    t.stdin.write('bash sleep 100\r');
    // Wait until the sleep runs in the container before pressing Ctrl-C.
    for (let i = 0; ; i++) {
      const ps = await engine.exec(box, ['ps']);
      if (/sleep 100$/m.test(ps.stdout)) break;
      if (i > 200) throw new Error('sleep 100 never started');
    }
    t.stdin.write('\x03');
    await t.until('cancelled');
    // Killing the podman client alone would leave it running: the sleep is gone from the container too.
    expect((await engine.exec(box, ['ps'])).stdout).not.toMatch(/sleep 100$/m);
    t.stdin.write('bash echo still here\r');
    await t.until('still here\n');
    t.stdin.write('\x04');
    expect(await t.done).toBe(0);
  });
});
