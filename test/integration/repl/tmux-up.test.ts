/**
 * A foreground `tempfs up` in a terminal opens the interactive shell once everything is
 * ready; `exit` there takes the whole stack down (issue 6, acceptance 2: "exit removes
 * the stack"). Driven in tmux like a person at the keyboard.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { assertNothingLeft, leftovers, removeProject, requireImages, TEST_IMAGES } from '../../helpers/podman.js';
import { execFileSync } from 'node:child_process';
import { TmuxSession } from './tmux.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const recipe = join(root, 'test/fixtures/commands/e2e/tempfs.yaml');
const name = `tmup-${randomBytes(4).toString('hex')}`;
const engine = new PodmanEngine();
let state = '';
let tmux: TmuxSession | undefined;

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox], engine);
  state = await mkdtemp(join(tmpdir(), 'tempfs-tmux-up-'));
  // The recipe's command modules run on the host: trusted once, as a user would.
  execFileSync('node', [CLI_ENTRY, '-f', recipe, 'trust'], { env: { ...process.env, XDG_STATE_HOME: state } });
});

afterAll(async () => {
  tmux?.kill();
  await removeProject(name, engine);
  await rm(state, { recursive: true, force: true });
  await assertNothingLeft(name, engine);
});

describe('foreground tempfs up on a TTY', () => {
  it('opens the terminal when ready, runs commands there, and exit removes the stack', async () => {
    tmux = new TmuxSession(['node', CLI_ENTRY, '-f', recipe, '-p', name, '--progress', 'plain', 'up'], {
      NO_COLOR: '1',
      XDG_STATE_HOME: state,
    });
    const prompt = `${name}/box>`;
    await tmux.until((s) => s.includes(prompt), 60_000);
    expect((await leftovers(name, engine)).containers.length).toBe(2);

    tmux.line('bash echo "a  b"');
    await tmux.until((s) => s.split('\n').some((l) => l.trimEnd() === 'a  b'));

    tmux.line('exit');
    await tmux.until(() => tmux!.dead(), 60_000);
    const left = await leftovers(name, engine);
    expect(left.containers).toEqual([]);
    expect(left.networks).toEqual([]);
  });
});
