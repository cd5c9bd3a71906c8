/**
 * `tempfs mcp` end to end on real Podman: an SDK client spawns the built CLI with the
 * stock ubuntu recipe (image swapped for the local Debian test image), runs every tool,
 * then disconnects; the server must exit and leave no process, container or network.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertNothingLeft, leftovers, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { isAlive, startMcp, type McpSession } from './mcp-client.js';

const RECIPE = fileURLToPath(new URL('../../../recipes/ubuntu.yaml', import.meta.url));
const project = uniqueProject('mcp');
const container = `${project}-sandbox-1`;
let scratch: string;
let env: Record<string, string>;
let mcp: McpSession;

/** Host processes whose command line mentions `needle` (podman exec clients, sleeps). */
async function hostProcesses(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
    if (cmdline.includes(needle) && Number(pid) !== process.pid) found.push(cmdline);
  }
  return found;
}

/** How many processes in the sandbox run exactly `sleep <n>`. */
async function sleepersInSandbox(n: number): Promise<number> {
  const r = await mcp.call('terminal_execute', {
    command: `for p in /proc/[0-9]*; do tr '\\0' ' ' <$p/cmdline 2>/dev/null; echo; done | grep -c '^sleep ${n} $' || true`,
  });
  return Number(r.data.output);
}

/** Closes the client (the SDK ends the server's stdin) and checks the server said it is done. */
async function disconnect(session: McpSession): Promise<void> {
  await session.client.close();
  expect(session.stderr()).toMatch(/tempfs mcp: stopping: the client closed stdin/);
  expect(session.stderr()).toMatch(/tempfs mcp: stopped/);
  expect(isAlive(session.pid)).toBe(false);
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian]);
  scratch = await mkdtemp(join(tmpdir(), 'tempfs-mcp-it-'));
  env = { SANDBOX_IMAGE: TEST_IMAGES.debian, TEMPFS_STATE_DIR: join(scratch, 'state') };
  mcp = await startMcp(['-f', RECIPE, '-p', project], env, scratch);
});

afterAll(async () => {
  await mcp?.client.close();
  try {
    await assertNothingLeft(project);
    expect(await hostProcesses(container)).toEqual([]);
  } finally {
    await removeProject(project);
    await rm(scratch, { recursive: true, force: true });
  }
});

