/**
 * What every orchestrator call takes, explicitly: the loaded project, an engine, the
 * run's AbortSignal, an event sink, and where the session's monitor keeps its state.
 * Nothing is read from a CLI context: the CLI builds these, and so can any program.
 */
import type { EngineConnection } from '../engine/connection.js';
import type { ContainerEngine } from '../engine/engine.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import type { Project } from '../recipe/model.js';

export interface MonitorSettings {
  /** Where monitors keep their records and logs. */
  stateDir: string;
  /** The engine kind and connection the monitor talks to (default: the engine's own). */
  engine?: EngineConnection;
}

export interface StackInputs {
  engine: ContainerEngine;
  project: Project;
  /** Cancels waits and removes what the call started (default: never). */
  signal?: AbortSignal;
  /** Progress as data (default: dropped). */
  events?: EventSink;
  /** The model cache's location and tokens; the monitor's state folder (default: process.env). */
  env?: Record<string, string | undefined>;
  /**
   * The detached process that removes the session if this process dies, however it dies.
   * Default: one in the state folder of `env`. `false`: none (an in-memory engine in tests).
   */
  monitor?: MonitorSettings | false;
}

export interface Resolved {
  signal: AbortSignal;
  events: EventSink;
  env: Record<string, string | undefined>;
  monitor: MonitorSettings | null;
}

export function resolveInputs(inputs: Omit<StackInputs, 'project'>): Resolved {
  const env = inputs.env ?? process.env;
  const monitor =
    inputs.monitor === false
      ? null
      : { stateDir: inputs.monitor?.stateDir ?? resolveStateDir(env), engine: inputs.monitor?.engine ?? inputs.engine.connection };
  return { signal: inputs.signal ?? new AbortController().signal, events: inputs.events ?? ignoreEvents, env, monitor };
}
