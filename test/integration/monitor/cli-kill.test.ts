/**
 * Acceptance 1 of issue 4 against the real CLI: a foreground `tempfs up` of a
 * two-container recipe is SIGKILLed (a) while it waits for the first container's
 * readiness and (b) once both are ready, 20 times each with `npm run test:stress` (once in
 * `npm test`): every time nothing with the session label is left and the monitor has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../src/engine/engine.js';
import { listSessionRecords, type SessionRecord } from '../../../src/monitor/session-record.js';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { useKillSuite, engine, monitorLogTail, uniqueId, waitForCleanup } from './harness.js';
import { repeat, stressRuns } from '../../helpers/stress.js';

/** 20 with `npm run test:stress`, 1 in `npm test`. */
const RUNS = stressRuns(20);

const RECIPE_DIR = fileURLToPath(new URL('../../fixtures/monitor/two-services/', import.meta.url));
const suite = useKillSuite('tempfs-cli-kill-it-');
const { sessions, timings } = suite;

interface Up {
  child: ChildProcess;
  project: string;
  stderr: () => string;
}

function startUp(): Up {
  const project = uniqueId('cli');
  let stderr = '';
  const child = spawn(process.execPath, [CLI_ENTRY, 'up', '-p', project, '--no-shell'], {
    cwd: RECIPE_DIR,
    env: { ...process.env, TEMPFS_STATE_DIR: suite.stateDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, project, stderr: () => stderr };
}

/** Polls until `check` holds; fails with the CLI's output if `up` ends first. */
async function until<T>(up: Up, check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    if (up.child.exitCode !== null) throw new Error(`up ${up.project} exited early: ${up.stderr()}`);
    await sleep(50);
  }
}

const recordOf = (project: string) => async () =>
  (await listSessionRecords(suite.stateDir)).find((r: SessionRecord) => r.project === project);

async function killAndCheck(up: Up, record: SessionRecord, label: string) {
  const killedAt = Date.now();
  up.child.kill('SIGKILL');
  const result = await waitForCleanup(record.session, record.monitorPid, killedAt);
  (timings[label] ??= []).push(result.goneMs ?? Infinity);
  expect(result.left, `${label}: ${up.project}`).toEqual({ containers: [], networks: [], volumes: [] });
  const why = result.monitorExitMs === null ? await monitorLogTail(suite.stateDir, record.session) : '';
  expect(result.monitorExitMs, `${label}: monitor ${record.monitorPid} still running; its log ends:\n${why}`).not.toBeNull();
}

describe('SIGKILL of a foreground tempfs up', () => {
  it(`(a) while it waits for readiness: nothing is left, ${RUNS} times out of ${RUNS}`, async () => {
    await repeat(RUNS, 5, async () => {
      const up = startUp();
      const record = await until(up, recordOf(up.project));
      sessions.push(record.session);
      await until(up, async () => {
        const containers = await engine.listContainers({ session: record.session });
        return containers.some((c) => c.labels[Labels.service] === 'slow' && c.state === 'running');
      });
      expect(up.stderr()).not.toMatch(/slow ready/);
      await killAndCheck(up, record, 'CLI SIGKILL waiting for readiness');
    });
  }, 600_000);

  it(`(b) once both containers are ready: nothing is left, ${RUNS} times out of ${RUNS}`, async () => {
    await repeat(RUNS, 5, async () => {
      const up = startUp();
      const record = await until(up, recordOf(up.project));
      sessions.push(record.session);
      await until(up, async () => /^app ready/m.test(up.stderr()));
      expect((await engine.listContainers({ session: record.session })).map((c) => c.state)).toEqual([
        'running',
        'running',
      ]);
      await killAndCheck(up, record, 'CLI SIGKILL when ready');
    });
  }, 600_000);
});
