/**
 * End to end in tmux: the real terminal on a real container, typed at like a person
 * (send-keys) and read from the screen (capture-pane). Acceptance 2 of issue 6.
 * Runs the built code (dist/, made by `npm test`'s build step).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Labels } from '../../../src/engine/engine.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES } from '../../helpers/podman.js';
import { container, project as makeProject } from '../../helpers/project.js';
import { TmuxSession } from './tmux.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = join(root, 'dist');
const name = `tmx-${randomBytes(4).toString('hex')}`;
const engine = new PodmanEngine();
const box = containerName(name, 'box');
const project = {
  ...makeProject(name, [
    container('box', { image: TEST_IMAGES.busybox, command: ['sleep', '1000'], roles: ['base', 'ping'], stop_grace_period: 0 }),
  ]),
  commands: [join(root, 'recipes/commands')],
  yaml_commands: [{ name: 'greet', aliases: [], description: 'say greetings', roles: ['base'], run: ['echo', 'greetings'] }],
};
const prompt = `${name}/box> `;
/** A line that is a fresh prompt (the screen's lines are right-trimmed). */
const isPrompt = (line: string) => line.startsWith(prompt.trimEnd());
let dir = '';
let tmux: TmuxSession | undefined;

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox], engine);
  if (!existsSync(join(dist, 'commands/shell.js'))) throw new Error('dist/ is not built: run `npm run build`');
  dir = await mkdtemp(join(tmpdir(), 'tempfs-tmux-'));
  const session = `s-${randomBytes(4).toString('hex')}`;
  const network = networkName(name);
  await engine.ensureNetwork(network, { [Labels.project]: name, [Labels.session]: session });
  await engine.createContainer({ spec: project.containers.box!, name: box, project: name, session, network, labels: {} });
  await engine.startContainer(box);
  await writeFile(join(dir, 'project.json'), JSON.stringify(project));
});

afterAll(async () => {
  tmux?.kill();
  await removeProject(name, engine);
  await rm(dir, { recursive: true, force: true });
  await assertNothingLeft(name, engine);
});

/** The output lines printed after the last `prompt + typed` line, up to the next prompt. */
function outputOf(screen: string, typed: string): string[] {
  const lines = screen.split('\n').map((l) => l.trimEnd());
  const start = lines.lastIndexOf(prompt + typed);
  const rest = lines.slice(start + 1);
  return rest.slice(0, rest.findIndex(isPrompt));
}

/** Types a line and waits for the prompt to come back after it; returns its output lines. */
async function run(typed: string): Promise<string[]> {
  tmux!.line(typed);
  const screen = await tmux!.until((s) => {
    const lines = s.split('\n').map((l) => l.trimEnd());
    const at = lines.lastIndexOf(prompt + typed);
    return at >= 0 && lines.slice(at + 1).some(isPrompt);
  });
  return outputOf(screen, typed);
}

describe('tempfs terminal in tmux', () => {
  it('opens on the container', async () => {
    tmux = new TmuxSession(['node', join(root, 'test/integration/terminal/shell-driver.mjs'), dist, join(dir, 'project.json'), box, join(dir, 'history')], { NO_COLOR: '1' });
    await tmux.until((s) => s.includes(prompt));
  });

  it('help lists exactly the commands of the container roles', async () => {
    const names = (await run('help')).map((l) => l.trim().split(' ')[0]);
    expect(names.sort()).toEqual(['bash', 'clear', 'exit', 'greet', 'hello', 'help', 'ping']);
  });

  it('bash echo "a  b" prints a  b', async () => {
    expect(await run('bash echo "a  b"')).toEqual(['a  b']);
  });

  it('runs a command continued over two lines, showing the continuation prompt', async () => {
    tmux!.line('bash echo one \\');
    await tmux!.until((s) => s.split('\n').some((l) => l === '> ' || l === '>'));
    tmux!.line('two');
    const screen = await tmux!.until((s) => s.includes('> two\none two\n'));
    expect(screen).toContain(`${prompt}bash echo one \\\n> two\none two\n`);
  });

  it('runs a custom module from commands/', async () => {
    const out = await run('hello Ada');
    expect(out[0]).toMatch(new RegExp(`^hello Ada, from box \\(\\S+\\) in project ${name}$`));
  });

  it('Ctrl-C stops a long bash sleep 100 without leaving the shell', async () => {
    tmux!.line('bash sleep 100');
    for (let i = 0; !/sleep 100$/m.test((await engine.exec(box, ['ps'])).stdout); i++) {
      if (i > 200) throw new Error('sleep 100 never started');
    }
    tmux!.keys('C-c');
    await tmux!.until((s) => s.includes('cancelled'));
    expect(await run('bash echo still here')).toEqual(['still here']);
    expect((await engine.exec(box, ['ps'])).stdout).not.toMatch(/sleep 100$/m);
  });

  it('bash opens an interactive shell (sh when the image has no bash) and gives the prompt back', async () => {
    tmux!.line('bash');
    await tmux!.until((s) => s.trimEnd().endsWith('#') || s.trimEnd().endsWith('$'));
    tmux!.line('echo "inside $((6 * 7))"; exit');
    const screen = await tmux!.until((s) => s.includes('inside 42') && isPrompt(s.trimEnd().split('\n').at(-1)!));
    expect(screen).toContain('inside 42');
    expect(await run('bash echo back')).toEqual(['back']);
  });

  it('exit leaves and removes the stack', async () => {
    tmux!.line('exit');
    await tmux!.until(() => tmux!.dead());
    expect(tmux!.screen()).toContain('driver: stack removed, exit 0');
    await assertNothingLeft(name, engine);
  });
});
