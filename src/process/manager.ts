/**
 * ProcessManager: the agent-facing control over processes on the host or in a
 * container: execute with a timeout, background processes with logs, wait, input,
 * stop of the whole tree, named terminals, and a dispose that leaves nothing running.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TempfsError } from '../errors.js';
import { launchInContainer } from './container-launcher.js';
import { launchOnHost } from './host-launcher.js';
import { afterInput } from './input-wait.js';
import { keyBytes } from './keys.js';
import type { Launched, LaunchRequest } from './launcher.js';
import { ManagedProcess, type ManagedSpec } from './managed-process.js';
import { runOneShot } from './one-shot.js';
import { readLogs } from './read-logs.js';
import { runInTerminal } from './run-in-terminal.js';
import { Terminal } from './terminal.js';
import { attachTo } from './terminal-attachment.js';
import { TerminalGuard } from './terminal-guard.js';
import type { TerminalCommand } from './terminal-command.js';
import type * as T from './types.js';
import { compilePattern, waitFor, type WaitSource } from './wait-for.js';

const HOST: T.ProcessTarget = { kind: 'host' };
/** Ended execute commands whose output `logs` can still read (x1, x2, ...), the newest ones. */
const KEPT_ONE_SHOTS = 8;

interface OneShot {
  command: string;
  target: T.ProcessTarget;
  request: LaunchRequest;
  timeoutMs: number;
  signal?: AbortSignal;
  terminalId?: string;
  onLine?: (line: string) => void;
}

export class ProcessManager {
  private readonly processes = new Map<string, ManagedProcess>();
  /** execute/run processes: not listed, but stopped by `destroy` and `dispose`. */
  private readonly oneShots = new Set<ManagedProcess>();
  /** Ended execute commands, oldest first, so that `logs` pages through their whole output. */
  private readonly endedShots = new Map<string, ManagedProcess>();
  private readonly terminals = new Map<string, Terminal>();
  /** Names of terminals being opened, so two creates of one name cannot race. */
  private readonly opening = new Set<string>();
  /** Ends container shells should this process die before it could. */
  private readonly guard: TerminalGuard;
  private nextId = 1;
  private disposed = false;
  private readonly podmanPath: string;
  private readonly defaultTimeoutMs: number;
  private readonly ringSize: number;
  private readonly graceMs: number;
  private readonly now: () => number;
  private readonly guardProcesses: boolean;

  constructor(options: T.ProcessManagerOptions = {}) {
    this.podmanPath = options.podmanPath ?? 'podman';
    this.guard = new TerminalGuard(this.podmanPath);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
    this.ringSize = options.ringSize ?? 1000;
    this.graceMs = options.graceMs ?? 3000;
    this.now = options.now ?? Date.now;
    this.guardProcesses = options.guardProcesses ?? false;
  }

  execute(options: T.ExecuteOptions): Promise<T.ExecuteResult> {
    this.checkOpen();
    const id = `x${this.nextId++}`;
    const target = options.target ?? HOST;
    const request = { id, command: options.command, cwd: options.cwd, env: options.env, stdin: false };
    return this.runToEnd({ ...options, target, request, timeoutMs: options.timeout ?? this.defaultTimeoutMs });
  }

  background(options: T.BackgroundOptions): T.BackgroundResult {
    this.checkOpen();
    const terminal = options.terminalId === undefined ? undefined : this.terminal(options.terminalId);
    const id = this.newId(options.name);
    const target = terminal?.target ?? options.target ?? HOST;
    const request: LaunchRequest = !terminal
      ? { id, command: options.command, cwd: options.cwd, env: options.env, stdin: true }
      : terminal.target.kind === 'host'
        ? { id, command: options.command, cwd: options.cwd ?? terminal.cwd, baseEnv: terminal.env, env: options.env, stdin: true }
        : { id, command: options.command, cwd: options.cwd ?? terminal.cwd, env: { ...terminal.env, ...options.env }, stdin: true };
    const proc = new ManagedProcess({
      ...options,
      id,
      target,
      launch: this.launcher(target, request),
      ringSize: this.ringSize,
      now: this.now,
    });
    this.processes.set(id, proc);
    return { processId: id, pid: proc.pid, status: proc.status };
  }

