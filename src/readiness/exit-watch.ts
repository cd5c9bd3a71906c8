/** Resolves when the container stops running: its exit code, or that it was removed. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerEngine } from '../engine/engine.js';

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
  try {
    return { exitCode: await engine.waitContainer(container, signal), removed: false };
  } catch {
    signal.throwIfAborted();
  }
  // `wait` failed (an --rm container may already be gone): read the state instead.
  for (;;) {
    const info = await engine.inspectContainer(container);
    if (!info) return { exitCode: null, removed: true };
    if (info.state === 'exited') return { exitCode: info.exitCode, removed: false };
    await sleep(interval, undefined, { signal });
  }
}

/** `exited with code 3`, `was removed`. */
export function describeExit(exit: ContainerExit): string {
  if (exit.exitCode !== null) return `exited with code ${exit.exitCode}`;
  return exit.removed ? 'was removed' : 'exited';
}
