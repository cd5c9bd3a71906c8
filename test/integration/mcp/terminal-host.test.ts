/**
 * Terminals live in the project's terminal host, not in `tempfs mcp` (issue 10, acceptance
 * 2 and 5), on real Podman through the official MCP client over stdio. The sandbox is
 * brought up first with `tempfs up -d`, so a server that goes does not take it along.
 * - detach, SIGKILL the server, a new server lists the terminal, takes it back with the
 *   output it missed and the shell's state; what the killed server had not detached is gone;
 * - a short TTL ends a detached terminal nobody takes back;
 * - a SIGKILL of the host leaves no shell, `podman exec` client or child, here or in the container;
 * - `tempfs down` ends the host and everything it held.
 * Processes are counted on this machine (/proc) and in the container (its /proc, through podman exec).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt } from '../../helpers/cli.js';
import { typeInto } from '../../helpers/terminal-host.js';
import { removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { isAlive, startMcp, type McpSession } from './mcp-client.js';

const RECIPE = fileURLToPath(new URL('../../../recipes/ubuntu.yaml', import.meta.url));
const project = uniqueProject('thost');
const container = `${project}-sandbox-1`;
const run = promisify(execFile);
let scratch: string;
let env: Record<string, string>;
let socketPath: string;
const sessions: McpSession[] = [];

async function server(): Promise<McpSession> {
  const session = await startMcp(['-f', RECIPE, '-p', project, '--allow-host'], env, scratch);
  sessions.push(session);
  return session;
}

/** Command lines of this machine's processes that contain `needle`. */
async function hostProcesses(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
    if (cmdline.includes(needle) && Number(pid) !== process.pid) found.push(`${pid} ${cmdline}`);
  }
  return found;
}

/** `podman exec -it` clients of the sandbox: one per container terminal. */
const execClients = async () => (await hostProcesses(`exec -it -e TERM=xterm-256color`)).filter((p) => p.includes(container));
const hostPid = async () => Number((await hostProcesses('terminal-host-main')).find((p) => p.includes(socketPath))?.split(' ')[0] ?? 0);

/** `pid args` of every process in the sandbox but the listing itself. */
async function containerProcesses(): Promise<string[]> {
  const script = 'for p in /proc/[0-9]*; do c=$(tr "\\0" " " <$p/cmdline 2>/dev/null); [ -n "$c" ] && echo "${p#/proc/} $c"; done';
  const { stdout } = await run('podman', ['exec', container, 'sh', '-c', script]);
  return stdout.split('\n').filter((l) => l && !l.includes('/proc/[0-9]') && !l.includes('tr \\0'));
}
/** Processes whose command line starts with `start` (not the shells that started them). */
const startingWith = (lines: string[], start: string) => lines.filter((l) => l.slice(l.indexOf(' ') + 1).startsWith(start));
const inContainer = async (start: string) => startingWith(await containerProcesses(), start);
const onHost = async (start: string) => startingWith(await hostProcesses(start), start);
const containerPidAlive = async (pid: number) => (await containerProcesses()).some((l) => l.startsWith(`${pid} `));

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${ms} ms: ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian]);
  scratch = await mkdtemp(join(tmpdir(), 'tempfs-thost-it-'));
  env = { SANDBOX_IMAGE: TEST_IMAGES.debian, TEMPFS_STATE_DIR: join(scratch, 'state') };
  socketPath = join(scratch, 'state', 'terminals', `${project}.sock`);
  const up = await runBuilt(['-f', RECIPE, '-p', project, 'up', '-d'], { cwd: scratch, env: { ...process.env, ...env } });
  expect(up.code, up.stderr).toBe(0);
});

afterAll(async () => {
  for (const s of sessions) await s.client.close().catch(() => {});
  await runBuilt(['-f', RECIPE, '-p', project, 'down'], { cwd: scratch, env: { ...process.env, ...env } });
  await removeProject(project);
  await rm(scratch, { recursive: true, force: true });
});