  /** Once its pid is known (inside a container it is the command's pid there): the process's status. */
  async started(processId: string): Promise<T.ProcessInfo> {
    const found = this.find(processId);
    if (!('spec' in found)) return found.info(this.now());
    await found.started();
    return found.info();
  }

  status(processId: string): T.ProcessInfo {
    const found = this.find(processId);
    return 'spec' in found ? found.info() : found.info(this.now());
  }

  /** Background processes, then the command running in each terminal. */
  list(): T.ProcessInfo[] {
    const running = [...this.terminals.values()].flatMap((t) => (t.running ? [t.running.info(this.now())] : []));
    return [...[...this.processes.values()].map((p) => p.info()), ...running];
  }

  /** A process's lines; for a terminal command or a whole terminal (by name) the screen view and the partial line. */
  logs(options: T.LogsOptions): T.LogsResult {
    const source = this.source(options.processId);
    const result = readLogs(source.ring, options.lines, options.since);
    return source.partial ? { ...result, partial: source.partial } : result;
  }

  /** The raw stream of a terminal (escape sequences kept) from a character offset. */
  raw(terminalId: string, offset = 0): { raw: string; offset: number } {
    const screen = this.terminal(terminalId).screen;
    return { raw: screen.rawSince(offset), offset: screen.rawOffset };
  }

  async stop(processId: string, options: T.StopOptions = {}): Promise<T.ProcessInfo> {
    const found = this.find(processId);
    const graceMs = options.graceMs ?? this.graceMs;
    if ('spec' in found) {
      await found.stop(options.signal ?? 'SIGTERM', graceMs);
      return found.info();
    }
    const terminal = this.terminal(found.terminalId);
    // TERM, then KILL, then (a builtin of the shell has no process to kill) ctrl-c.
    for (const signal of [options.signal ?? 'SIGTERM', 'SIGKILL', 'SIGINT'] as const) {
      if (found.ended) break;
      await terminal.signal(signal);
      await Promise.race([found.finished, sleep(graceMs)]);
    }
    return found.info(this.now());
  }

  /** Sends one signal to a process tree, or to what runs in a terminal's foreground; never escalates. */
  async signal(processId: string, signal: NodeJS.Signals): Promise<{ sent: boolean }> {
    const terminal = this.terminals.get(processId);
    if (terminal) return { sent: await terminal.signal(signal) };
    const found = this.find(processId);
    if (!('spec' in found)) return { sent: found.ended ? false : await this.terminal(found.terminalId).signal(signal) };
    if (found.ended) return { sent: false };
    await found.signal(signal);
    return { sent: true };
  }

  wait(options: T.WaitOptions): Promise<T.WaitResult> {
    const source = this.source(options.processId);
    const regex = compilePattern(options.pattern);
    const timeoutMs = options.timeout ?? this.defaultTimeoutMs;
    return waitFor(source, regex, { timeoutMs, since: options.since, now: this.now, signal: options.signal });
  }

  /**
   * Writes text and named keys to a process's stdin or a terminal's PTY; with `waitFor`
   * or `idleMs`, also waits and returns what came back.
   */
  async input(options: T.InputOptions): Promise<T.InputResult> {
    const data = (options.input ?? '') + (options.keys ?? []).map(keyBytes).join('');
    const terminal = this.terminals.get(options.processId) ?? this.ownerOf(options.processId);
    const source: WaitSource = terminal ? terminal.screen : this.process(options.processId);
    const since = source.ring.lastSeq;
    if (terminal) terminal.write(data);
    else await this.writeStdin(options.processId, data, options.end);
    const sent = { sent: true, bytes: Buffer.byteLength(data) };
    if (options.waitFor === undefined && options.idleMs === undefined) return sent;
    const back = await afterInput(source, {
      since,
      waitFor: options.waitFor,
      idleMs: options.idleMs,
      timeoutMs: options.timeout ?? this.defaultTimeoutMs,
      now: this.now,
      signal: options.signal,
    });
    return { ...sent, ...back };
  }