describe('tempfs mcp (sandbox)', () => {
  it('lists the 24 tools', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'container_list', 'container_start', 'container_stop', 'container_terminal', 'file_copy', 'file_list', 'file_read', 'file_write', 'terminal_attach', 'terminal_background', 'terminal_create', 'terminal_destroy', 'terminal_detach', 'terminal_execute', 'terminal_history',
      'terminal_input', 'terminal_list', 'terminal_logs', 'terminal_resize', 'terminal_run', 'terminal_signal', 'terminal_status', 'terminal_stop',
      'terminal_wait',
    ]);
  });

  it('refuses the host without --allow-host', async () => {
    const r = await mcp.call('terminal_execute', { command: 'echo on the host', target: 'host' });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('--allow-host');
  });

  it('starts the sandbox on the first command and runs it there', async () => {
    const r = await mcp.call('terminal_execute', { command: 'echo hi; tr "\\0" " " </proc/1/cmdline' });
    // PID 1 of a tempfs container is Podman's init (--init).
    expect(r.data).toMatchObject({ success: true, exitCode: 0, output: 'hi\n/run/podman-init -- sleep infinity ' });
    expect(r.data.notice).toContain(`${container} was not running: started it first`);
    expect((await mcp.call('container_start')).data).toMatchObject({ container, status: 'already running', startedHere: true });
    // One session, one monitor, held by the server (not a detached one plus a guard).
    const monitors = (await hostProcesses('monitor/main.js')).filter((cmdline) => cmdline.includes(project));
    expect(monitors).toHaveLength(1);
  });

  it('background + wait + logs + stop: the whole tree goes', async () => {
    const bg = await mcp.call('terminal_background', { command: 'sleep 3701 & sleep 3701 & echo ready; wait', name: 'tree' });
    expect(bg.data).toMatchObject({ processId: 'tree', status: 'running' });
    expect(bg.data.pid).toBeGreaterThan(1); // its pid inside the container
    expect((await mcp.call('terminal_wait', { processId: 'tree', pattern: '^ready$', timeout: 15_000 })).data).toMatchObject({ found: true });
    expect((await mcp.call('terminal_logs', { processId: 'tree' })).data).toMatchObject({ logs: 'ready', cursor: 1 });
    expect(await sleepersInSandbox(3701)).toBe(2);
    expect((await mcp.call('terminal_stop', { processId: 'tree' })).data).toMatchObject({ status: 'killed', exitCode: 143, signal: 'SIGTERM' });
    expect(await sleepersInSandbox(3701)).toBe(0);
  });

  it('named terminal: a live bash in the sandbox, cd persists, history, destroy', async () => {
    const created = await mcp.call('terminal_create', { name: 'main' });
    expect(created.data).toMatchObject({ terminalId: 'main', shell: 'bash', target: { kind: 'container', name: container } });
    await mcp.call('terminal_run', { terminalId: 'main', command: 'cd /tmp' });
    expect((await mcp.call('terminal_run', { terminalId: 'main', command: 'pwd; echo $$' })).data).toMatchObject({ output: `/tmp\n${created.data.pid}`, cwd: '/tmp' });
    const history = await mcp.call('terminal_history', { terminalId: 'main' });
    expect(history.data.commands).toEqual(['cd /tmp', 'pwd; echo $$']);
    expect((await mcp.call('terminal_destroy', { terminalId: 'main' })).data).toMatchObject({ success: true, processesKilled: 0 });
  });

  it('answers every tool called with the plan\'s exact arguments with the plan\'s result fields', async () => {
    // Phase 1 of the plan, as written there (timeout in milliseconds).
    const execute = await mcp.call('terminal_execute', { command: 'echo planned', cwd: '/tmp', timeout: 30000, env: { PLAN: '1' } });
    expect(execute.data).toMatchObject({ success: true, output: 'planned', exitCode: 0 });
    const background = await mcp.call('terminal_background', { command: 'echo serving; sleep 3704', cwd: '/tmp', env: { PLAN: '1' }, name: 'plan-bg' });
    expect(background.data).toMatchObject({ processId: 'plan-bg', status: 'running', pid: expect.any(Number) });
    const status = await mcp.call('terminal_status', { processId: 'plan-bg' });
    expect(status.data).toMatchObject({ status: 'running', pid: background.data.pid, uptime: expect.any(Number) });
    expect((await mcp.call('terminal_wait', { processId: 'plan-bg', pattern: 'serving', timeout: 15000 })).data).toMatchObject({ found: true, match: 'serving', timeElapsed: expect.any(Number) });
    expect((await mcp.call('terminal_logs', { processId: 'plan-bg', lines: 50 })).data).toMatchObject({ logs: 'serving', lineCount: 1 });
    const list = await mcp.call('terminal_list', {});
    expect(list.data.processes).toContainEqual(expect.objectContaining({ id: 'plan-bg', name: 'plan-bg', command: 'echo serving; sleep 3704', status: 'running', uptime: expect.any(Number) }));
    const stop = await mcp.call('terminal_stop', { processId: 'plan-bg' });
    expect(stop.data).toMatchObject({ success: true, message: expect.stringContaining('plan-bg killed') });
    // Phase 2 and 3.
    expect((await mcp.call('terminal_create', { name: 'plan', cwd: '/tmp', env: { PLAN: 'two' } })).data).toMatchObject({ terminalId: 'plan', name: 'plan' });
    const run = await mcp.call('terminal_run', { terminalId: 'plan', command: 'read -p "ok? " a; echo "$PLAN $a"' , timeout: 500 });
    expect(run.data).toMatchObject({ processId: expect.any(String), status: 'running' });
    expect((await mcp.call('terminal_wait', { processId: run.data.processId, pattern: 'ok\\? $', timeout: 15000 })).data).toMatchObject({ found: true, partial: true });
    expect((await mcp.call('terminal_input', { processId: run.data.processId, input: 'yes\n' })).data).toMatchObject({ sent: true });
    expect((await mcp.call('terminal_wait', { processId: run.data.processId, pattern: '^two yes$', timeout: 15000 })).data).toMatchObject({ found: true });
    const busy = await mcp.call('terminal_run', { terminalId: 'plan', command: 'sleep 3705', timeout: 200 });
    expect(busy.data).toMatchObject({ status: 'running' });
    const refused = await mcp.call('terminal_run', { terminalId: 'plan', command: 'true' });
    expect(refused).toMatchObject({ isError: true, text: expect.stringContaining('BUSY: terminal plan is busy running: sleep 3705') });
    expect((await mcp.call('terminal_signal', { processId: 'plan', signal: 'SIGINT' })).data).toMatchObject({ sent: true });
    await mcp.call('terminal_wait', { processId: busy.data.processId, pattern: 'a^', timeout: 15000 });
    expect((await mcp.call('terminal_status', { processId: busy.data.processId })).data).toMatchObject({ status: 'killed', exitCode: 130, signal: 'SIGINT' });
    const history = await mcp.call('terminal_history', { terminalId: 'plan' });
    expect(history.data).toMatchObject({ commands: ['read -p "ok? " a; echo "$PLAN $a"', 'sleep 3705'], outputs: ['ok? yes\ntwo yes', ''] });
    expect((await mcp.call('terminal_destroy', { terminalId: 'plan' })).data).toMatchObject({ success: true, processesKilled: 0 });
    expect(await sleepersInSandbox(3704)).toBe(0);
  });

  it('input reaches cat; status and list show it', async () => {
    await mcp.call('terminal_background', { command: 'cat', name: 'cat' });
    expect((await mcp.call('terminal_input', { processId: 'cat', input: 'hello from the agent\n' })).isError).toBe(false);
    expect((await mcp.call('terminal_wait', { processId: 'cat', pattern: 'hello from', timeout: 15_000 })).data).toMatchObject({ found: true, line: 'hello from the agent' });
    expect((await mcp.call('terminal_status', { processId: 'cat' })).data).toMatchObject({ status: 'running', target: { kind: 'container', name: container } });
    const list = await mcp.call('terminal_list');
    expect(list.data.processes.map((p: { processId: string; status: string }) => `${p.processId}:${p.status}`)).toEqual(['tree:killed', 'plan-bg:killed', 'cat:running']);
    expect(list.data.sandbox).toMatchObject({ project, service: 'sandbox', container, startedHere: true });
  });

  it('container_stop removes the stack; the next command starts a fresh one', async () => {
    expect((await mcp.call('container_stop')).data).toMatchObject({ status: 'removed', startedHere: false });
    await assertNothingLeft(project);
    const again = await mcp.call('terminal_execute', { command: 'echo back' });
    expect(again.data).toMatchObject({ output: 'back' });
    expect(again.data.notice).toContain('started it first');
    await mcp.call('terminal_background', { command: 'sleep 3702', name: 'left-running' });
  });

  it('disconnecting stops everything and removes the sandbox it started', async () => {
    await disconnect(mcp);
    await assertNothingLeft(project);
    expect(await hostProcesses(container)).toEqual([]);
  });
});

