import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import { isProcessAlive, processStartTime, scanMonitors } from '../../../src/monitor/proc.js';
import {
  claimSessionRecord,
  listSessionRecords,
  readSessionRecord,
  writeSessionRecord,
  type SessionRecord,
} from '../../../src/monitor/session-record.js';
import { signalMonitor, stopMonitor } from '../../../src/monitor/stop.js';
import { deadPid, fakeMonitor } from './processes.js';

let stateDir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'tempfs-records-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(stateDir, { recursive: true, force: true });
});

function record(session: string, monitorPid: number, monitorStart: string | null = null): SessionRecord {
  return {
    session,
    project: 'p',
    ownerPid: 1,
    ownerStart: null,
    monitorPid,
    monitorStart,
    mode: 'foreground',
    expiresAt: null,
    createdAt: 1,
    logFile: '/dev/null',
  };
}

describe('process identity', () => {
  it('tells a live process from a dead one and from a reused pid', async () => {
    const start = await processStartTime(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(await isProcessAlive(process.pid, start)).toBe(true);
    expect(await isProcessAlive(process.pid, '1')).toBe(false);
    expect(await isProcessAlive(await deadPid())).toBe(false);
    expect(await isProcessAlive(null)).toBe(false);
  });
});

describe('session records', () => {
  it('are written atomically and listed back, without temporary files left', async () => {
    await writeSessionRecord(stateDir, record('s1', 10));
    await claimSessionRecord(stateDir, record('s2', 11));
    expect((await listSessionRecords(stateDir)).map((r) => r.session).sort()).toEqual(['s1', 's2']);
    expect((await readdir(join(stateDir, 'sessions'))).sort()).toEqual(['s1.json', 's2.json']);
  });

  it('a claim replaces a record whose monitor is dead', async () => {
    await claimSessionRecord(stateDir, record('s1', await deadPid()));
    await claimSessionRecord(stateDir, record('s1', 4242));
    expect((await readSessionRecord(stateDir, 's1'))?.monitorPid).toBe(4242);
  });

  it('a claim fails with MONITOR while the recorded monitor lives: one monitor per session', async () => {
    const monitor = await fakeMonitor('s1');
    children.push(monitor);
    await claimSessionRecord(stateDir, record('s1', monitor.pid!, await processStartTime(monitor.pid!)));
    const error = await claimSessionRecord(stateDir, record('s1', 4242)).catch((e) => e);
    expect(isTempfsError(error, 'MONITOR')).toBe(true);
    expect((await readSessionRecord(stateDir, 's1'))?.monitorPid).toBe(monitor.pid);
  });
});

describe('stopMonitor', () => {
  it('SIGTERMs the recorded monitor and removes the record', async () => {
    const monitor = await fakeMonitor('s1');
    children.push(monitor);
    await writeSessionRecord(stateDir, record('s1', monitor.pid!, await processStartTime(monitor.pid!)));
    expect(await stopMonitor('s1', stateDir)).toEqual([monitor.pid]);
    expect(monitor.signalCode ?? (await new Promise((r) => monitor.once('exit', (_c, s) => r(s))))).toBe('SIGTERM');
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
  });

  it('finds a monitor without a record in /proc, and leaves other processes alone', async () => {
    const monitor = await fakeMonitor('s9');
    children.push(monitor);
    expect((await scanMonitors()).get('s9')).toEqual([monitor.pid]);
    await writeSessionRecord(stateDir, record('s1', process.pid)); // a pid that is not a monitor
    expect(await stopMonitor('s1', stateDir)).toEqual([]);
    expect(await stopMonitor('s9', stateDir)).toEqual([monitor.pid]);
  });

  it('signalMonitor: the signal is sent when it returns; gone settles once the monitor exited and the record is removed', async () => {
    const monitor = await fakeMonitor('s1');
    children.push(monitor);
    const exited = new Promise((r) => monitor.once('exit', (_c, s) => r(s)));
    await writeSessionRecord(stateDir, record('s1', monitor.pid!, await processStartTime(monitor.pid!)));
    const { pids, gone } = await signalMonitor('s1', stateDir);
    expect(pids).toEqual([monitor.pid]);
    expect(await exited).toBe('SIGTERM');
    await gone;
    expect(await readSessionRecord(stateDir, 's1')).toBeNull();
  });
});

describe('a zombie', () => {
  it('counts as gone: an exited monitor may wait unreaped under an init that never reaps', async () => {
    // sh starts a short sleep in the background and execs a long one, which never reaps it.
    const sh = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(sh);
    const zombie = Number(await new Promise<string>((r) => sh.stdout!.once('data', (d) => r(String(d)))));
    let state = '';
    while (state !== 'Z') {
      await new Promise((r) => setTimeout(r, 10));
      state = (await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]![0]!;
    }
    expect(await isProcessAlive(zombie)).toBe(false);
    expect(await isProcessAlive(sh.pid!)).toBe(true);
  });
});
