/**
 * Which log lines belong to the container's current start. `podman logs --since
 * <StartedAt>` is not safe: Podman records StartedAt after the runtime has started the
 * process, so a fast container's first lines carry earlier timestamps (seen on Podman
 * 4.3: a line stamped 30 µs before StartedAt). The previous run's FinishedAt is a safe
 * lower bound instead, and a container that never finished before needs none at all.
 */
import type { ContainerEngine } from '../engine/engine.js';

/** The `since` to follow the logs with; undefined: the whole log is this start's. */
export async function logsSinceThisStart(engine: ContainerEngine, container: string): Promise<string | undefined> {
  const raw = await engine.inspectRaw(container);
  const state = (raw?.State ?? {}) as { StartedAt?: unknown; FinishedAt?: unknown };
  const startedAt = typeof state.StartedAt === 'string' ? state.StartedAt : '';
  const finishedAt = typeof state.FinishedAt === 'string' ? state.FinishedAt : '';
  const finished = Date.parse(finishedAt);
  // Podman's "never" is year 1, far before the epoch.
  if (!(finished > 0)) return undefined;
  const started = Date.parse(startedAt);
  // FinishedAt after StartedAt: this very start has already ended (only the failure
  // details are at stake then), so fall back to its start time.
  return finished > started && startedAt ? startedAt : finishedAt;
}