describe('the terminal host behind tempfs mcp', () => {
  it('keeps a detached terminal across a SIGKILLed server: the next one lists it and takes it back with what it missed; the rest is gone', async () => {
    const first = await server();
    expect((await first.call('terminal_create', { name: 'work' })).data.target).toEqual({ kind: 'container', name: container });
    await first.call('terminal_run', { terminalId: 'work', command: 'X=before-restart; cd /tmp' });
    const left = await first.call('terminal_run', { terminalId: 'work', command: 'read -t 30 go; echo "printed-while-$go"', timeout: 200 });
    expect(left.data.status).toBe('running');
    // What it does not detach goes with it.
    const temp = await first.call('terminal_create', { name: 'temp' });
    const local = await first.call('terminal_create', { name: 'local', target: 'host' });
    const bgBox = await first.call('terminal_background', { command: 'sleep 4242' });
    const bgHost = await first.call('terminal_background', { command: 'sleep 4243', target: 'host' });
    expect((await first.call('terminal_detach', { terminalId: 'work', ttl: 120_000 })).data).toMatchObject({ detached: true, ttl: 120_000 });
    expect(await execClients()).toHaveLength(2);

    process.kill(first.pid, 'SIGKILL');
    await until('the killed server\'s terminals and processes are gone', async () =>
      (await execClients()).length === 1 && !isAlive(local.data.pid) && (await onHost('sleep 4243')).length === 0 &&
      (await inContainer('sleep 4242')).length === 0 && !(await containerPidAlive(temp.data.pid)));
    expect(bgBox.data.pid).toBeGreaterThan(0);
    expect(bgHost.data.pid).toBeGreaterThan(0);

    // A person types into it while nobody holds it: its answer is what the next server missed.
    await typeInto(socketPath, 'work', 'away\r', 'printed-while-away');

    const second = await server();
    await until('the command ended (its prompt came back)', async () => !(await second.call('terminal_list')).data.terminals[0].busy);
    const listed = await second.call('terminal_list');
    expect(listed.data.terminals.map((t: { terminalId: string }) => t.terminalId)).toEqual(['work']);
    expect(listed.data.terminals[0].detached.remainingMs).toBeGreaterThan(60_000);
    expect((await second.call('terminal_run', { terminalId: 'work', command: 'true' })).text).toMatch(/detached/);
    const back = await second.call('terminal_attach', { terminalId: 'work' });
    expect(back.data.missed).toContain('printed-while-away');
    expect(back.data.cursor).toBeGreaterThan(0);
    expect((await second.call('terminal_run', { terminalId: 'work', command: 'echo "$X $PWD"' })).data.output).toBe('before-restart /tmp');

    // Nobody takes it back: the TTL ends it, with its shell and podman exec client.
    const shell = back.data.pid as number;
    await second.call('terminal_detach', { terminalId: 'work', ttl: 500 });
    await second.client.close();
    await until('the TTL ended it', async () => (await execClients()).length === 0 && !(await containerPidAlive(shell)));
    await until('the idle host exited', async () => (await hostPid()) === 0);
  });

  it('a SIGKILL of the terminal host leaves no shell, podman exec client or child, here or in the container', async () => {
    const agent = await server();
    const box = await agent.call('terminal_create', { name: 'k1' });
    const here = await agent.call('terminal_create', { name: 'k2', target: 'host' });
    await agent.call('terminal_run', { terminalId: 'k1', command: 'sleep 4244 &' });
    await agent.call('terminal_run', { terminalId: 'k2', command: 'sleep 4245 &' });
    await agent.call('terminal_background', { command: 'sleep 4246' });
    await agent.call('terminal_background', { command: 'sleep 4247', target: 'host' });
    await agent.call('terminal_detach', { terminalId: 'k1' });
    expect((await inContainer('sleep 424')).length).toBe(2);
    // Seen from here, the container's processes are processes of this machine too.
    expect((await onHost('sleep 424')).length).toBe(4);

    process.kill(await hostPid(), 'SIGKILL');
    await until('nothing of the host is left', async () =>
      (await execClients()).length === 0 && !isAlive(here.data.pid) && !(await containerPidAlive(box.data.pid)) &&
      (await inContainer('sleep 424')).length === 0 && (await onHost('sleep 424')).length === 0);
    // The server's next call starts a new host, which reports what the old one lost.
    const listed = await agent.call('terminal_list');
    expect(listed.data.terminals).toEqual([]);
    expect(listed.data.lost.map((t: { terminalId: string }) => t.terminalId).sort()).toEqual(['k1', 'k2']);
    await agent.client.close();
  });

  it('`tempfs down` ends the host and every terminal it held, detached ones too', async () => {
    const agent = await server();
    const box = await agent.call('terminal_create', { name: 'd1' });
    const here = await agent.call('terminal_create', { name: 'd2', target: 'host' });
    await agent.call('terminal_run', { terminalId: 'd2', command: 'sleep 4248 &' });
    await agent.call('terminal_detach', { terminalId: 'd1' });
    expect(box.data.pid).toBeGreaterThan(0);
    const host = await hostPid();

    const down = await runBuilt(['-f', RECIPE, '-p', project, 'down'], { cwd: scratch, env: { ...process.env, ...env } });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr + down.stdout).toContain('ended its terminals and processes');
    await until('the host and its shells are gone', async () =>
      !isAlive(host) && !isAlive(here.data.pid) && (await execClients()).length === 0 && (await onHost('sleep 4248')).length === 0);
    expect((await agent.call('terminal_list')).data.terminals).toEqual([]);
  });
});
