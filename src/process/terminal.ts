/**
 * A named terminal: one long-lived shell on a PTY. Commands written to it run in that
 * same shell (functions, aliases, options, cd, activated venvs persist). Command
 * boundaries, exit codes and the cwd come from the shell-integration markers, which are
 * stripped from what the terminal shows. One command at a time: a second `run` while
 * one runs is refused as busy. A person attached to it types into the same shell; what
 * they run lands in the same history.
 */
import { TempfsError } from '../errors.js';
import { shellQuote } from '../shared/shell-quote.js';
import { OutputBuffer } from './output-buffer.js';
import { PtyShell } from './pty-shell.js';
import { BASH_INIT, MarkerParser, SH_INIT, type Marker } from './shell-integration.js';
import { TerminalCommand } from './terminal-command.js';
import type { HistoryEntry, ProcessTarget, TerminalInfo, TerminalOptions } from './types.js';

/** The output kept per history entry (its tail). */
const HISTORY_OUTPUT_CHARS = 64 * 1024;

export interface TerminalDeps {
  podmanPath: string;
  /** Told of a container shell's pid, so that it is ended even if this process is killed. */
  guard?: { add(container: string, pid: number): void; remove(container: string, pid: number): void };
  ringSize: number;
  now: () => number;
  /** How long the shell may take to come up. */
  startTimeoutMs: number;
}

export class Terminal {
  readonly history: HistoryEntry[] = [];
  readonly target: ProcessTarget;
  /** Everything the terminal showed since it was ready (the screen view and the raw stream). */
  readonly screen: OutputBuffer;
  readonly commands = new Map<string, TerminalCommand>();
  cwd: string | undefined;
  /** Host: the whole environment. Container: variables set on top of the container's. Used for background processes. */
  readonly env: Record<string, string>;
  shellKind: 'bash' | 'sh' | undefined;
  alive = true;
  private shell!: PtyShell;
  private ready = false;
  private current: TerminalCommand | undefined;
  /** Text an agent command printed before its C marker (the echo; an error when C never comes). */
  private preamble = '';
  private nextCommand = 1;
  private readonly parser: MarkerParser;
  private readyWaiter!: { resolve: () => void; reject: (e: Error) => void };
  private startText = '';

  private constructor(readonly id: string, options: TerminalOptions, private readonly deps: TerminalDeps) {
    this.target = options.target ?? { kind: 'host' };
    const host = this.target.kind === 'host';
    this.cwd = options.cwd ?? (host ? process.cwd() : undefined);
    this.env = host ? { ...(process.env as Record<string, string>), ...options.env } : { ...options.env };
    this.screen = new OutputBuffer(deps.ringSize);
    this.parser = new MarkerParser((text) => this.onText(text), (marker) => this.onMarker(marker));
  }

