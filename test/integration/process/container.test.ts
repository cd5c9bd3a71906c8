import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { processesIn, remaining, removeByLabel, startContainer } from './container-podman.js';

const project = `proc-it-${randomBytes(4).toString('hex')}`;
const name = `${project}-box`;
const target = { kind: 'container', name } as const;
let manager: ProcessManager;

beforeAll(async () => {
  await startContainer(name, project);
  manager = new ProcessManager({ graceMs: 1000 });
});

afterAll(async () => {
  await manager?.dispose();
  await removeByLabel(project);
  expect(await remaining(project)).toEqual([]);
});

/** The pid of the local `podman exec` client whose arguments carry `needle`. */
async function localClient(needle: string): Promise<number> {
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args.includes('exec') && args.some((a) => a.includes(needle)) && !args.includes('kill')) return Number(pid);
  }
  throw new Error(`no podman exec client for ${needle}`);
}

// Only the sleep processes themselves: the wrapper shells carry the command text too.
const sleepers = async (tag: string) => (await processesIn(name)).filter((p) => p.startsWith(`sleep ${tag}`));

describe('in a container', () => {
  it('executes with cwd, env and exit code', async () => {
    const r = await manager.execute({ command: 'cd .. ; pwd; echo "$WHO" >&2; exit 5', cwd: '/bin', env: { WHO: 'box' }, target });
    expect(r).toMatchObject({ success: false, exitCode: 5, timedOut: false });
    // stdout and stderr reach us through two pipes of `podman exec`: their relative order is not kept.
    expect(r.output.split('\n').sort()).toEqual(['/', 'box']);
  });

  it('background + wait + stop kills the whole tree inside the container', async () => {
    const { processId } = manager.background({ command: 'sleep 3301 & sleep 3302 & echo ready; wait', target });
    expect((await manager.wait({ processId, pattern: '^ready$', timeout: 15_000 })).found).toBe(true);
    expect(await sleepers('330')).toHaveLength(2);
    expect(await manager.stop(processId)).toMatchObject({ status: 'killed' });
    expect(await sleepers('330')).toEqual([]);
  });

  it('a timeout kills the tree inside the container', async () => {
    const r = await manager.execute({ command: 'sleep 3401 & echo started; sleep 3402', timeout: 3000, target });
    expect(r).toMatchObject({ timedOut: true, success: false, output: 'started' });
    expect(await sleepers('340')).toEqual([]);
  });

  it('killing the local podman client alone would leave the process running', async () => {
    // The reason for the process-group kill: shown here so a regression is visible.
    const { processId } = manager.background({ command: 'echo up; exec sleep 3501', target });
    await manager.wait({ processId, pattern: 'up', timeout: 15_000 });
    // The reported pid is the command's inside the container; the local client is found by its arguments.
    expect((await manager.started(processId)).pid).toBeGreaterThan(1);
    const client = await localClient('exec sleep 3501');
    process.kill(client, 'SIGKILL');
    expect(await sleepers('3501')).toHaveLength(1);
    await manager.stop(processId);
    expect(await sleepers('3501')).toEqual([]);
  });

  it('sends input to a process in the container', async () => {
    const { processId } = manager.background({ command: 'read line; echo "got $line"', target });
    await manager.input({ processId, input: 'hi there\n' });
    expect(await manager.wait({ processId, pattern: 'got .*', timeout: 15_000 })).toMatchObject({ match: 'got hi there' });
  });

  it('dispose stops every tree it started in the container', async () => {
    const own = new ProcessManager({ graceMs: 1000 });
    const ids = ['3601', '3602'].map((n) => own.background({ command: `sleep ${n} & echo up; wait`, target }).processId);
    await Promise.all(ids.map((processId) => own.wait({ processId, pattern: 'up', timeout: 15_000 })));
    expect(await sleepers('360')).toHaveLength(2);
    await own.dispose();
    expect(await sleepers('360')).toEqual([]);
  });
});
