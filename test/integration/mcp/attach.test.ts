/**
 * A person joins an agent's terminal: `tempfs attach` runs under tmux while `tempfs mcp`
 * holds the terminal, shows its screen, types a command into it, detaches with Ctrl-],
 * and the agent finds that command in terminal_history (origin "attached"), the shell
 * still running.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { uniqueProject } from '../../helpers/podman.js';
import { TmuxSession } from '../repl/tmux.js';
import { startMcp, type McpSession } from './mcp-client.js';

const RECIPE = fileURLToPath(new URL('../../../recipes/ubuntu.yaml', import.meta.url));
const project = uniqueProject('attach');
let scratch: string;
let env: Record<string, string>;
let mcp: McpSession;
let tmux: TmuxSession | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tempfs-attach-it-'));
  env = { TEMPFS_STATE_DIR: join(scratch, 'state') };
  mcp = await startMcp(['-f', RECIPE, '-p', project, '--allow-host'], env, scratch);
});

afterAll(async () => {
  tmux?.kill();
  await mcp?.client.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('tempfs attach', () => {
  it('shows the agent\'s terminal, takes a person\'s command into its history, and detaches leaving it running', async () => {
    const created = await mcp.call('terminal_create', { name: 'main', target: 'host', cwd: scratch });
    expect(created.isError).toBe(false);
    await mcp.call('terminal_run', { terminalId: 'main', command: 'echo agent-was-here' });

    tmux = new TmuxSession([process.execPath, CLI_ENTRY, '-f', RECIPE, '-p', project, 'attach', 'main'], env);
    await tmux.until((s) => s.includes('attached to terminal main') && s.includes('agent-was-here'));
    tmux.line('echo person-$((40 + 2))');
    await tmux.until((s) => s.includes('person-42'));
    tmux.keys('C-]');
    const screen = await tmux.until((s) => s.includes('[detached from main: it keeps running]'));
    expect(screen).toContain('person-42');
    // The line is printed just before the CLI exits: wait for the exit rather than race it (under load it lags).
    expect(await tmux.until(() => tmux?.dead() === true)).toContain('[detached from main');

    const history = await mcp.call('terminal_history', { terminalId: 'main' });
    expect(history.data.commands).toEqual(['echo agent-was-here', 'echo person-$((40 + 2))']);
    expect(history.data.entries.map((e: { origin: string; output: string }) => [e.origin, e.output])).toEqual([
      ['agent', 'agent-was-here'],
      ['attached', 'person-42'],
    ]);
    expect((await mcp.call('terminal_run', { terminalId: 'main', command: 'echo still-alive' })).data).toMatchObject({ output: 'still-alive' });
  });

  it('says so when there is no such terminal', async () => {
    const failed = new TmuxSession([process.execPath, CLI_ENTRY, '-f', RECIPE, '-p', project, 'attach', 'nope'], env);
    try {
      await failed.until(() => failed.dead());
      expect(failed.screen()).toMatch(/cannot attach to terminal nope of .*: no terminal nope/);
    } finally {
      failed.kill();
    }
  });
});
