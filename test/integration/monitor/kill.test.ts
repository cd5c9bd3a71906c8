/**
 * Acceptance 1 and 2 of issue 4 with a harness in the CLI's place: however the CLI
 * dies, the monitor removes everything labelled with its session and exits.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { monitorLogPath } from '../../../src/monitor/state-dir.js';
import { useKillSuite, engine, leftovers, monitorLogTail, startHarness, sweep, waitForCleanup, waitForExit, type Harness } from './harness.js';
import { repeat, stressRuns } from '../../helpers/stress.js';

/** 20 with `npm run test:stress`, 1 in `npm test`. */
const RUNS = stressRuns(20);

const suite = useKillSuite('tempfs-monitor-it-');
const { sessions, timings } = suite;

async function launch(extra: string[] = []): Promise<Harness> {
  const harness = await startHarness(suite.stateDir, extra);
  sessions.push(harness.session);
  return harness;
}

/** Kills the harness and checks that the session is cleaned and its monitor gone. */
async function killAndCheck(harness: Harness, signal: NodeJS.Signals, label: string) {
  const killedAt = Date.now();
  harness.child.kill(signal);
  const result = await waitForCleanup(harness.session, harness.monitorPid, killedAt);
  (timings[label] ??= []).push(result.goneMs ?? Infinity);
  expect(result.left, `${label}: ${harness.session}`).toEqual({ containers: [], networks: [], volumes: [] });
  const why = result.monitorExitMs === null ? await monitorLogTail(suite.stateDir, harness.session) : '';
  expect(result.monitorExitMs, `${label}: monitor ${harness.monitorPid} still running; its log ends:\n${why}`).not.toBeNull();
  return harness;
}

describe('SIGKILL of the CLI', () => {
  it(`(a) while the stack is being created: nothing is left, ${RUNS} times out of ${RUNS}`, async () => {
    await repeat(RUNS, 5, async () => {
      const harness = await launch();
      await killAndCheck(harness, 'SIGKILL', 'SIGKILL while creating');
    });
  }, 600_000);

  it(`(b) once both containers run: nothing is left, ${RUNS} times out of ${RUNS}`, async () => {
    await repeat(RUNS, 5, async () => {
      const harness = await launch();
      await harness.reached('RUNNING');
      expect((await engine.listContainers({ session: harness.session })).map((c) => c.state)).toEqual([
        'running',
        'running',
      ]);
      await killAndCheck(harness, 'SIGKILL', 'SIGKILL when running');
    });
  }, 600_000);

  it('a child the CLI started and that outlives it does not hold the pipe open', async () => {
    const harness = await launch(['--child']);
    await harness.reached('RUNNING');
    expect(harness.childPid).not.toBeNull();
    try {
      await killAndCheck(harness, 'SIGKILL', 'SIGKILL with a surviving child');
      process.kill(harness.childPid!, 0); // the child really is still alive
    } finally {
      process.kill(harness.childPid!, 'SIGKILL');
    }
  });
});

describe('other deaths of the CLI', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} with no handler in the CLI: the monitor cleans up`, async () => {
      const harness = await launch();
      await harness.reached('RUNNING');
      await killAndCheck(harness, signal, signal);
      expect((await harness.exited).signal).toBe(signal);
    });
  }

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} handled by the CLI: it cleans up, releases the monitor and exits ${code}`, async () => {
      const harness = await launch(['--handle-signals']);
      await harness.reached('RUNNING');
      await killAndCheck(harness, signal, `${signal} handled`);
      expect((await harness.exited).code).toBe(code);
      const log = await readFile(monitorLogPath(suite.stateDir, harness.session), 'utf8');
      expect(log).toContain('outcome: released');
      expect(log).not.toContain('removing containers');
    });
  }

  it('volumes: the monitor removes the ephemeral volume of the session and keeps its named one', async () => {
    const harness = await launch(['--volumes']);
    await harness.reached('RUNNING');
    harness.child.kill('SIGKILL');
    expect(await waitForExit(harness.monitorPid)).toBe(true);
    expect(await leftovers(harness.session)).toEqual({ containers: [], networks: [], volumes: [`${harness.project}_data`] });
    await sweep(harness.session);
  });
});
