import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonitorConfig } from '../../../src/monitor/monitor-args.js';
import { runMonitor, type MonitorIo } from '../../../src/monitor/run-monitor.js';
import { readSessionRecord } from '../../../src/monitor/session-record.js';
import { FakeEngine, of } from '../../helpers/fake-engine.js';

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'tempfs-monitor-'));
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

function setup(mode: MonitorConfig['mode'], extra: Partial<MonitorConfig> = {}) {
  const engine = new FakeEngine();
  engine.containers = [{ name: 'p-web-1', labels: of('s1') }, { name: 'other-1', labels: of('s2', { 'io.tempfs.project': 'q' }) }];
  engine.networks = [{ name: 'p_default', labels: of('s1') }];
  const control = new PassThrough();
  const stop = new AbortController();
  const readyLines: string[] = [];
  const log: string[] = [];
  // The cleanup's pauses (settling after an owner's death, backoff) are recorded, not slept.
  const pauses: number[] = [];
  let markReady!: () => void;
  /** Resolves once the monitor has said `ready` (or anything). */
  const isReady = new Promise<void>((resolve) => (markReady = resolve));
  const io: MonitorIo = {
    control: mode === 'foreground' ? control : null,
    ready: (line) => {
      readyLines.push(line);
      markReady();
    },
    log: (line) => log.push(line),
    stop: stop.signal,
    sleep: async (ms) => void pauses.push(ms),
  };
  const config: MonitorConfig = {
    session: 's1',
    project: 'p',
    mode,
    ownerPid: process.pid,
    graceMs: 0,
    expiresAt: null,
    stateDir,
    pollMs: 10,
    ...extra,
  };
  return { engine, control, stop, readyLines, log, io, config, pauses, isReady };
}

describe('runMonitor', () => {
  it('foreground: EOF on the pipe removes the session and the record', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    expect(t.readyLines).toEqual(['ready']);
    expect(await readSessionRecord(stateDir, 's1')).toMatchObject({ mode: 'foreground', monitorPid: process.pid });
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
    expect(t.engine.networks).toEqual([]);
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
    expect(t.log).toContain('outcome: owner-gone');
    // One more look after the clean pass, for a podman call the dead CLI left between fork and exec.
    expect(t.pauses).toEqual([250]);
  });

  it('foreground: on EOF the session\'s containers go first, in one call by label, before any listing', async () => {
    const t = setup('foreground', { graceMs: 0 });
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.calls[0]).toBe('rm labelled session=s1 grace 0');
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
    expect(t.engine.networks).toEqual([]);
  });

  it('foreground, a session of networks only: no removal at once, the networks go with the project\'s last container', async () => {
    const t = setup('foreground', { networksOnly: true });
    t.engine.containers = [];
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.calls.some((c) => c.startsWith('rm labelled'))).toBe(false);
    expect(t.engine.networks).toEqual([]);
  });

  it('foreground joining a running stack (issue 16 item 2): EOF keeps the stack and guards it detached', async () => {
    const t = setup('foreground', { keepOnOwnerDeath: true });
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.control.end();
    // Until the monitor has taken the EOF in (it rewrites its record as detached), then what it did about it.
    await vi.waitFor(async () => expect(await readSessionRecord(stateDir, 's1')).toMatchObject({ mode: 'detached' }), { timeout: 10_000 });
    expect(t.log).toContain('owner gone: the stack it joined stays, detached');
    expect(t.engine.containers.map((c) => c.name)).toEqual(['p-web-1', 'other-1']);
    expect(t.engine.networks).toHaveLength(1);
    t.stop.abort();
    expect(await running).toBe(0);
    expect(t.engine.containers).toHaveLength(2);
  });

  it('the project network stays while another session of the project runs (issue 16 item 10)', async () => {
    const t = setup('foreground');
    t.engine.containers.push({ name: 'p-b-1', labels: of('s3') });
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1', 'p-b-1']);
    expect(t.engine.networks.map((n) => n.name)).toEqual(['p_default']);
    // The last session out removes it, though another session created it.
    const last = setup('foreground', { session: 's3' });
    last.engine.containers = [{ name: 'p-b-1', labels: of('s3') }];
    const ending = runMonitor(last.engine, last.config, last.io);
    await last.isReady;
    last.control.end();
    expect(await ending).toBe(0);
    expect(last.engine.networks).toEqual([]);
  });

  it('foreground: "done" exits without touching Podman again', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    const callsAtReady = t.engine.calls.length;
    t.control.end('done\n');
    expect(await running).toBe(0);
    expect(t.engine.calls.length).toBe(callsAtReady);
    expect(t.engine.containers).toHaveLength(2);
  });

  it('detached: SIGTERM (stop) exits without cleanup', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.stop.abort();
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: stopped');
    expect(t.engine.containers).toHaveLength(2);
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
  });

  it('detached: exits once the session has no container left', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    // Once it has seen the container, its going away ends the session.
    await vi.waitFor(() => expect(t.engine.calls).toContain('ls containers'));
    t.engine.containers = t.engine.containers.filter((c) => c.name !== 'p-web-1');
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: session-gone');
  });

  it('says when Podman cannot be reached, and exits 1', async () => {
    const t = setup('foreground');
    t.engine.versionError = new Error('podman: command not found');
    expect(await runMonitor(t.engine, t.config, t.io)).toBe(1);
    expect(t.readyLines).toEqual(['error cannot reach Podman: podman: command not found']);
    expect(t.log).toContain('cannot reach Podman: podman: command not found');
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
  });

  it('starts without a Podman call when the launcher has just checked Podman', async () => {
    const t = setup('foreground', { podmanChecked: true });
    t.engine.versionError = new Error('podman: command not found'); // would fail a check
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    expect(t.readyLines).toEqual(['ready']);
    expect(t.engine.calls).toEqual([]);
    t.control.end('done\n');
    expect(await running).toBe(0);
    expect(t.engine.calls).toEqual([]);
  });

  it('exits 1 when Podman stops answering while it polls', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await t.isReady;
    t.engine.failNext = 1000;
    expect(await running).toBe(1);
    expect(t.log).toContain('outcome: podman-unreachable');
    expect(await readSessionRecord(stateDir, 's1')).not.toBeNull();
  });

  it('keeps the record for gc when the cleanup fails', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, { ...t.io, cleanupTries: 2 });
    await t.isReady;
    t.engine.failNext = 1000;
    t.control.end();
    expect(await running).toBe(1);
    expect(t.log.at(-2)).toMatch(/^cleanup failed: session s1: objects remain after 2 cleanup passes/);
    expect(t.log.at(-1)).toBe('exiting with 1; the session record stays for tempfs gc');
    expect(await readSessionRecord(stateDir, 's1')).toMatchObject({ session: 's1', monitorPid: process.pid });
  });
});

