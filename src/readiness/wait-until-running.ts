/** Readiness of a container without probes: it is running (not just created, not exited). */
import type { ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import { lastLogLines } from './last-lines.js';
import { pause } from './pause.js';
import { logsSinceThisStart } from './this-start.js';

/** One container a wait looks at: its service (for messages), the pause between looks, the user's cancel. */
export interface ContainerWait {
  engine: ContainerEngine;
  container: string;
  service: string;
  interval: number;
  signal?: AbortSignal;
}

export async function waitUntilRunning({ engine, container, service, interval, signal }: ContainerWait): Promise<void> {
  for (;;) {
    const info = await engine.inspectContainer(container);
    if (info?.state === 'running' || info?.state === 'paused') return;
    if (!info || info.state === 'exited' || info.state === 'removing') {
      const what = info?.exitCode != null ? `exited with code ${info.exitCode}` : info ? 'exited' : 'was removed';
      const details = info ? await lastLogLines(engine, container, await logsSinceThisStart(engine, container), signal) : [];
      throw new TempfsError('CONTAINER_EXITED', `${service}: ${what} before it was ready`, { details });
    }
    await pause(interval, signal);
  }
}
