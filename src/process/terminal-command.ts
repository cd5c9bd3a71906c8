/**
 * One command in a terminal, from the shell's C marker to its D marker: its own output
 * (screen view and raw), exit code, signal and cwd. Typed by the agent (`run`) or by a
 * person attached to the terminal. Looks like a process to status/logs/wait/stop.
 */
import { exitShape } from './exit-shape.js';
import { OutputBuffer } from './output-buffer.js';
import type { ProcessInfo, ProcessStatus, ProcessTarget } from './types.js';

export type CommandOrigin = 'agent' | 'attached';

export class TerminalCommand {
  readonly output: OutputBuffer;
  status: ProcessStatus = 'running';
  exitCode: number | null = null;
  signal: NodeJS.Signals | null = null;
  cwd: string | undefined;
  endedAt: number | undefined;
  /** The shell printed C: output from now on is the command's. */
  started = false;
  readonly finished: Promise<void>;
  private markFinished!: () => void;

  constructor(
    readonly id: string,
    public command: string,
    readonly origin: CommandOrigin,
    readonly terminalId: string,
    readonly target: ProcessTarget,
    readonly startedAt: number,
    private readonly pid: () => number | undefined,
    ringSize: number,
  ) {
    // Only a whole terminal's raw stream is read (terminal_logs raw, attach): a command keeps none.
    this.output = new OutputBuffer(ringSize, 0);
    this.finished = new Promise((resolve) => (this.markFinished = resolve));
  }

  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  finish(exitCode: number | null, cwd: string | undefined, now: number): void {
    if (this.ended) return;
    const shape = exitShape(exitCode, null);
    this.exitCode = shape.exitCode;
    this.signal = shape.signal;
    this.cwd = cwd;
    this.status = shape.signal ? 'killed' : 'exited';
    this.endedAt = now;
    this.output.end();
    this.markFinished();
  }

  /** The screen view of everything it printed (the last `ringSize` lines). */
  text(): string {
    return this.output.screenText(this.output.ring.capacity);
  }

  info(now: number): ProcessInfo {
    const until = this.endedAt ?? now;
    return {
      processId: this.id,
      command: this.command,
      target: this.target,
      terminalId: this.terminalId,
      status: this.status,
      pid: this.pid(),
      uptimeSec: Math.max(0, Math.round((until - this.startedAt) / 100) / 10),
      ...(this.ended ? { exitCode: this.exitCode, signal: this.signal } : {}),
      restarts: 0,
      startedAt: this.startedAt,
    };
  }
}
