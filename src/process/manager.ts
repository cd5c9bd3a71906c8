/**
 * ProcessManager: the agent-facing control over processes on the host or in a
 * container: execute with a timeout, background processes with logs, wait, input,
 * stop of the whole tree, named terminals, and a dispose that leaves nothing running.
 */
import { TempfsError } from '../errors.js';
import { launchInContainer } from './container-launcher.js';
import { launchOnHost } from './host-launcher.js';
import type { Launched, LaunchRequest } from './launcher.js';
import { ManagedProcess, type ManagedSpec } from './managed-process.js';
import { runOneShot } from './one-shot.js';
import { readLogs } from './read-logs.js';
import { Terminal } from './terminal.js';
import type * as T from './types.js';
import { compilePattern, waitFor } from './wait-for.js';

const HOST: T.ProcessTarget = { kind: 'host' };

interface OneShot {
  command: string;
  target: T.ProcessTarget;
  request: LaunchRequest;
  timeoutMs: number;
  signal?: AbortSignal;
  intercept?: ManagedSpec['intercept'];
  terminalId?: string;
}

export class ProcessManager {
  private readonly processes = new Map<string, ManagedProcess>();
  /** execute/run processes: not listed, but stopped by `destroy` and `dispose`. */
  private readonly oneShots = new Set<ManagedProcess>();
  private readonly terminals = new Map<string, Terminal>();
  private nextId = 1;
  private disposed = false;
  private readonly podmanPath: string;
  private readonly defaultTimeoutMs: number;
  private readonly ringSize: number;
  private readonly graceMs: number;
  private readonly now: () => number;

  constructor(options: T.ProcessManagerOptions = {}) {
    this.podmanPath = options.podmanPath ?? 'podman';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
    this.ringSize = options.ringSize ?? 1000;
    this.graceMs = options.graceMs ?? 3000;
    this.now = options.now ?? Date.now;
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
    const base = terminal?.request(id, options.command, true);
    const request: LaunchRequest = base
      ? { ...base, cwd: options.cwd ?? base.cwd, env: { ...base.env, ...options.env } }
      : { id, command: options.command, cwd: options.cwd, env: options.env, stdin: true };
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

  status(processId: string): T.ProcessInfo {
    return this.process(processId).info();
  }

  list(): T.ProcessInfo[] {
    return [...this.processes.values()].map((p) => p.info());
  }

  logs(options: T.LogsOptions): T.LogsResult {
    return readLogs(this.process(options.processId).ring, options.lines, options.since);
  }

  async stop(processId: string, options: T.StopOptions = {}): Promise<T.ProcessInfo> {
    const proc = this.process(processId);
    await proc.stop(options.signal ?? 'SIGTERM', options.graceMs ?? this.graceMs);
    return proc.info();
  }

  wait(options: T.WaitOptions): Promise<T.WaitResult> {
    const proc = this.process(options.processId);
    const regex = compilePattern(options.pattern);
    const timeoutMs = options.timeout ?? this.defaultTimeoutMs;
    return waitFor(proc, regex, { timeoutMs, since: options.since, now: this.now, signal: options.signal });
  }

  async input(options: T.InputOptions): Promise<void> {
    const stdin = this.process(options.processId).stdin;
    if (!stdin || stdin.writableEnded) {
      throw new TempfsError('PROCESS', `process ${options.processId} is not running or its stdin is closed`);
    }
    await new Promise<void>((resolve, reject) =>
      stdin.write(options.input, (error) => (error ? reject(error) : resolve())),
    );
    if (options.end) stdin.end();
  }

  create(options: T.TerminalOptions): T.TerminalInfo {
    this.checkOpen();
    if (this.terminals.has(options.name)) {
      throw new TempfsError('NAME_CONFLICT', `terminal ${options.name} already exists`);
    }
    const terminal = new Terminal(options.name, options);
    this.terminals.set(terminal.id, terminal);
    return terminal.info();
  }

  async run(options: T.RunOptions): Promise<T.RunResult> {
    this.checkOpen();
    const terminal = this.terminal(options.terminalId);
    const { request, collector } = terminal.stateful(`x${this.nextId++}`, options.command);
    const startedAt = this.now();
    const result = await this.runToEnd({
      command: options.command,
      target: terminal.target,
      request,
      timeoutMs: options.timeout ?? this.defaultTimeoutMs,
      signal: options.signal,
      intercept: (stream, text) => collector.take(stream, text),
      terminalId: terminal.id,
    });
    terminal.adopt(collector);
    const { output, exitCode, timedOut, durationMs } = result;
    terminal.history.push({ command: options.command, output, exitCode, timedOut, cwd: terminal.cwd, startedAt, durationMs });
    return { ...result, cwd: terminal.cwd };
  }

  history(terminalId: string): T.HistoryEntry[] {
    return [...this.terminal(terminalId).history];
  }

  terminalList(): T.TerminalInfo[] {
    return [...this.terminals.values()].map((t) => t.info());
  }

  /** Stops everything the terminal started; returns how many were still running. */
  async destroy(terminalId: string): Promise<number> {
    this.terminal(terminalId);
    this.terminals.delete(terminalId);
    const owned = [...this.processes.values(), ...this.oneShots].filter((p) => p.spec.terminalId === terminalId);
    const running = owned.filter((p) => !p.ended);
    await Promise.all(owned.map((p) => p.stop('SIGTERM', this.graceMs)));
    return running.length;
  }

  /** Stops every process this manager started and waits until they are gone. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.terminals.clear();
    await Promise.all([...this.processes.values(), ...this.oneShots].map((p) => p.stop('SIGTERM', this.graceMs)));
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
      intercept: shot.intercept,
    };
    return runOneShot(spec, { timeoutMs: shot.timeoutMs, graceMs: this.graceMs, signal: shot.signal, running: this.oneShots });
  }

  private launcher(target: T.ProcessTarget, request: LaunchRequest): () => Launched {
    return target.kind === 'host'
      ? () => launchOnHost(request)
      : () => launchInContainer(this.podmanPath, target.name, request);
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

  private terminal(terminalId: string): Terminal {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) throw new TempfsError('NOT_FOUND', `no terminal ${terminalId}`);
    return terminal;
  }

  private checkOpen(): void {
    if (this.disposed) throw new TempfsError('PROCESS', 'the process manager was disposed');
  }
}
