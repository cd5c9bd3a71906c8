/**
 * `depends_on` conditions: what a dependent waits for before it starts.
 * - started: the dependency is running or has already exited;
 * - ready: its probes pass (no probes: it is running);
 * - completed_successfully: it exits with code 0.
 */
import { Labels, type ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import type { DependencyCondition, ReadySpec } from '../recipe/model.js';
import { watchExit } from './exit-watch.js';
import { lastLogLines } from './last-lines.js';
import { pause } from './pause.js';
import { logsSinceThisStart } from './this-start.js';
import { waitUntilReady, type ReadinessProgress } from './wait-until-ready.js';
import { waitUntilRunning, type ContainerWait } from './wait-until-running.js';

/** How often `started` and `completed_successfully` re-read a state when there is no spec. */
export const DEFAULT_POLL_MS = 250;

export interface ConditionOptions {
  /** Service name for messages; by default the container's service label, else its name. */
  service?: string;
  onProgress?: (progress: ReadinessProgress) => void;
}

export async function waitForCondition(
  engine: ContainerEngine,
  container: string,
  condition: DependencyCondition,
  spec: ReadySpec | null,
  signal?: AbortSignal,
  options: ConditionOptions = {},
): Promise<void> {
  const interval = spec?.interval ?? DEFAULT_POLL_MS;
  const info = await engine.inspectContainer(container);
  const service = options.service ?? info?.labels[Labels.service] ?? container;
  const wait: ContainerWait = { engine, container, service, interval, signal };
  switch (condition) {
    case 'started':
      return waitUntilStarted(wait);
    case 'ready':
      if (!spec) return waitUntilRunning(wait);
      return waitUntilReady({ engine, container, service, spec, signal, onProgress: options.onProgress });
    case 'completed_successfully':
      return waitUntilCompleted(wait);
  }
}

/** Running, or already exited (or exited and removed): anything past `created`. */
async function waitUntilStarted({ engine, container, interval, signal }: ContainerWait) {
  for (;;) {
    const info = await engine.inspectContainer(container);
    if (info?.state !== 'created') return;
    await pause(interval, signal);
  }
}

async function waitUntilCompleted({ engine, container, service, interval, signal }: ContainerWait): Promise<void> {
  const since = await logsSinceThisStart(engine, container);
  // No deadline: a one-shot takes as long as it takes, as in Compose; the signal cancels.
  const exit = await watchExit(engine, container, interval, signal ?? new AbortController().signal).catch((error) => {
    if (signal?.aborted) throw signal.reason;
    throw error;
  });
  if (exit.exitCode === 0) return;
  const what = exit.exitCode === null ? 'was removed before its exit code could be read' : `exited with code ${exit.exitCode}`;
  throw new TempfsError('DEPENDENCY_FAILED', `${service} ${what}`, {
    details: await lastLogLines(engine, container, since, signal),
  });
}
