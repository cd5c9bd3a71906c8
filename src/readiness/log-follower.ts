/**
 * Follows a container's output (stdout and stderr) from one start on, hands every line
 * to the probes listening, and keeps the last lines for error messages. One follower
 * per wait, so a log probe and the failure details share a single `podman logs -f`.
 */
import type { ContainerEngine, LogLine } from '../engine/engine.js';

/** How many lines a failure shows. */
export const TAIL_LINES = 20;

export class LogFollower {
  private readonly recent: string[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();
  /** Settles when the stream ends: the container exited, or the signal was aborted. */
  readonly done: Promise<void>;

  /** `since` is passed to the engine as is; undefined follows the whole log. */
  constructor(engine: ContainerEngine, container: string, since: string | undefined, signal: AbortSignal) {
    this.done = this.pump(engine.logs(container, { follow: true, since, signal }));
  }

  /** Calls `listener` for every later line; returns the function that stops it. */
  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last lines seen, oldest first. */
  tail(): string[] {
    return [...this.recent];
  }

  private async pump(lines: AsyncIterable<LogLine>): Promise<void> {
    try {
      for await (const line of lines) {
        this.recent.push(line.line);
        if (this.recent.length > TAIL_LINES) this.recent.shift();
        for (const listener of [...this.listeners]) listener(line);
      }
    } catch {
      // Aborted, or the logs could not be read (the container is gone): the exit
      // watch and the deadline decide the outcome, the probes just stay pending.
    }
  }
}
