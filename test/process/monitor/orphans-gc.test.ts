import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gcCommand } from '../../../src/commands/gc.js';
import type { CommandContext } from '../../../src/commands/context.js';
import { findOrphans } from '../../../src/monitor/orphans.js';
import { processStartTime } from '../../../src/monitor/proc.js';
import { readSessionRecord, writeSessionRecord, type SessionRecord } from '../../../src/monitor/session-record.js';
import { FakeEngine, of } from '../../helpers/fake-engine.js';
import { deadPid, fakeMonitor } from './processes.js';

let stateDir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'tempfs-gc-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(stateDir, { recursive: true, force: true });
});

async function record(session: string, fields: Partial<SessionRecord>): Promise<void> {
  const dead = await deadPid();
  await writeSessionRecord(stateDir, {
    session,
    project: 'p',
    ownerPid: dead,
    ownerStart: null,
    monitorPid: dead,
    monitorStart: null,
    mode: 'foreground',
    expiresAt: null,
    createdAt: 1,
    logFile: '/dev/null',
    ...fields,
  });
}

/** Sessions: dead (orphan), owned (CLI alive), watched (monitor alive), norecord (orphan),
 * detached (running within TTL), expired (detached past TTL: orphan). */
async function scene(now: number) {
  const engine = new FakeEngine();
  const monitor = await fakeMonitor('watched');
  children.push(monitor);
  // One project per session, as the names say: a project network is shared by its sessions.
  for (const s of ['dead', 'owned', 'watched', 'norecord', 'detached', 'expired']) {
    engine.containers.push({ name: `${s}-web-1`, labels: of(s, { 'io.tempfs.project': s }) });
  }
  engine.containers.push({ name: 'not-tempfs', labels: {} });
  engine.networks = [{ name: 'dead_default', labels: of('dead', { 'io.tempfs.project': 'dead' }) }];
  await record('dead', {});
  await record('owned', { ownerPid: process.pid, ownerStart: await processStartTime(process.pid) });
  await record('watched', { monitorPid: monitor.pid! });
  await record('detached', { mode: 'detached', expiresAt: now + 60_000 });
  await record('expired', { mode: 'detached', expiresAt: now - 1 });
  await record('leftover', {}); // no objects at all: only the record is stale
  return engine;
}

function context(): { ctx: CommandContext; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk) => (text += String(chunk)));
  const ctx = {
    cwd: '/',
    env: { TEMPFS_STATE_DIR: stateDir },
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
  } as unknown as CommandContext;
  return { ctx, out: () => text };
}

describe('findOrphans', () => {
  it('lists the sessions whose owner and monitor are both gone, and not a live detached stack', async () => {
    const now = Date.now();
    const engine = await scene(now);
    const orphans = await findOrphans(engine, stateDir, { now });
    expect(orphans.map((o) => o.session)).toEqual(['dead', 'expired', 'leftover', 'norecord']);
    expect(orphans[0]).toMatchObject({ project: 'dead', containers: ['dead-web-1'], networks: ['dead_default'] });
  });

  it('treats a running stack with a future expiry label as detached, even without a record', async () => {
    const engine = new FakeEngine();
    engine.containers = [{ name: 'x-1', labels: of('x', { 'io.tempfs.expires': String(Date.now() + 60_000) }) }];
    expect(await findOrphans(engine, stateDir)).toEqual([]);
    engine.containers[0]!.state = 'exited';
    expect((await findOrphans(engine, stateDir)).map((o) => o.session)).toEqual(['x']);
  });
});

describe('gc', () => {
  it('--dry-run lists the orphans and removes nothing', async () => {
    const engine = await scene(Date.now());
    const { ctx, out } = context();
    expect(await gcCommand(ctx, { engine, dryRun: true })).toBe(0);
    expect(out()).toContain('would remove session dead (project dead): 1 container(s), 1 network(s) [dead-web-1, dead_default]');
    expect(out().trim().split('\n')).toHaveLength(4);
    expect(engine.containers).toHaveLength(7);
  });

  it('removes the orphans, their records, and nothing else', async () => {
    const engine = await scene(Date.now());
    const { ctx, out } = context();
    expect(await gcCommand(ctx, { engine, dryRun: false, json: true })).toBe(0);
    const result = JSON.parse(out());
    expect(result.sessions.map((s: { session: string; removed: boolean }) => [s.session, s.removed])).toEqual([
      ['dead', true],
      ['expired', true],
      ['leftover', true],
      ['norecord', true],
    ]);
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['detached-web-1', 'not-tempfs', 'owned-web-1', 'watched-web-1']);
    expect(engine.networks).toEqual([]);
    expect(await readSessionRecord(stateDir, 'dead')).toBeNull();
    expect(await readSessionRecord(stateDir, 'owned')).not.toBeNull();
  });

  it('says so when there is nothing to collect', async () => {
    const { ctx, out } = context();
    expect(await gcCommand(ctx, { engine: new FakeEngine(), dryRun: false })).toBe(0);
    expect(out()).toBe('no orphaned sessions\n');
  });

  it('-p limits it to one project', async () => {
    const engine = await scene(Date.now());
    engine.containers.push({ name: 'q-web-1', labels: { ...of('q1'), 'io.tempfs.project': 'q' } });
    const { ctx, out } = context();
    expect(await gcCommand(ctx, { engine, dryRun: false, project: 'q' })).toBe(0);
    expect(out()).toBe('removed session q1 (project q): 1 container(s), 0 network(s), 0 volume(s) [q-web-1]\n');
    expect(engine.containers).toHaveLength(7);
  });
});
