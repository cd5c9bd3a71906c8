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
  /**
   * Register every process started with the terminal guard, so that it is ended should
   * this process die before it could (the terminal host does; default false).
   */
  guardProcesses?: boolean;
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

/** A terminal as a client of the terminal host lists it: detached ones carry their TTL. */
export interface TerminalListing extends TerminalInfo {
  /** Set while nobody holds it: it ends at `expiresAt` (epoch ms) unless a client takes it back. */
  detached?: { detachedAt: number; expiresAt: number; remainingMs: number };
}

export interface DetachResult {
  terminalId: string;
  detached: true;
  /** Milliseconds it is kept without a client. */
  ttl: number;
  expiresAt: number;
}

export interface ReattachResult {
  terminal: TerminalInfo;
  /** What the terminal showed since the detach (screen view), oldest first; empty if it was never detached. */
  missed: string;
  /** Lines in `missed`; `partial` is the current line without a newline yet (a prompt). */
  lineCount: number;
  partial?: string;
  /** Pass to terminal_logs as `since` to read on from here. */
  cursor: number;
  /** Lines missed that only the newest 1000 kept had already dropped. */
  dropped: number;
  /** How long it was detached (ms); 0 if this client held it already. */
  detachedMs: number;
}

/** A terminal of a terminal host that died (crash, SIGKILL): what its state file recorded. */
export interface LostTerminal {
  terminalId: string;
  target: ProcessTarget;
  cwd: string | undefined;
  history: HistoryEntry[];
  /** When the host that held it last wrote its state (epoch ms). */
  lastSeenAt: number;
}

/**
 * The process tools' view of processes and terminals: the terminal host serves it (one
 * per client connection, which owns what it makes), and its client speaks it over a socket.
 */
export interface ProcessControl {
  execute(options: ExecuteOptions): Promise<ExecuteResult>;
  background(options: BackgroundOptions): Promise<BackgroundResult>;
  started(processId: string): Promise<ProcessInfo>;
  status(processId: string): Promise<ProcessInfo>;
  list(): Promise<ProcessInfo[]>;
  logs(options: LogsOptions): Promise<LogsResult>;
  raw(terminalId: string, offset?: number): Promise<{ raw: string; offset: number }>;
  stop(processId: string, options?: StopOptions): Promise<ProcessInfo>;
  signal(processId: string, signal: NodeJS.Signals): Promise<{ sent: boolean }>;
  wait(options: WaitOptions): Promise<WaitResult>;
  input(options: InputOptions): Promise<InputResult>;
  create(options: TerminalOptions): Promise<TerminalInfo>;
  run(options: RunOptions): Promise<RunResult>;
  resize(terminalId: string, cols: number, rows: number): Promise<TerminalInfo>;
  history(terminalId: string): Promise<HistoryEntry[]>;
  terminalList(): Promise<TerminalListing[]>;
  /** Terminals of a host that died, with their history (see README, "Terminals"). */
  lost(): Promise<LostTerminal[]>;
  destroy(terminalId: string): Promise<number>;
  /** Keeps a terminal after this client goes, for `ttl` ms. */
  detach(terminalId: string, ttl?: number): Promise<DetachResult>;
  /** Takes a detached terminal back, with the output it missed. */
  reattach(terminalId: string): Promise<ReattachResult>;
  /** Ends what this client holds and did not detach; the client is done. */
  dispose(): Promise<void>;
}
