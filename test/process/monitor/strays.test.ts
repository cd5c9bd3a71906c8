import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLine } from '../../../src/monitor/proc.js';
import { waitForStrays } from '../../../src/monitor/strays.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process whose argv carries `args`, living `seconds`. */
async function withArgs(seconds: number, ...args: string[]): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', `sleep ${seconds}`, 'sh', ...args], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  while (!(await commandLine(child.pid!))?.includes(args[0]!)) await new Promise((r) => setTimeout(r, 5));
  return child;
}

describe('waitForStrays', () => {
  it('waits for the processes that create objects with the session label', async () => {
    const create = await withArgs(0.3, '--label', 'io.tempfs.session=st1');
    const lines: string[] = [];
    expect(await waitForStrays('st1', 5000, (l) => lines.push(l))).toEqual([create.pid]);
    expect(create.exitCode ?? (await once(create, 'exit'))[0]).toBe(0);
    expect(lines).toEqual([`waited for podman processes the CLI left running: pid ${create.pid}`]);
  });

  it('ignores listings that filter on the label, and other sessions', async () => {
    await withArgs(5, '--filter', 'label=io.tempfs.session=st2');
    await withArgs(5, '--label', 'io.tempfs.session=st2x');
    expect(await waitForStrays('st2', 5000, () => {})).toEqual([]);
  });

  it('gives up after its limit and says so', async () => {
    const stuck = await withArgs(5, '--label', 'io.tempfs.session=st3');
    const lines: string[] = [];
    expect(await waitForStrays('st3', 50, (l) => lines.push(l))).toEqual([stuck.pid]);
    expect(lines[0]).toBe(`still running after 50 ms: pid ${stuck.pid}`);
  });

  it('stops a podman kube play at once instead of waiting for its init containers', async () => {
    const play = await withArgs(30, 'kube', 'play', '--annotation', 'io.tempfs.session=st4', 'file.yaml');
    const lines: string[] = [];
    let told = 0;
    expect(await waitForStrays('st4', 5000, (l) => lines.push(l), () => told++)).toEqual([play.pid]);
    expect(play.signalCode ?? (await once(play, 'exit'))[1]).toBe('SIGTERM');
    expect(told).toBe(1);
    expect(lines[0]).toBe(`sent SIGTERM to podman kube play ${play.pid}`);
  });
});