  async create(options: T.TerminalOptions): Promise<T.TerminalInfo> {
    this.checkOpen();
    if (this.terminals.has(options.name) || this.opening.has(options.name)) {
      throw new TempfsError('NAME_CONFLICT', `terminal ${options.name} already exists`);
    }
    this.opening.add(options.name);
    try {
      const terminal = await Terminal.open(options.name, options, {
        podmanPath: this.podmanPath,
        ringSize: this.ringSize,
        now: this.now,
        startTimeoutMs: 30_000,
        guard: this.guard,
      });
      if (this.disposed) {
        await terminal.close(this.graceMs);
        this.checkOpen();
      }
      this.terminals.set(terminal.id, terminal);
      return terminal.info();
    } finally {
      this.opening.delete(options.name);
    }
  }

  /**
   * Runs a command in the terminal's shell and waits up to `timeout` for its end. A
   * command still running then is left running (status "running"): a soft timeout.
   */
  run(options: T.RunOptions): Promise<T.RunResult> {
    this.checkOpen();
    const terminal = this.terminal(options.terminalId);
    return runInTerminal(terminal, options, { timeoutMs: options.timeout ?? this.defaultTimeoutMs, now: this.now });
  }

  resize(terminalId: string, cols: number, rows: number): T.TerminalInfo {
    const terminal = this.terminal(terminalId);
    terminal.resize(cols, rows);
    return terminal.info();
  }

  /** A person's view of a terminal (`tempfs attach`): commands they type land in its history as "attached". */
  attach(terminalId: string): T.TerminalAttachment {
    return attachTo(this.terminal(terminalId));
  }

  history(terminalId: string): T.HistoryEntry[] {
    return [...this.terminal(terminalId).history];
  }

  terminalList(): T.TerminalInfo[] {
    return [...this.terminals.values()].map((t) => t.info());
  }

  /** The terminal an id belongs to: the terminal itself, one of its commands, or a background process started with its terminalId. */
  terminalOf(id: string): string | undefined {
    if (this.terminals.has(id)) return id;
    const proc = this.processes.get(id);
    if (proc) return proc.spec.terminalId;
    return [...this.terminals.values()].find((t) => t.commands.has(id))?.id;
  }

  /** Stops a background process (if it still runs) and forgets it. */
  async remove(processId: string): Promise<void> {
    const proc = this.processes.get(processId);
    if (!proc) return;
    await proc.stop('SIGTERM', this.graceMs);
    this.processes.delete(processId);
  }

  /** Ends the terminal's shell and everything it started; returns how many processes were still running. */
  async destroy(terminalId: string): Promise<number> {
    const terminal = this.terminal(terminalId);
    this.terminals.delete(terminalId);
    const owned = [...this.processes.values(), ...this.oneShots].filter((p) => p.spec.terminalId === terminalId);
    const running = owned.filter((p) => !p.ended).length + (terminal.running ? 1 : 0);
    await Promise.all([...owned.map((p) => p.stop('SIGTERM', this.graceMs)), terminal.close(this.graceMs)]);
    return running;
  }

