/**
 * End to end in tmux: the real `tempfs` CLI (dist/, built by `npm test`) opens the
 * terminal on a stack started with `up -d`; a person's keys go in with send-keys and the
 * screen comes back with capture-pane. Acceptance 2 of issue 6. The recipe is
 * test/fixtures/commands/e2e/tempfs.yaml, the project name unique to this run. The
 * foreground `tempfs up` (exit takes the stack down) is tmux-up.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerName } from '../../../src/engine/naming.js';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { assertNothingLeft, leftovers, removeProject, requireImages, TEST_IMAGES } from '../../helpers/podman.js';
import { TmuxSession } from './tmux.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const recipe = join(root, 'test/fixtures/commands/e2e/tempfs.yaml');
const name = `tmx-${randomBytes(4).toString('hex')}`;
const engine = new PodmanEngine();
const box = containerName(name, 'box');
let state = '';
const tempfs = (...args: string[]) =>
  execFileSync('node', [cli, '-f', recipe, '-p', name, '--progress', 'plain', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_STATE_HOME: state },
  });

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox], engine);
  if (!existsSync(cli)) throw new Error('dist/ is not built: run `npm run build`');
  state = await mkdtemp(join(tmpdir(), 'tempfs-tmux-'));
  tempfs('trust'); // the recipe's command modules run on the host: trusted once, as a user would
  tempfs('up', '-d');
});

afterAll(async () => {
  await removeProject(name, engine);
  await rm(state, { recursive: true, force: true });
  await assertNothingLeft(name, engine);
});

/** A terminal on one container: `tempfs shell [service]` in a fresh tmux server, started by `start()`. */
function shellOn(service?: string) {
  const command = ['node', cli, '-f', recipe, '-p', name, 'shell', ...(service ? [service] : [])];
  let session: TmuxSession | undefined;
  const start = () => (session = new TmuxSession(command, { NO_COLOR: '1', XDG_STATE_HOME: state }));
  const tmux = new Proxy({} as TmuxSession, {
    get: (_, key: keyof TmuxSession) => {
      if (!session) throw new Error('the shell is not started');
      const value = session[key];
      return typeof value === 'function' ? value.bind(session) : value;
    },
  });
  const prompt = `${name}/${service ?? 'box'}>`;
  const lines = (s: string) => s.split('\n').map((l) => l.trimEnd());
  /** Types a line, waits for the next prompt, returns the lines printed in between. */
  const run = async (typed: string): Promise<string[]> => {
    tmux.line(typed);
    const screen = await tmux.until((s) => {
      const all = lines(s);
      const at = all.lastIndexOf(`${prompt} ${typed}`);
      return at >= 0 && all.slice(at + 1).some((l) => l.startsWith(prompt));
    });
    const all = lines(screen);
    const rest = all.slice(all.lastIndexOf(`${prompt} ${typed}`) + 1);
    return rest.slice(0, rest.findIndex((l) => l.startsWith(prompt)));
  };
  return { start, stop: () => session?.kill(), tmux, prompt, run };
}

describe('tempfs shell in tmux, on a stack started with up -d', () => {
  const t = shellOn();
  afterAll(() => t.stop());

  it('opens on the recipe terminal container', async () => {
    t.start();
    expect(await t.tmux.until((s) => s.includes(t.prompt))).toContain(t.prompt);
  });

  it('help lists exactly the commands of the container roles', async () => {
    const names = (await t.run('help')).map((l) => l.trim().split(' ')[0]);
    expect(names.sort()).toEqual(['bash', 'bg', 'clear', 'count', 'exit', 'greet', 'hello', 'help', 'jobs', 'logs', 'ping', 'stop', 'wait']);
  });

  it('bash echo "a  b" prints a  b', async () => {
    expect(await t.run('bash echo "a  b"')).toEqual(['a  b']);
  });

  it('runs a command continued over two lines, showing the continuation prompt', async () => {
    t.tmux.line('bash echo one \\');
    await t.tmux.until((s) => s.split('\n').some((l) => l.trimEnd() === '>'));
    t.tmux.line('two');
    const screen = await t.tmux.until((s) => s.includes('> two\none two\n'));
    expect(screen).toContain(`${t.prompt} bash echo one \\\n> two\none two\n`);
  });

  it('runs a custom module from commands/ and a YAML command', async () => {
    expect(await t.run('hello Ada')).toEqual([expect.stringMatching(new RegExp(`^hello Ada, from box \\(\\S+\\) in project ${name}$`))]);
    expect(await t.run('greet you')).toEqual(['greetings you']);
    expect(await t.run('count "a  b" c')).toEqual(['2 words: a  b c']);
  });

  it('Ctrl-C stops a long bash sleep 100 without leaving the shell', async () => {
    t.tmux.line('bash sleep 100');
    for (let i = 0; !/sleep 100$/m.test((await engine.exec(box, ['ps'])).stdout); i++) {
      if (i > 200) throw new Error('sleep 100 never started');
    }
    t.tmux.keys('C-c');
    await t.tmux.until((s) => s.includes('cancelled'));
    expect(await t.run('bash echo still here')).toEqual(['still here']);
    // Not only the podman client: the sleep is gone from the container too.
    expect((await engine.exec(box, ['ps'])).stdout).not.toMatch(/sleep 100$/m);
  });

  it('bash opens an interactive shell (sh when the image has no bash) and gives the prompt back', async () => {
    t.tmux.line('bash');
    await t.tmux.until((s) => /[#$]$/.test(s.trimEnd()));
    t.tmux.line('echo "inside $((6 * 7))"; exit');
    await t.tmux.until((s) => s.includes('inside 42') && s.trimEnd().endsWith(t.prompt));
    expect(await t.run('bash echo back')).toEqual(['back']);
  });

  it('exit leaves the shell; the detached stack keeps running; history is kept', async () => {
    t.tmux.line('exit');
    await t.tmux.until(() => t.tmux.dead());
    const running = (await leftovers(name, engine)).containers.sort();
    expect(running).toEqual([box, containerName(name, 'other')]);
    const history = await readFile(join(state, 'tempfs', 'history', name), 'utf8');
    expect(history.split('\n')).toContain('bash echo "a  b"');
  });
});

describe('tempfs shell on a container with only the llama role', () => {
  const t = shellOn('other');
  afterAll(() => t.stop());

  it("offers that container's commands only, and suggests the nearest name", async () => {
    t.start();
    await t.tmux.until((s) => s.includes(t.prompt));
    // No `base` role: no help, no bash; the llama commands are there (no server: a clear error).
    expect(await t.run('help')).toEqual(['unknown command "help"']);
    expect(await t.run('bash echo hi')).toEqual(['unknown command "bash"']);
    expect(await t.run('halth')).toEqual(['unknown command "halth" — did you mean "health"?']);
    expect((await t.run('models'))[0]).toBe('error: this project has no llama-server URL');
    t.tmux.keys('C-d');
    await t.tmux.until(() => t.tmux.dead());
  });

  it('down removes the stack', async () => {
    tempfs('down');
    expect((await leftovers(name, engine)).containers).toEqual([]);
  });
});
