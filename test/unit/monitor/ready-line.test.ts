import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { waitForReadyLine } from '../../../src/monitor/ready-line.js';

const child = () => Object.assign(new EventEmitter(), { exitCode: 3 }) as unknown as ChildProcess;

describe("the monitor's ready line", () => {
  it('ready, split across chunks', async () => {
    const channel = new PassThrough();
    const wait = waitForReadyLine(child(), channel, 5000);
    channel.write('rea');
    channel.write('dy\nlater lines are not read\n');
    await expect(wait).resolves.toBeUndefined();
  });

  it('error <why>, and an exit before any line', async () => {
    const channel = new PassThrough();
    const wait = waitForReadyLine(child(), channel, 5000);
    channel.write('error podman is not there\n');
    await expect(wait).rejects.toThrow(/^podman is not there$/);
    const closed = new PassThrough();
    const first = waitForReadyLine(child(), closed, 5000);
    closed.destroy();
    await expect(first).rejects.toThrow('it exited first (code 3)');
  });
});
