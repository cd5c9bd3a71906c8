import { describe, expect, it } from 'vitest';
import { Labels } from '../../../src/engine/engine.js';
import { isTempfsError } from '../../../src/errors.js';
import { backoffMs, cleanupSession } from '../../../src/monitor/cleanup.js';
import { FakeEngine, of } from '../../helpers/fake-engine.js';

const eph = { [Labels.ephemeral]: 'true' };

/** A sleep that records each pause and returns at once: the schedule is asserted, not waited for. */
function recordedSleep() {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms: number) => void pauses.push(ms) };
}

function engineWithTwoSessions(): FakeEngine {
  const engine = new FakeEngine();
  engine.containers = [
    { name: 'a-web-1', labels: of('s1') },
    { name: 'a-db-1', labels: of('s1') },
    { name: 'b-web-1', labels: of('s2') },
  ];
  engine.volumes = [
    { name: 'a_scratch', labels: of('s1', eph) },
    { name: 'a_data', labels: of('s1') },
    { name: 'b_scratch', labels: of('s2', eph) },
  ];
  engine.networks = [
    { name: 'a_default', labels: of('s1') },
    { name: 'b_default', labels: of('s2') },
  ];
  return engine;
}

describe('cleanupSession', () => {
  it('removes the containers, the ephemeral volumes and the network of one session only', async () => {
    const engine = engineWithTwoSessions();
    const lines: string[] = [];
    const report = await cleanupSession(engine, 's1', { graceMs: 3000, log: (l) => lines.push(l) });
    expect(report).toMatchObject({
      containers: ['a-web-1', 'a-db-1'],
      volumes: ['a_scratch'],
      networks: ['a_default'],
      attempts: 1,
    });
    expect(engine.containers.map((c) => c.name)).toEqual(['b-web-1']);
    expect(engine.volumes.map((v) => v.name)).toEqual(['a_data', 'b_scratch']);
    expect(engine.networks.map((n) => n.name)).toEqual(['b_default']);
    expect(engine.calls).toContain('rm containers a-web-1 a-db-1 grace 3000');
    expect(lines[0]).toBe('removing containers: a-web-1, a-db-1');
  });

  it('removes containers before volumes and networks', async () => {
    const engine = engineWithTwoSessions();
    await cleanupSession(engine, 's1', { graceMs: 0, log: () => {} });
    const removals = engine.calls.filter((c) => c.startsWith('rm '));
    expect(removals.map((c) => c.split(' ')[1])).toEqual(['containers', 'volume', 'network']);
  });

  it('is a no-op on a session with nothing left', async () => {
    const engine = engineWithTwoSessions();
    const report = await cleanupSession(engine, 'nope', { graceMs: 0, log: () => {} });
    expect(report).toEqual({ containers: [], volumes: [], networks: [], attempts: 0, errors: [] });
    expect(engine.calls.some((c) => c.startsWith('rm '))).toBe(false);
  });

  it('retries after failures and reports them', async () => {
    const engine = engineWithTwoSessions();
    // A pass lists containers and volumes at once: two failing calls each.
    engine.failNext = 4;
    const { pauses, sleep } = recordedSleep();
    const report = await cleanupSession(engine, 's1', { graceMs: 0, log: () => {}, sleep });
    expect(report.errors).toEqual(['fake failure in ls containers', 'fake failure in ls containers']);
    expect(report.attempts).toBe(3);
    expect(pauses).toEqual([100, 200]);
    expect(engine.networks.map((n) => n.name)).toEqual(['b_default']);
  });

  it('gives up with MONITOR after maxTries failing passes', async () => {
    const engine = engineWithTwoSessions();
    engine.failNext = 100;
    const { pauses, sleep } = recordedSleep();
    const error = await cleanupSession(engine, 's1', { graceMs: 0, log: () => {}, maxTries: 3, sleep }).catch((e) => e);
    expect(isTempfsError(error, 'MONITOR')).toBe(true);
    expect(engine.calls.filter((c) => c === 'ls containers')).toHaveLength(3);
    // A pause after each failed pass but the last.
    expect(pauses).toEqual([100, 200]);
  });

  it('catches a container that appears after the first clean look when settling', async () => {
    const engine = new FakeEngine();
    engine.afterFirstList = () => engine.containers.push({ name: 'late-1', labels: of('s1') });
    const { pauses, sleep } = recordedSleep();
    const report = await cleanupSession(engine, 's1', { graceMs: 0, log: () => {}, settleMs: [1], sleep });
    expect(report.containers).toEqual(['late-1']);
    expect(pauses).toEqual([1]);
    expect(engine.containers).toEqual([]);
  });

  it('stops when the signal is aborted', async () => {
    const engine = engineWithTwoSessions();
    const error = await cleanupSession(engine, 's1', {
      graceMs: 0,
      log: () => {},
      signal: AbortSignal.abort(new Error('cancelled')),
    }).catch((e) => e);
    expect(error).toEqual(new Error('cancelled'));
    expect(engine.containers).toHaveLength(3);
  });

  it('backs off from 100 ms, doubling, capped at 2 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });
});
