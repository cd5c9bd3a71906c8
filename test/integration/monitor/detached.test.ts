/**
 * Detached stacks (acceptance 3 of issue 4): the TTL removes them, `down` (stopMonitor)
 * ends the monitor first, a monitor never outlives its session, one monitor per session,
 * and a monitor that cannot reach Podman says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Labels } from '../../../src/engine/engine.js';
import { isTempfsError } from '../../../src/errors.js';
import { cleanupSession } from '../../../src/monitor/cleanup.js';
import { startMonitor } from '../../../src/monitor/launcher.js';
import { isProcessAlive } from '../../../src/monitor/proc.js';
import { readSessionRecord } from '../../../src/monitor/session-record.js';
import { monitorLogPath } from '../../../src/monitor/state-dir.js';
import { stopMonitor } from '../../../src/monitor/stop.js';
import { ttlCreateArgs } from '../../../src/monitor/ttl.js';
import { engine, ensureBusyboxImage, IMAGE, startHarness, sweep, uniqueId, useCleanupTimeouts, waitForCleanup, waitForExit, type Harness } from './harness.js';

let stateDir: string;
useCleanupTimeouts();
const sessions: string[] = [];
const harnesses: Harness[] = [];

beforeAll(async () => {
  ensureBusyboxImage();
  stateDir = await mkdtemp(join(tmpdir(), 'tempfs-detached-it-'));
});

afterAll(async () => {
  // A monitor still running cleans up after its killed CLI.
  for (const harness of harnesses) harness.child.kill('SIGKILL');
  for (const harness of harnesses) await waitForExit(harness.monitorPid);
  const left = [];
  for (const session of sessions) {
    await stopMonitor(session, stateDir);
    const found = await sweep(session);
    if (found.containers.length + found.networks.length + found.volumes.length > 0) left.push({ session, ...found });
  }
  await rm(stateDir, { recursive: true, force: true });
  expect(left).toEqual([]);
});

async function launch(extra: string[]): Promise<Harness> {
  const harness = await startHarness(stateDir, extra);
  sessions.push(harness.session);
  harnesses.push(harness);
  return harness;
}

const log = (session: string) => readFile(monitorLogPath(stateDir, session), 'utf8');

describe('up -d with a TTL', () => {
  it('outlives the CLI, then is removed when the TTL is up, and the monitor exits', async () => {
    // 10 s: long enough that a loaded machine still sees the stack running after the CLI left.
    const harness = await launch(['--detach', '--ttl', '10000']);
    expect((await harness.exited).code).toBe(0);
    const containers = await engine.listContainers({ session: harness.session });
    expect(containers.map((c) => c.state)).toEqual(['running', 'running']);
    const expiresAt = Number(containers[0]!.labels[Labels.expires]);
    expect(expiresAt).toBeGreaterThan(Date.now());
    // The monitor rewrites its record when it reads "detach", a moment after the CLI left.
    let record = await readSessionRecord(stateDir, harness.session);
    for (let i = 0; i < 100 && record?.mode !== 'detached'; i++) {
      await sleep(20);
      record = await readSessionRecord(stateDir, harness.session);
    }
    expect(record).toMatchObject({ mode: 'detached', expiresAt });

    const result = await waitForCleanup(harness.session, harness.monitorPid, expiresAt);
    console.log(`TTL 10 s: nothing left ${result.goneMs} ms after the expiry, monitor exited after ${result.monitorExitMs} ms`);
    expect(result.left).toEqual({ containers: [], networks: [], volumes: [] });
    expect(result.monitorExitMs).not.toBeNull();
    expect(await log(harness.session)).toContain('outcome: expired');
  });

  it('down before the TTL: stopMonitor ends the monitor, which leaves the stack to down', async () => {
    const harness = await launch(['--detach', '--ttl', '60000']);
    expect((await harness.exited).code).toBe(0);
    expect(await stopMonitor(harness.session, stateDir)).toEqual([harness.monitorPid]);
    expect(await isProcessAlive(harness.monitorPid)).toBe(false);
    expect(await readSessionRecord(stateDir, harness.session)).toBeNull();
    expect(await log(harness.session)).toContain('outcome: stopped');
    expect(await engine.listContainers({ session: harness.session })).toHaveLength(2);
    // What `down` does next:
    await cleanupSession(engine, harness.session, { graceMs: 0, log: () => {} });
    expect(await sweep(harness.session)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('Podman --timeout (the second line of defence) kills the container on its own', async () => {
    const session = `s-${uniqueId('tmo')}`;
    sessions.push(session);
    execFileSync('podman', [
      'run', '-d', '--init', ...ttlCreateArgs(1000), '--label', `${Labels.session}=${session}`, IMAGE, 'sleep', '1000',
    ]);
    let state = '';
    for (let i = 0; i < 100 && state !== 'exited'; i++) {
      await sleep(100);
      state = (await engine.listContainers({ session }))[0]?.state ?? 'gone';
    }
    expect(state).toBe('exited');
    expect((await sweep(session)).containers).toHaveLength(1);
  });
});

describe('the handle', () => {
  it('does not keep the CLI alive; a CLI that just ends is a death like any other', async () => {
    const session = `s-${uniqueId('unref')}`;
    const launcher = new URL('../../../dist/monitor/launcher.js', import.meta.url).href;
    const script =
      `const { startMonitor } = await import(${JSON.stringify(launcher)});` +
      `const h = await startMonitor({ session: ${JSON.stringify(session)}, project: 'unref', mode: 'foreground',` +
      ` graceMs: 0, stateDir: ${JSON.stringify(stateDir)} }); console.log(h.pid);`;
    // Falls off the end without release(): must exit on its own.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    const monitorPid = Number(out.trim());
    expect(monitorPid).toBeGreaterThan(0);
    expect(await waitForExit(monitorPid)).toBe(true);
    expect(await log(session)).toContain('outcome: owner-gone');
    expect(await readSessionRecord(stateDir, session)).toBeNull();
  });
});

describe('one monitor per session, never left running', () => {
  it('a detached monitor exits by itself once its session has no container left', async () => {
    // `up -d`, then someone removes the containers by hand.
    const harness = await launch(['--detach']);
    expect((await harness.exited).code).toBe(0);
    await sweep(harness.session);
    const result = await waitForCleanup(harness.session, harness.monitorPid, Date.now());
    expect(result.monitorExitMs).not.toBeNull();
    expect(await log(harness.session)).toContain('outcome: session-gone');
  });

  it('a second monitor for the same session is refused', async () => {
    const harness = await launch([]);
    const error = await startMonitor({
      session: harness.session,
      project: harness.project,
      mode: 'detached',
      graceMs: 0,
      stateDir,
    }).catch((e) => e);
    expect(isTempfsError(error, 'MONITOR')).toBe(true);
    expect(error.message).toContain(`already has a monitor (pid ${harness.monitorPid})`);
    expect(await isProcessAlive(harness.monitorPid)).toBe(true);
  });

  it('a monitor that cannot reach Podman says so in its log and does not start', async () => {
    const session = `s-${uniqueId('nopod')}`;
    const error = await startMonitor({
      session,
      project: 'nopod',
      mode: 'foreground',
      graceMs: 0,
      stateDir,
      podmanPath: '/nonexistent/podman',
    }).catch((e) => e);
    expect(isTempfsError(error, 'MONITOR')).toBe(true);
    expect(error.message).toContain('cannot reach Podman');
    expect(await log(session)).toContain('cannot reach Podman');
    expect(await readSessionRecord(stateDir, session)).toBeNull();
  });
});