  /** Stops every process and terminal this manager started and waits until they are gone. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const terminals = [...this.terminals.values()];
    this.terminals.clear();
    await Promise.all([
      ...[...this.processes.values(), ...this.oneShots].map((p) => p.stop('SIGTERM', this.graceMs)),
      ...terminals.map((t) => t.close(this.graceMs)),
    ]);
    this.guard.close();
  }

  private runToEnd(shot: OneShot): Promise<T.ExecuteResult> {
    const spec: ManagedSpec = {
      id: shot.request.id,
      command: shot.command,
      target: shot.target,
      terminalId: shot.terminalId,
      launch: this.launcher(shot.target, shot.request),
      ringSize: this.ringSize,
      now: this.now,
    };
    return runOneShot(spec, { timeoutMs: shot.timeoutMs, graceMs: this.graceMs, signal: shot.signal, running: this.oneShots, onLine: shot.onLine, keep: (p) => this.keepEnded(p) });
  }

  private keepEnded(proc: ManagedProcess): void {
    this.endedShots.set(proc.spec.id, proc);
    for (const id of this.endedShots.keys()) if (this.endedShots.size > KEPT_ONE_SHOTS) this.endedShots.delete(id);
  }

  private launcher(target: T.ProcessTarget, request: LaunchRequest): () => Launched {
    const launch = target.kind === 'host' ? () => launchOnHost(request) : () => launchInContainer(this.podmanPath, target.name, request);
    if (!this.guardProcesses) return launch;
    return () => {
      const launched = launch();
      this.guardLaunched(target, launched);
      return launched;
    };
  }

  /** Tells the guard of a started process's group, so it is ended should this process die first. */
  private guardLaunched(target: T.ProcessTarget, launched: Launched): void {
    if (target.kind === 'host') {
      const pgid = launched.pid;
      if (pgid === undefined) return;
      this.guard.addGroup(pgid);
      void launched.done.then(() => this.guard.removeGroup(pgid));
      return;
    }
    void launched.started.then(() => {
      const pid = launched.pid;
      if (pid === undefined) return;
      this.guard.add(target.name, pid);
      void launched.done.then(() => this.guard.remove(target.name, pid));
    });
  }

  private newId(name: string | undefined): string {
    const slug = name?.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    if (slug && !this.processes.has(slug)) return slug;
    let id: string;
    do id = slug ? `${slug}-${this.nextId++}` : `p${this.nextId++}`;
    while (this.processes.has(id));
    return id;
  }

  private process(processId: string): ManagedProcess {
    const proc = this.processes.get(processId);
    if (!proc) throw new TempfsError('NOT_FOUND', `no process ${processId}`, { hint: 'List processes with terminal_list.' });
    return proc;
  }

  /** A background process, or a command of a terminal. */
  private find(processId: string): ManagedProcess | TerminalCommand {
    const proc = this.processes.get(processId) ?? this.endedShots.get(processId);
    if (proc) return proc;
    for (const terminal of this.terminals.values()) {
      const cmd = terminal.commands.get(processId);
      if (cmd) return cmd;
    }
    return this.process(processId);
  }

  /** What `logs` and `wait` read: a process's lines, a terminal command's output, or a whole terminal's screen. */
  private source(processId: string): WaitSource {
    if (!this.processes.has(processId) && this.terminals.has(processId)) return this.terminals.get(processId)!.screen;
    const found = this.find(processId);
    return 'spec' in found ? found : found.output;
  }

  private ownerOf(processId: string): Terminal | undefined {
    if (this.processes.has(processId)) return undefined;
    return [...this.terminals.values()].find((t) => t.commands.has(processId));
  }

  private async writeStdin(processId: string, data: string, end?: boolean): Promise<void> {
    const stdin = this.process(processId).stdin;
    if (!stdin || stdin.writableEnded) {
      throw new TempfsError('PROCESS', `process ${processId} is not running or its stdin is closed`);
    }
    await new Promise<void>((resolve, reject) => stdin.write(data, (error) => (error ? reject(error) : resolve())));
    if (end) stdin.end();
  }

  private terminal(terminalId: string): Terminal {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) throw new TempfsError('NOT_FOUND', `no terminal ${terminalId}`, { hint: 'List terminals with terminal_list.' });
    return terminal;
  }

  private checkOpen(): void {
    if (this.disposed) throw new TempfsError('PROCESS', 'the process manager was disposed');
  }
}
