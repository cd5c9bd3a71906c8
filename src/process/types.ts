/**
 * The public data shapes of the process manager. Plain data only: an MCP server or the
 * interactive terminal turns them into text.
 */
import type { LogEntry } from './ring-buffer.js';

export type { LogEntry } from './ring-buffer.js';

/** Where a command runs: on this machine, or inside a running container via `podman exec`. */
export type ProcessTarget = { kind: 'host' } | { kind: 'container'; name: string };

export type ProcessStatus = 'running' | 'exited' | 'killed' | 'error';

export type RestartPolicy = 'no' | 'on-failure' | 'always';

export interface ProcessManagerOptions {
  /** The podman binary for container targets (default `podman`). */
  podmanPath?: string;
  /** Default timeout of `execute` and `run` (default 30 s). */
  defaultTimeoutMs?: number;
  /** Lines kept per process (default 1000). */
  ringSize?: number;
  /** Grace between SIGTERM and SIGKILL when stopping (default 3 s). */
  graceMs?: number;
  /** Clock, injectable for tests (default `Date.now`). */
  now?: () => number;
}

export interface CommandOptions {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
  target?: ProcessTarget;
}

export interface ExecuteOptions extends CommandOptions {
  /** Milliseconds; the whole tree is stopped when it runs out. */
  timeout?: number;
  signal?: AbortSignal;
  /** Called with each output line (for progress). */
  onLine?: (line: string) => void;
}

export interface ExecuteResult {
  /** Its output stays readable with `logs` under this id (the last few commands only). */
  processId: string;
  success: boolean;
  /**
   * stdout and stderr interleaved in arrival order. Up to 8 MiB (50 000 lines) is kept
   * whole; past that the first 64 KiB and the newest lines, with a line saying how many
   * lines were left out between.
   */
  output: string;
  /** The same, each stream on its own. */
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped because the caller's AbortSignal fired; not an error. */
  cancelled: boolean;
  /** True when older lines were dropped from `output`. */
  truncated: boolean;
  durationMs: number;
}

export interface BackgroundOptions extends CommandOptions {
  /** A readable name; the id is derived from it when free. */
  name?: string;
  /** Run with the cwd and env of this named terminal; `destroy` stops it. */
  terminalId?: string;
  restart?: RestartPolicy;
  /** Restarts allowed before giving up (default 5). */
  maxRestarts?: number;
  /** First restart delay; doubles each time, capped at 30 s (default 200 ms). */
  backoffMs?: number;
}

export interface BackgroundResult {
  processId: string;
  pid: number | undefined;
  status: ProcessStatus;
}

export interface ProcessInfo {
  processId: string;
  name?: string;
  command: string;
  target: ProcessTarget;
  terminalId?: string;
  status: ProcessStatus;
  pid: number | undefined;
  uptimeSec: number;
  exitCode?: number | null;
  signal?: string | null;
  /** Why the status is `error` (spawn failure). */
  error?: string;
  restarts: number;
  startedAt: number;
}

export interface LogsOptions {
  processId: string;
  /** How many lines at most (default 50). */
  lines?: number;
  /** A cursor from an earlier call: only lines printed after it, oldest first. */
  since?: number;
}

export interface LogsResult {
  logs: LogEntry[];
  /** A terminal's current line without `\n` yet (a prompt), not counted in `lineCount`. */
  partial?: string;
  /** How many lines are in `logs`. */
  lineCount: number;
  /** Pass back as `since` to get only newer lines. */
  cursor: number;
  /** Lines after `since` that the ring buffer had already dropped. */
  dropped: number;
}

export interface StopOptions {
  signal?: NodeJS.Signals;
  graceMs?: number;
}

export interface WaitOptions {
  processId: string;
  /** A regular expression, as a string. */
  pattern: string;
  /** Milliseconds (default 30 s). */
  timeout?: number;
  /** Only consider lines after this cursor (default: every buffered line). */
  since?: number;
  signal?: AbortSignal;
}

export interface WaitResult {
  found: boolean;
  match?: string;
  /** The match is in a line without `\n` yet (a prompt): `seq` is then the last complete line's. */
  partial?: boolean;
  /** The whole line that matched, and its sequence number. */
  line?: string;
  seq?: number;
  elapsedMs: number;
}

export interface InputOptions {
  /** A background process, a terminal command, or a terminal (by its name). */
  processId: string;
  input?: string;
  /** Named keys sent after `input`: enter, tab, esc, up, down, left, right, ctrl-c, ctrl-d, ctrl-z... */
  keys?: string[];
  /** Close stdin after writing (pipes only). */
  end?: boolean;
  /** Then wait until the output shows this pattern (a regular expression)... */
  waitFor?: string;
  /** ...or until the output has been quiet this long (milliseconds). */
  idleMs?: number;
  /** Bound on that wait (milliseconds, default 30 s). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface InputResult {
  sent: boolean;
  bytes: number;
  /** With waitFor/idleMs: what came back after the write (screen view). */
  output?: string;
  found?: boolean;
  match?: string;
  partial?: boolean;
  timedOut?: boolean;
  elapsedMs?: number;
}

export interface TerminalOptions {
  name: string;
  cwd?: string;
  env?: Record<string, string>;
  target?: ProcessTarget;
  /** PTY size (default 120 x 30). */
  cols?: number;
  rows?: number;
}

export interface TerminalInfo {
  terminalId: string;
  cwd: string | undefined;
  target: ProcessTarget;
  commands: number;
  shell: 'bash' | 'sh' | undefined;
  /** The shell's pid where it runs (inside the container for a container). */
  pid: number | undefined;
  alive: boolean;
  busy: boolean;
  running?: { processId: string; command: string };
  cols: number;
  rows: number;
}

export interface RunOptions {
  terminalId: string;
  command: string;
  /** Milliseconds to wait for the end; a command still running then is left running (status "running"). */
  timeout?: number;
  signal?: AbortSignal;
  /** Called with each complete output line (for progress). */
  onLine?: (line: string) => void;
}

export interface RunResult {
  processId: string;
  status: ProcessStatus;
  success: boolean;
  /** The screen view of its output so far. */
  output: string;
  exitCode: number | null;
  signal: string | null;
  /** Still running when the timeout passed (it was left running). */
  timedOut: boolean;
  truncated: boolean;
  durationMs: number;
  /** The terminal's working directory after the command. */
  cwd: string | undefined;
}

export interface HistoryEntry {
  processId: string;
  command: string;
  output: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cwd: string | undefined;
  startedAt: number;
  durationMs: number;
  /** Run by the agent, or typed by a person attached to the terminal. */
  origin: 'agent' | 'attached';
}

/** A live view of a terminal for a person: what it showed lately, then every new chunk; their keys go in. */
export interface TerminalAttachment {
  info: TerminalInfo;
  /** The recent raw output (escape sequences kept), to paint the screen on attach. */
  tail: string;
  /** Calls `onData` with each new raw chunk and `onEnd` when the shell exits; returns the unsubscribe. */
  subscribe(onData: (chunk: string) => void, onEnd: () => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
}