// The TTLs on a fake clock: time moves only when the test says, by exactly as much, so a
// TTL of minutes is tested in milliseconds and "not before" is as exact as "at".
describe('runMonitor TTLs', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs the monitor; `done()` says whether it has returned yet. */
  function start(t: ReturnType<typeof setup>) {
    let finished = false;
    const running = runMonitor(t.engine, t.config, t.io).finally(() => (finished = true));
    return { running, done: () => finished };
  }

  /** Not a millisecond before `ms` from now, and then at once: the monitor ends on the TTL, exit 0. */
  async function expiresIn(m: ReturnType<typeof start>, log: string[], ms: number) {
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(m.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await m.running).toBe(0);
    expect(log).toContain('outcome: expired');
  }

  it('foreground then "detach": EOF no longer cleans up; the TTL does', async () => {
    const t = setup('foreground', { expiresAt: Date.now() + 60_000, pollMs: 1000 });
    const m = start(t);
    await t.isReady;
    t.control.end('detach\n');
    // The record says detached once the monitor has taken the line in (a file write: real time).
    await vi.waitFor(async () => expect((await readSessionRecord(stateDir, 's1'))?.mode).toBe('detached'), { interval: 1 });
    expect(t.engine.containers.map((c) => c.name)).toEqual(['p-web-1', 'other-1']);
    // vi.waitFor moved the fake clock a little while it waited: the rest of the TTL, to the ms.
    await expiresIn(m, t.log, t.config.expiresAt! - Date.now());
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
  });

  it('detached: an earlier expiry label on a container shortens the TTL', async () => {
    const t = setup('detached', { expiresAt: Date.now() + 3_600_000, pollMs: 1000 });
    t.engine.containers[0]!.labels['io.tempfs.expires'] = String(Date.now() + 60_000);
    const m = start(t);
    await t.isReady;
    await expiresIn(m, t.log, 60_000);
  });

  it('detached: a container whose own ttl passed is removed alone; the stack ends with the last one', async () => {
    const t = setup('detached', { pollMs: 1000 });
    t.engine.containers.push({ name: 'p-db-1', labels: of('s1', { 'io.tempfs.expires': String(Date.now() + 60_000) }) });
    t.engine.containers[0]!.labels['io.tempfs.expires'] = String(Date.now() + 10_000);
    const m = start(t);
    await t.isReady;
    await vi.advanceTimersByTimeAsync(9_999);
    expect(t.log).not.toContain('ttl: removing p-web-1');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.log).toContain('ttl: removing p-web-1');
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1', 'p-db-1']);
    await expiresIn(m, t.log, 50_000);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
  });

  it('detached: a container without a ttl keeps the stack alive after a sibling expired', async () => {
    const t = setup('detached', { pollMs: 10_000 });
    t.engine.containers.push({ name: 'p-db-1', labels: of('s1', { 'io.tempfs.expires': String(Date.now() + 10_000) }) });
    const m = start(t);
    await t.isReady;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['p-web-1', 'other-1']);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(m.done()).toBe(false);
    expect(t.log).not.toContain('outcome: expired');
    t.stop.abort();
    expect(await m.running).toBe(0);
    expect(t.log).toContain('outcome: stopped');
  });
});