describe('tempfs mcp --allow-host', () => {
  it('runs on the host when asked, and stops host processes on disconnect', async () => {
    const host = await startMcp(['-f', RECIPE, '-p', project, '--allow-host'], env, scratch);
    try {
      const r = await host.call('terminal_execute', { command: 'tr "\\0" " " </proc/1/cmdline | grep -c podman-init', target: 'host' });
      expect(r.data).toMatchObject({ exitCode: 1, output: '0' });
      const bg = await host.call('terminal_background', { command: 'sleep 3703', target: 'host' });
      expect(isAlive(bg.data.pid)).toBe(true);
      expect(await hostProcesses('sleep 3703')).toHaveLength(1);
    } finally {
      await disconnect(host);
    }
    expect(await hostProcesses('sleep 3703')).toEqual([]);
    // Only host commands ran: the sandbox was never started.
    await assertNothingLeft(project);
  });
});

describe('tempfs mcp killed with SIGKILL', () => {
  it('the monitor removes the sandbox it had started', async () => {
    const killed = uniqueProject('mcp-kill');
    const session = await startMcp(['-f', RECIPE, '-p', killed], env, scratch);
    try {
      expect((await session.call('container_start')).data).toMatchObject({ status: 'started' });
      process.kill(session.pid, 'SIGKILL');
      // The monitor sees its pipe close at once; removing takes what podman takes.
      const deadline = Date.now() + 20_000;
      const anyLeft = async () => Object.values(await leftovers(killed)).some((list) => list.length > 0);
      while ((await anyLeft()) && Date.now() < deadline) await sleep(200);
      await assertNothingLeft(killed);
    } finally {
      await session.client.close();
      await removeProject(killed);
    }
  });
});
