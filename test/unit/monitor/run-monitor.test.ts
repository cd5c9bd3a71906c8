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
  const io: MonitorIo = {
    control: mode === 'foreground' ? control : null,
    ready: (line) => readyLines.push(line),
    log: (line) => log.push(line),
    stop: stop.signal,
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
  return { engine, control, stop, readyLines, log, io, config };
}

/** Resolves once the monitor has said `ready` (or anything). */
async function whenReady(readyLines: string[]) {
  while (readyLines.length === 0) await new Promise((r) => setTimeout(r, 2));
}

describe('runMonitor', () => {
  it('foreground: EOF on the pipe removes the session and the record', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    expect(t.readyLines).toEqual(['ready']);
    expect(await readSessionRecord(stateDir, 's1')).toMatchObject({ mode: 'foreground', monitorPid: process.pid });
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
    expect(t.engine.networks).toEqual([]);
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
    expect(t.log).toContain('outcome: owner-gone');
  });

  it('foreground: on EOF the session\'s containers go first, in one call by label, before any listing', async () => {
    const t = setup('foreground', { graceMs: 0 });
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
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
    await whenReady(t.readyLines);
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.calls.some((c) => c.startsWith('rm labelled'))).toBe(false);
    expect(t.engine.networks).toEqual([]);
  });

  it('foreground joining a running stack (issue 16 item 2): EOF keeps the stack and guards it detached', async () => {
    const t = setup('foreground', { keepOnOwnerDeath: true });
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
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
    await whenReady(t.readyLines);
    t.control.end();
    expect(await running).toBe(0);
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1', 'p-b-1']);
    expect(t.engine.networks.map((n) => n.name)).toEqual(['p_default']);
    // The last session out removes it, though another session created it.
    const last = setup('foreground', { session: 's3' });
    last.engine.containers = [{ name: 'p-b-1', labels: of('s3') }];
    const ending = runMonitor(last.engine, last.config, last.io);
    await whenReady(last.readyLines);
    last.control.end();
    expect(await ending).toBe(0);
    expect(last.engine.networks).toEqual([]);
  });

  it('foreground: "done" exits without touching Podman again', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    const callsAtReady = t.engine.calls.length;
    t.control.end('done\n');
    expect(await running).toBe(0);
    expect(t.engine.calls.length).toBe(callsAtReady);
    expect(t.engine.containers).toHaveLength(2);
  });

  it('foreground then "detach": EOF no longer cleans up; the TTL does', async () => {
    const t = setup('foreground', { expiresAt: Date.now() + 150 });
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    t.control.end('detach\n');
    await vi.waitFor(async () => expect((await readSessionRecord(stateDir, 's1'))?.mode).toBe('detached'), { timeout: 10_000 });
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: expired');
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
  });

  it('detached: SIGTERM (stop) exits without cleanup', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    t.stop.abort();
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: stopped');
    expect(t.engine.containers).toHaveLength(2);
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
  });

  it('detached: exits once the session has no container left', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    await new Promise((r) => setTimeout(r, 30));
    t.engine.containers = t.engine.containers.filter((c) => c.name !== 'p-web-1');
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: session-gone');
  });

  it('detached: an earlier expiry label on a container shortens the TTL', async () => {
    const t = setup('detached', { expiresAt: Date.now() + 60_000 });
    t.engine.containers[0]!.labels['io.tempfs.expires'] = String(Date.now() + 100);
    expect(await runMonitor(t.engine, t.config, t.io)).toBe(0);
    expect(t.log).toContain('outcome: expired');
  });

  it("detached: a container whose own ttl passed is removed alone; the stack ends with the last one", async () => {
    const t = setup('detached');
    t.engine.containers.push({ name: 'p-db-1', labels: of('s1', { 'io.tempfs.expires': String(Date.now() + 400) }) });
    t.engine.containers[0]!.labels['io.tempfs.expires'] = String(Date.now() + 50);
    const running = runMonitor(t.engine, t.config, t.io);
    await vi.waitFor(() => expect(t.log).toContain('ttl: removing p-web-1'), { timeout: 10_000 });
    expect(t.engine.containers.map((c) => c.name)).toContain('p-db-1');
    expect(await running).toBe(0);
    expect(t.log).toContain('outcome: expired');
    expect(t.engine.containers.map((c) => c.name)).toEqual(['other-1']);
  });

  it('detached: a container without a ttl keeps the stack alive after a sibling expired', async () => {
    const t = setup('detached');
    t.engine.containers.push({ name: 'p-db-1', labels: of('s1', { 'io.tempfs.expires': String(Date.now() + 20) }) });
    const running = runMonitor(t.engine, t.config, t.io);
    await vi.waitFor(() => expect(t.engine.containers.map((c) => c.name)).toEqual(['p-web-1', 'other-1']), { timeout: 10_000 });
    expect(t.log).not.toContain('outcome: expired');
    t.stop.abort();
    expect(await running).toBe(0);
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
    await whenReady(t.readyLines);
    expect(t.readyLines).toEqual(['ready']);
    expect(t.engine.calls).toEqual([]);
    t.control.end('done\n');
    expect(await running).toBe(0);
    expect(t.engine.calls).toEqual([]);
  });

  it('exits 1 when Podman stops answering while it polls', async () => {
    const t = setup('detached');
    const running = runMonitor(t.engine, t.config, t.io);
    await whenReady(t.readyLines);
    t.engine.failNext = 1000;
    expect(await running).toBe(1);
    expect(t.log).toContain('outcome: podman-unreachable');
    expect(await readSessionRecord(stateDir, 's1')).not.toBeNull();
  });

  it('keeps the record for gc when the cleanup fails', async () => {
    const t = setup('foreground');
    const running = runMonitor(t.engine, t.config, { ...t.io, cleanupTries: 2 });
    await whenReady(t.readyLines);
    t.engine.failNext = 1000;
    t.control.end();
    expect(await running).toBe(1);
    expect(t.log.at(-2)).toMatch(/^cleanup failed: session s1: objects remain after 2 cleanup passes/);
    expect(t.log.at(-1)).toBe('exiting with 1; the session record stays for tempfs gc');
    expect(await readSessionRecord(stateDir, 's1')).toMatchObject({ session: 's1', monitorPid: process.pid });
  });
});
