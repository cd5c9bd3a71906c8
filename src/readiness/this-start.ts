/**
 * Which log lines belong to the container's current start.
 *
 * Podman's timestamps cannot draw the line exactly (seen on Podman 4.3): StartedAt is
 * recorded after the runtime has started the process, so a fast container's first lines
 * are stamped up to a few hundred microseconds *before* StartedAt; and FinishedAt can be
 * stamped a few milliseconds before the last line of the run it ends. What is reliable is
 * the gap between runs: a restart is a whole `podman start` (80 ms or more here) after the
 * previous exit. So lines from StartedAt minus a margin smaller than that gap are this
 * start's, and a container that never finished a run needs no bound at all.
 */
import type { ContainerEngine } from '../engine/engine.js';

/** Less than the time a `podman start` takes, more than the lag of StartedAt. */
export const START_MARGIN_MS = 50;

/** The `since` to follow the logs with; undefined: the whole log is this start's. */
export async function logsSinceThisStart(engine: ContainerEngine, container: string): Promise<string | undefined> {
  const raw = await engine.inspectRaw(container);
  const state = (raw?.State ?? {}) as { StartedAt?: unknown; FinishedAt?: unknown };
  const finished = typeof state.FinishedAt === 'string' ? Date.parse(state.FinishedAt) : NaN;
  const started = typeof state.StartedAt === 'string' ? Date.parse(state.StartedAt) : NaN;
  // Podman's "never" is year 1, far before the epoch: no earlier run has any lines.
  if (!(finished > 0) || !(started > 0)) return undefined;
  return new Date(started - START_MARGIN_MS).toISOString();
}
