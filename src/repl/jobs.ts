/**
 * Background jobs as the terminal sees them: the narrow interface the `bg`, `jobs`,
 * `logs`, `stop` and `wait` built-ins need. The terminal layer never sees the process
 * manager; `commands/shell.ts` adapts it to this (and so can a test, in memory).
 */

export type JobStatus = 'running' | 'exited' | 'killed' | 'error';

export interface JobInfo {
  /** Short id the user types: `p1`, `p2`, ... */
  id: string;
  command: string;
  status: JobStatus;
  /** Set once the job exited by itself. */
  exitCode?: number | null;
  /** Why the status is `error` (the command could not be started). */
  error?: string;
  /** Seconds since it started, frozen when it ended. */
  uptimeSec: number;
}

export interface JobLogs {
  lines: string[];
  /** Pass back as `since` to read only newer lines. */
  cursor: number;
  /** Lines after `since` that were already dropped from the buffer. */
  dropped: number;
}

export interface JobLogsOptions {
  /** At most this many lines: the newest ones, or with `since` the oldest after it. */
  lines?: number;
  since?: number;
}

export interface JobWaitOptions {
  timeoutMs: number;
  /** Only lines after this cursor (default: every buffered line). */
  since?: number;
  signal?: AbortSignal;
}

export interface JobWaitResult {
  /** False when the deadline passed, the job ended or the signal fired first. */
  found: boolean;
  /** The whole line that matched. */
  line?: string;
}

export interface ReplJobs {
  /** Starts a shell command in the background; returns at once. */
  start(command: string): JobInfo;
  /** Every job this terminal started, oldest first. */
  list(): JobInfo[];
  logs(id: string, options?: JobLogsOptions): JobLogs;
  /** SIGTERM, then SIGKILL, to the whole tree; resolves with the final status. */
  stop(id: string): Promise<JobInfo>;
  /** Until a line matches `pattern` (a regular expression). */
  wait(id: string, pattern: string, options: JobWaitOptions): Promise<JobWaitResult>;
}
