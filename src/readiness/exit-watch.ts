/** Resolves when the container stops running: its exit code, or that it was removed. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerEngine } from '../engine/engine.js';
import type { LogFollower } from './log-follower.js';

export interface ContainerExit {
  /** null when the container was removed before its code could be read. */
  exitCode: number | null;
  removed: boolean;
}

export async function watchExit(
  engine: ContainerEngine,
  container: string,
  interval: number,
  signal: AbortSignal,
): Promise<ContainerExit> {
  for (;;) {
    let code: number | null = null;
    try {
      code = await engine.waitContainer(container, signal);
    } catch {
      // `wait` fails for a container that is gone (an --rm one): the state below says so.
      signal.throwIfAborted();
    }
    // `podman wait` also returns at once (code 0) for a container that is only created,
    // so its answer counts only once the state agrees.
    const info = await engine.inspectContainer(container);
    if (!info) return { exitCode: code, removed: true };
    if (info.state === 'exited') return { exitCode: info.exitCode ?? code, removed: false };
    await sleep(interval, undefined, { signal });
  }
}

/**
 * The exit seen through the log stream a wait already follows: `podman logs -f` ends when
 * the container stops, so one inspect at that moment reads the code, with no `podman wait`
 * running beside every wait. When the stream ended for another reason (the container is
 * still running or only created) the watch above takes over.
 */
export async function exitAfterLogs(
  logs: LogFollower,
  engine: ContainerEngine,
  container: string,
  interval: number,
  signal: AbortSignal,
): Promise<ContainerExit> {
  await logs.done;
  signal.throwIfAborted();
  const info = await engine.inspectContainer(container);
  if (!info) return { exitCode: null, removed: true };
  if (info.state === 'exited') return { exitCode: info.exitCode, removed: false };
  return watchExit(engine, container, interval, signal);
}

/** `exited with code 3`, `was removed`. */
export function describeExit(exit: ContainerExit): string {
  if (exit.exitCode !== null) return `exited with code ${exit.exitCode}`;
  return exit.removed ? 'was removed' : 'exited';
}
