/**
 * Acceptance 4 of issue 4: `gc` removes a session orphaned by killing both the CLI and
 * its monitor, and leaves alone a session whose CLI is alive. Scoped with `project` so it
 * never touches what other tests on this Podman are doing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { gcCommand } from '../../../src/commands/gc.js';
import { isProcessAlive } from '../../../src/monitor/proc.js';
import { engine, ensureBusyboxImage, leftovers, startHarness, sweep, waitForExit, type Harness } from './harness.js';

let stateDir: string;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ensureBusyboxImage();
  stateDir = await mkdtemp(join(tmpdir(), 'tempfs-gc-it-'));
});

afterAll(async () => {
  const left = [];
  for (const harness of harnesses) {
    // Its monitor cleans up after it, as after any death of the CLI.
    harness.child.kill('SIGKILL');
    await waitForExit(harness.monitorPid);
    const found = await sweep(harness.session);
    if (found.containers.length + found.networks.length + found.volumes.length > 0) left.push(found);
  }
  await rm(stateDir, { recursive: true, force: true });
  expect(left).toEqual([]);
});

function gc(project: string, dryRun: boolean) {
  let text = '';
  const stdout = new PassThrough().on('data', (chunk) => (text += String(chunk)));
  const ctx = {
    env: { TEMPFS_STATE_DIR: stateDir },
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
  } as unknown as CommandContext;
  return gcCommand(ctx, { engine, dryRun, project }).then((code) => ({ code, text }));
}

async function running(): Promise<Harness> {
  const harness = await startHarness(stateDir);
  harnesses.push(harness);
  await harness.reached('RUNNING');
  return harness;
}

describe('gc', () => {
  it('removes a session whose CLI and monitor were both killed, and only that one', async () => {
    const orphan = await running();
    const alive = await running();
    process.kill(orphan.monitorPid, 'SIGKILL');
    orphan.child.kill('SIGKILL');
    await orphan.exited;
    while (await isProcessAlive(orphan.monitorPid)) await sleep(10);
    // Nobody is left to clean: the stack stays.
    expect((await leftovers(orphan.session)).containers).toHaveLength(2);

    for (const harness of [orphan, alive]) {
      const dry = await gc(harness.project, true);
      expect(dry.code).toBe(0);
      expect(dry.text).toBe(
        harness === orphan
          ? `would remove session ${orphan.session} (project ${orphan.project}): 2 container(s), 1 network(s) ` +
              `[${orphan.project}-db-1, ${orphan.project}-web-1, ${orphan.project}_default]\n`
          : 'no orphaned sessions\n',
      );
    }
    expect((await leftovers(orphan.session)).containers).toHaveLength(2);

    const real = await gc(orphan.project, false);
    expect(real.code).toBe(0);
    expect(real.text).toMatch(new RegExp(`^removed session ${orphan.session} \\(project ${orphan.project}\\): 2 container`));
    expect(await leftovers(orphan.session)).toEqual({ containers: [], networks: [], volumes: [] });
    expect((await leftovers(alive.session)).containers).toHaveLength(2);
    expect((await gc(orphan.project, false)).text).toBe('no orphaned sessions\n');
  });
});
