/** What `up` returns: the running stack, and the two ways it can end (Testcontainers' started environment). */
import type { ContainerEngine } from '../engine/engine.js';
import type { EventSink } from '../events.js';
import type { MonitorHandle } from '../monitor/launcher.js';
import type { Project } from '../recipe/model.js';
import { removeObjects } from './remove.js';

export interface StackHandle {
  readonly project: Project;
  /** The session id every object of this stack carries as `io.tempfs.session`. */
  readonly session: string;
  /** service -> container name. */
  readonly containers: Readonly<Record<string, string>>;
  /** Services kept as they were (unchanged, already running: a second `up -d`). */
  readonly kept: readonly string[];
  /** Let the stack outlive this process (`up -d`): from now on only its TTL, or `down`, removes it. */
  detach(): Promise<void>;
  /**
   * Remove the session in reverse dependency order (containers, then its volumes and network), then let the monitor go. Once.
   * `keepNetworks`: the project's networks stay even when this was its last container (a hold keeps them: see hold.ts).
   */
  down(options?: { graceMs?: number; keepNetworks?: boolean }): Promise<void>;
}

export interface HandleParts {
  engine: ContainerEngine;
  project: Project;
  session: string;
  containers: Record<string, string>;
  kept: string[];
  monitor: MonitorHandle | null;
  events: EventSink;
}

export function stackHandle(parts: HandleParts): StackHandle {
  const { engine, project, session, monitor, events } = parts;
  let removal: Promise<void> | undefined;
  return {
    project,
    session,
    containers: parts.containers,
    kept: parts.kept,
    detach: async () => monitor?.detach(),
    down: (options = {}) => (removal ??= removeSession(engine, session, { project, events, monitor, ...options })),
  };
}

/** The one session removal: what a handle's `down`, a failed `up` and the end of `run` do. */
export async function removeSession(
  engine: ContainerEngine,
  session: string,
  options: { project: Project; events: EventSink; graceMs?: number; keepNetworks?: boolean; monitor: MonitorHandle | null },
): Promise<void> {
  const { project, events, graceMs, keepNetworks } = options;
  await removeObjects(engine, { filter: { session }, project, events, graceMs, keepNetworks });
  // It has nothing left to do.
  await options.monitor?.release();
}