  static async open(id: string, options: TerminalOptions, deps: TerminalDeps): Promise<Terminal> {
    const terminal = new Terminal(id, options, deps);
    const ready = new Promise<void>((resolve, reject) => (terminal.readyWaiter = { resolve, reject }));
    terminal.shell = await PtyShell.start(
      { target: terminal.target, cwd: terminal.cwd, env: terminal.env, cols: options.cols ?? 120, rows: options.rows ?? 30, podmanPath: deps.podmanPath },
      (data) => terminal.parser.push(data),
    );
    void terminal.shell.exited.then((exit) => terminal.onExit(exit.exitCode));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TempfsError('TIMEOUT', `terminal ${id}: the shell did not start within ${deps.startTimeoutMs} ms`)), deps.startTimeoutMs);
    });
    try {
      await Promise.race([ready, timeout]);
    } catch (error) {
      await terminal.shell.close(500);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return terminal;
  }

  get pid(): number | undefined {
    return this.shell.shellPid;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.shell.cols, rows: this.shell.rows };
  }

  /** The command running now, if any. */
  get running(): TerminalCommand | undefined {
    return this.current && !this.current.ended ? this.current : undefined;
  }

  /** Starts `command` in the shell; refused while another one runs. */
  start(command: string): TerminalCommand {
    if (!this.alive) throw new TempfsError('NOT_RUNNING', `terminal ${this.id} has ended (its shell exited)`);
    const busy = this.running;
    if (busy) {
      throw new TempfsError('BUSY', `terminal ${this.id} is busy running: ${busy.command} (processId ${busy.id})`, {
        hint: `wait for it with terminal_wait/terminal_logs on ${busy.id}, interrupt it with terminal_input keys ["ctrl-c"], or use another terminal`,
      });
    }
    const cmd = this.newCommand(command, 'agent');
    this.current = cmd;
    this.preamble = '';
    this.shell.write(this.encode(command));
    return cmd;
  }

  write(data: string): void {
    if (!this.alive) throw new TempfsError('NOT_RUNNING', `terminal ${this.id} has ended (its shell exited)`);
    this.shell.write(data);
  }

  resize(cols: number, rows: number): void {
    this.shell.resize(cols, rows);
  }

  /**
   * Sends `signal` to what runs in the foreground (never to the shell itself); false when
   * nothing does. A command the shell runs itself (`read`, a loop of builtins) has no
   * process of its own: SIGINT reaches it as the ctrl-c key.
   */
  async signal(signal: NodeJS.Signals): Promise<boolean> {
    if (await this.shell.signalForeground(signal)) return true;
    if (signal !== 'SIGINT' || !this.running) return false;
    this.shell.write('\x03');
    return true;
  }

  async close(graceMs: number): Promise<void> {
    await this.shell.close(graceMs);
    if (this.target.kind === 'container' && this.pid !== undefined) this.deps.guard?.remove(this.target.name, this.pid);
  }

  info(): TerminalInfo {
    const running = this.running;
    return {
      terminalId: this.id,
      cwd: this.cwd,
      target: this.target,
      commands: this.history.length,
      shell: this.shellKind,
      pid: this.pid,
      alive: this.alive,
      busy: running !== undefined,
      ...(running ? { running: { processId: running.id, command: running.command } } : {}),
      ...this.size,
    };
  }

  private newCommand(command: string, origin: 'agent' | 'attached'): TerminalCommand {
    const id = `${this.id}-${this.nextCommand++}`;
    const cmd = new TerminalCommand(id, command, origin, this.id, this.target, this.deps.now(), () => this.pid, this.deps.ringSize);
    this.commands.set(id, cmd);
    // Keep the finished ones bounded: history keeps their text.
    if (this.commands.size > 50) this.commands.delete(this.commands.keys().next().value!);
    return cmd;
  }

  /** What to write for the shell to run `command` as one command. */
  private encode(command: string): string {
    const multiline = command.includes('\n');
    // Several lines become one command as a group (a bash fed lines runs and prompts per line).
    if (this.shellKind === 'bash') return multiline ? `{\n${command}\n}\r` : `${command}\r`;
    // sh has no PS0: the command announces its own start.
    return multiline ? `__tempfs_c; eval ${shellQuote(command)}\n` : `__tempfs_c; ${command}\n`;
  }

  private onText(text: string): void {
    if (!this.ready) {
      this.startText += text;
      return;
    }
    this.screen.push(text);
    // A cursor position request (busybox's line editor sends one per prompt) is answered
    // as a terminal emulator would; left unanswered it eats the next keys typed.
    if (text.includes('\x1b[6n')) this.shell.write(`\x1b[${this.shell.rows};${this.screen.partial.length + 1}R`);
    const cmd = this.current;
    if (!cmd || cmd.ended) return;
    if (cmd.started) cmd.output.push(text);
    else if (this.preamble.length < 64 * 1024) this.preamble += text;
  }

  private onMarker(marker: Marker): void {
    if (marker.kind === 'S') {
      this.shellKind = marker.shell;
      this.shell.write((marker.shell === 'bash' ? BASH_INIT : SH_INIT) + '\n');
    } else if (marker.kind === 'P') {
      this.shell.shellPid = marker.pid;
      if (this.target.kind === 'container') this.deps.guard?.add(this.target.name, marker.pid);
    } else if (marker.kind === 'C') {
      this.onCommandStart();
    } else if (!this.ready) {
      if (this.shell.shellPid === undefined) return;
      this.ready = true;
      this.cwd = marker.cwd || this.cwd;
      this.readyWaiter.resolve();
    } else {
      this.onPrompt(marker.exitCode, marker.cwd, marker.command);
    }
  }

  private onCommandStart(): void {
    if (!this.ready) return;
    if (this.current && !this.current.ended && !this.current.started) {
      this.current.started = true;
      return;
    }
    // Typed by a person at the prompt; its text comes with the D marker.
    const cmd = this.newCommand('', 'attached');
    cmd.started = true;
    this.current = cmd;
  }

  private onPrompt(exitCode: number, cwd: string, historyText: string): void {
    this.cwd = cwd || this.cwd;
    const cmd = this.current;
    if (!cmd || cmd.ended) return;
    if (!cmd.started) {
      // A prompt before the line was even read is a redraw (sh's marker is in its prompt,
      // which its line editor repaints on SIGWINCH): the command is still to come.
      if (cmd.origin !== 'agent' || !this.preamble.includes('\n')) return;
      // The shell read the line and refused it before running it (a syntax error): what it said follows the echo.
      cmd.output.push(this.preamble.split('\n').slice(1).join('\n'));
    }
    if (cmd.origin === 'attached') cmd.command = historyText;
    cmd.finish(exitCode, this.cwd, this.deps.now());
    this.record(cmd);
  }

  private record(cmd: TerminalCommand): void {
    this.history.push({
      processId: cmd.id,
      command: cmd.command,
      output: cmd.text().slice(-HISTORY_OUTPUT_CHARS),
      exitCode: cmd.exitCode,
      signal: cmd.signal,
      timedOut: false,
      cwd: cmd.cwd,
      startedAt: cmd.startedAt,
      durationMs: (cmd.endedAt ?? cmd.startedAt) - cmd.startedAt,
      origin: cmd.origin,
    });
    if (this.history.length > 1000) this.history.shift();
  }

  private onExit(exitCode: number): void {
    this.alive = false;
    if (!this.ready) {
      this.readyWaiter.reject(new TempfsError('PROCESS', `terminal ${this.id}: the shell exited (${exitCode}) before it was ready`, {
        details: this.startText.trim() === '' ? [] : [this.startText.trim().slice(-500)],
      }));
      return;
    }
    const cmd = this.running;
    if (cmd) {
      cmd.finish(exitCode, this.cwd, this.deps.now());
      this.record(cmd);
    }
    this.screen.end();
  }
}
