/**
 * What every command receives from the CLI: the global options, the streams, the
 * environment and one AbortSignal for the run. Commands never touch `process` directly,
 * so tests can call them with injected streams and env.
 */
import type { Readable, Writable } from 'node:stream';
import type { EventSink } from '../events.js';
import type { ProgressMode } from '../ui/progress.js';
import type { EngineFlags } from '../engine/select.js';

export interface GlobalOptions {
  /** `-f`, in order; empty: search for tempfs.yaml from cwd upwards. */
  files: string[];
  /** `-p`. */
  projectName?: string;
  /** `--env-file`, in order. */
  envFiles: string[];
  /** `--profile`. */
  profiles: string[];
  /** `--engine`, `--connection`, `--url`, `--context`. */
  engine?: EngineFlags;
}

export type { ProgressMode } from '../ui/progress.js';

export interface CommandContext {
  cwd: string;
  env: Record<string, string | undefined>;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** stdout is a terminal (colours, listr2 rows). */
  isTTY: boolean;
  /** stdin is a terminal (interactive shells, `exec -t`). */
  stdinIsTTY: boolean;
  /** Colours allowed: a TTY and no NO_COLOR. */
  color: boolean;
  global: GlobalOptions;
  /** Cancelled on Ctrl-C / SIGTERM; `signal.reason` says which. */
  signal: AbortSignal;
  /** Progress sink chosen by the CLI from --progress. */
  events: EventSink;
  /**
   * Resolves once the progress view has drawn its last frame (live rows end here); call
   * it before writing anything else to the terminal and before returning. Absent: nothing to wait for.
   */
  progressDone?: () => Promise<void>;
  progress: ProgressMode;
}
