/**
 * Progress events. The library reports what it does as plain data; `ui/` decides how
 * it looks (listr2 rows on a TTY, plain lines, or one JSON object per line).
 */

export type ContainerStatus =
  | 'pending'
  | 'pulling'
  | 'creating'
  | 'starting'
  | 'waiting'
  | 'ready'
  | 'running'
  | 'exited'
  | 'stopping'
  | 'removed'
  | 'kept'
  | 'failed';

export interface ContainerEvent {
  type: 'container';
  service: string;
  status: ContainerStatus;
  /** Human detail, e.g. `waiting for log /listening on/`. */
  detail?: string;
  /** Milliseconds since this step began. */
  elapsedMs?: number;
  /** A `waiting` event about one readiness probe: true once that probe passed (the detail says which). */
  probePassed?: boolean;
}

export interface ModelEvent {
  type: 'model';
  model: string;
  status: 'cached' | 'waiting-for-lock' | 'downloading' | 'verifying' | 'done' | 'failed';
  bytes?: number;
  /** null when the server sent no length. */
  total?: number | null;
  /** Bytes per second. */
  speed?: number;
  etaSec?: number | null;
  detail?: string;
}

export interface MessageEvent {
  type: 'message';
  level: 'info' | 'warn';
  text: string;
}

/**
 * What a command is about to work on, sent once before it starts, so a live view can
 * draw one row per container and per model up front.
 */
export interface PlanEvent {
  type: 'plan';
  services: string[];
  models: string[];
}

export type TempfsEvent = ContainerEvent | ModelEvent | MessageEvent | PlanEvent;

export type EventSink = (event: TempfsEvent) => void;

/** A sink that drops everything, for callers that do not care. */
export const ignoreEvents: EventSink = () => {};
