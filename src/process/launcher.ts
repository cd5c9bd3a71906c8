/**
 * What the manager needs from a started process, whatever runs it (the host, or
 * `podman exec` into a container): its streams, its end, and a way to signal the
 * whole tree it started.
 */
import type { Readable, Writable } from 'node:stream';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

export interface LaunchRequest {
  /** The manager's id, used for markers and file names. */
  id: string;
  /** A shell command line, run by `bash -c` (or `sh -c` where there is no bash). */
  command: string;
  cwd?: string;
  /** Variables added to the environment (host: on top of `baseEnv`). */
  env?: Record<string, string>;
  /** Host only: the environment to start from (default `process.env`). */
  baseEnv?: Record<string, string>;
  /** Keep stdin open as a pipe (for `input`); otherwise stdin is empty. */
  stdin: boolean;
}

export interface Launched {
  /** The pid where the command runs: on the host, or inside the container (known once `started` settles). */
  readonly pid: number | undefined;
  /** Settles once `pid` is known (at once on the host). */
  readonly started: Promise<void>;
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles once the process has exited and its output has ended; never rejects. */
  readonly done: Promise<ExitInfo>;
  /**
   * Sends `signal` to the whole process tree; resolves once it was sent. `leaderGone`:
   * the command itself has exited, only what it left in its process group is signalled.
   */
  kill(signal: NodeJS.Signals, leaderGone?: boolean): Promise<void>;
}

