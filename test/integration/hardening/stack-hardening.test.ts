/**
 * Issue 16 through the built CLI against real Podman: a catastrophic ready.log pattern,
 * and (below) the cases that need a running stack. Each recipe lives in its own folder;
 * every test asserts nothing of its project is left (testProject).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProcessesWithArg } from '../../../src/monitor/proc.js';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { TEST_IMAGES } from '../../helpers/podman.js';
import { engine, errorLines, tempfs, testProject, useStateDir } from '../stack/stack.js';

const stateDir = useStateDir();

export function recipeFolder(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tempfs-hardening-it-'));
  writeFileSync(join(dir, 'tempfs.yaml'), text);
  return dir;
}

/** Runs the CLI with a 256 MB heap cap (the runner's own deadline bounds the time). */
const cli = (argv: string[], cwd: string) =>
  tempfs(argv, { cwd, stateDir: stateDir(), env: { NODE_OPTIONS: '--max-old-space-size=256' } });

describe('readiness with a hostile pattern (item 7)', () => {
  it('(a+)+$ against 40 a and a b times out as asked instead of hanging up', async () => {
    const project = testProject('redos');
    const dir = recipeFolder(`containers:
  a:
    image: ${TEST_IMAGES.busybox}
    command: [sh, -c, "echo ${'a'.repeat(40)}b; sleep 60"]
    stop_grace_period: 1s
    ready: { log: '(a+)+$$', timeout: 3s }
`);
    const up = await cli(['-p', project, 'up', '-d'], dir);
    expect(up.code, up.stderr).toBe(1);
    expect(errorLines(up.stderr)[0]).toMatch(/^error: a: not ready after 3\.\ds: waiting for log \/\(a\+\)\+\$\//);
  });
});

/** The built CLI as a child we can signal; resolves `exited` with its code. */
function spawnCli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI_ENTRY, ...argv], { cwd, env: { ...process.env, TEMPFS_STATE_DIR: stateDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited, stderr: () => stderr };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ids = async (project: string) =>
  Object.fromEntries((await engine.listContainers({ project })).map((c) => [c.labels['io.tempfs.service'], { id: c.id, state: c.state }]));

describe('sessions that overlap', () => {
  it('item 2: a second up -d killed while it works leaves the running stack as it was', { timeout: 120_000 }, async () => {
    const project = testProject('join');
    const dir = recipeFolder(`containers:
  keep:
    image: ${TEST_IMAGES.busybox}
    command: [sleep, "300"]
    stop_grace_period: 0s
  slow:
    image: ${TEST_IMAGES.busybox}
    command: [sh, -c, "echo ready; sleep 300"]
    environment: { MODE: "\${MODE:-first}" }
    stop_grace_period: 0s
    ready: { log: "\${READY:-ready}", timeout: 120s }
`);
    const first = await cli(['-p', project, 'up', '-d'], dir);
    expect(first.code, first.stderr).toBe(0);
    const before = await ids(project);
    const second = spawnCli(['-p', project, 'up', '-d'], dir, { MODE: 'second', READY: 'never-printed' });
    await until('the recreated container', async () => {
      const now = await ids(project);
      return now.slow && now.slow.id !== before.slow!.id && now.slow.state === 'running' ? true : undefined;
    });
    second.child.kill('SIGKILL');
    await second.exited;
    // Give the second CLI's monitor the time it took to act before this fix (it saw EOF at once).
    await new Promise((r) => setTimeout(r, 5000));
    const after = await ids(project);
    expect(after.keep).toEqual(before.keep);
    expect(after.slow?.state).toBe('running');
    const down = await cli(['-p', project, 'down'], dir);
    expect(down.code, down.stderr).toBe(0);
  });

  it('item 10: up a and up b of one project; the first stopped while the second runs; no network left', { timeout: 120_000 }, async () => {
    const project = testProject('twoterm');
    const dir = recipeFolder(`containers:
  a: { image: ${TEST_IMAGES.busybox}, command: [sleep, "300"], stop_grace_period: 0s }
  b: { image: ${TEST_IMAGES.busybox}, command: [sleep, "300"], stop_grace_period: 0s }
`);
    const upA = spawnCli(['-p', project, '--progress', 'plain', 'up', 'a'], dir);
    await until('a running', async () => ((await ids(project)).a?.state === 'running' ? true : undefined));
    const upB = spawnCli(['-p', project, '--progress', 'plain', 'up', 'b'], dir);
    await until('b running', async () => ((await ids(project)).b?.state === 'running' ? true : undefined));
    upA.child.kill('SIGINT');
    expect(await upA.exited, upA.stderr()).toBe(130);
    // Until a's monitor is gone: it used to retry removing the network b still used, give
    // up after 10 passes (~15 s), and leave the network to nobody.
    // (b's CLI and b's monitor are the two processes left with the project in their argv.)
    await until('only b and its monitor left', async () => ((await findProcessesWithArg(project)).length === 2 ? true : undefined));
    expect(await engine.listNetworks({ project })).toHaveLength(1);
    expect((await ids(project)).b?.state).toBe('running');
    upB.child.kill('SIGINT');
    expect(await upB.exited, upB.stderr()).toBe(130);
    expect(await engine.listNetworks({ project })).toEqual([]);
  });
});
