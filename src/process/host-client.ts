/**
 * A client of the project's terminal host (terminal-host-main.ts): the ProcessControl the
 * MCP tools use. The first call connects, or starts the host (detached, its own session,
 * its log beside its socket) and connects once it listens; two starters race harmlessly
 * (the host's lock lets one serve). What this client makes is owned by its connection:
 * when it closes — `dispose`, or this process dies — the host ends what was not detached.
 * `watchTerminal` is the other kind of client: a person's view of one terminal (`tempfs attach`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TempfsError } from '../errors.js';
import { RpcClient, type CallOptions } from './rpc.js';
import { processEntry } from './terminal-guard.js';
import type { HostSettings } from './terminal-host-main.js';
import type * as T from './types.js';

export interface HostClientOptions {
  /** `<state>/terminals/<project>.sock` */
  socketPath: string;
  podmanPath?: string;
  /** How long a started host may take to listen (default 10 s). */
  startTimeoutMs?: number;
  /** How long the host waits, idle, before it exits (default 5 s). */
  idleGraceMs?: number;
}

/** The host's state file and log sit beside its socket. */
export const hostStatePath = (socketPath: string) => socketPath.replace(/\.sock$/, '') + '.json';
export const hostLogPath = (socketPath: string) => socketPath.replace(/\.sock$/, '') + '.log';

/** Connects to a running host; undefined when none listens. */
export function connectHost(socketPath: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => resolve(undefined));
  });
}

/** `tempfs down`: the project's host ends every terminal and process and exits; false when none ran. */
export async function endTerminalHost(socketPath: string): Promise<boolean> {
  const socket = await connectHost(socketPath);
  if (!socket) return false;
  const rpc = new RpcClient(socket);
  try {
    await rpc.call('shutdown', []);
  } catch {
    // It went while answering: what we wanted.
  }
  rpc.close();
  return true;
}

/** A person's live view of one terminal of a running host (`tempfs attach`). */
export interface TerminalWatch {
  /** The terminal's recent raw output (escape sequences kept), to paint before anything onData brings. */
  tail: string;
  /** Resolves when the terminal ended or the connection to the host closed. */
  ended: Promise<void>;
  /** Text typed into the terminal, as keys. */
  keys(data: string): void;
  resize(cols: number, rows: number): void;
  /** Leaves the terminal running. */
  close(): void;
}

export interface WatchOptions {
  terminal: string;
  /** The watcher's window: the terminal takes its size. */
  cols?: number;
  rows?: number;
  /** The raw output that comes after the tail, as it comes. */
  onData: (text: string) => void;
}

/**
 * Watches a terminal of the host that listens on `socketPath` (the host's `watch`: output
 * pushed as `data` events until `end`; `keys` and `winsize` notifications back). Undefined
 * when no host listens; rejects with the host's error when it has no such terminal.
 */
export async function watchTerminal(socketPath: string, options: WatchOptions): Promise<TerminalWatch | undefined> {
  const socket = await connectHost(socketPath);
  if (!socket) return undefined;
  // Output that comes before the answer (with the tail) is kept for after the tail.
  let early: string[] | undefined = [];
  let end = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  const rpc = new RpcClient(socket, (event, params) => {
    if (event === 'data' && typeof params === 'string') {
      if (early) early.push(params);
      else options.onData(params);
    } else if (event === 'end') end();
  });
  socket.once('close', () => end());
  const size = options.cols && options.rows ? { cols: options.cols, rows: options.rows } : {};
  const view = await rpc.call<{ tail: string }>('watch', [{ terminal: options.terminal, ...size }]).catch((error: unknown) => {
    rpc.close();
    throw error;
  });
  // Events are I/O callbacks: none runs before the caller, resumed in this same tick, has the tail.
  const tail = view.tail + early.join('');
  early = undefined;
  return {
    tail,
    ended,
    keys: (data) => rpc.notify('keys', { data }),
    resize: (cols, rows) => rpc.notify('winsize', { cols, rows }),
    close: () => socket.destroy(),
  };
}

export class HostClient implements T.ProcessControl {
  private connection: Promise<RpcClient> | undefined;

  constructor(private readonly options: HostClientOptions) {}

  /** Connects now, starting the host if none listens, so that the first call that needs it does not wait for a Node start; a failure is met again by that call. */
  connect(): void {
    this.rpc().catch(() => {});
  }

  private rpc(): Promise<RpcClient> {
    // After the host went (down, killed), the next call starts a new one.
    this.connection = this.connection?.then((c) => (c.closed ? this.open() : c), () => this.open()) ?? this.open();
    return this.connection;
  }

  private async open(): Promise<RpcClient> {
    const socket = (await connectHost(this.options.socketPath)) ?? (await this.start());
    return new RpcClient(socket);
  }

  private async start(): Promise<Socket> {
    const { socketPath } = this.options;
    const settings: HostSettings = {
      socket: socketPath,
      state: hostStatePath(socketPath),
      podmanPath: this.options.podmanPath ?? 'podman',
      idleGraceMs: this.options.idleGraceMs ?? 5000,
    };
    mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
    const logFd = openSync(hostLogPath(socketPath), 'a', 0o600);
    let exited: string | undefined;
    try {
      const child = spawn(process.execPath, [processEntry('terminal-host-main'), JSON.stringify(settings)], {
        detached: true,
        // A folder that outlives this client's (clients send their own cwd with each call).
        cwd: dirname(socketPath),
        stdio: ['ignore', logFd, logFd],
      });
      child.once('error', (error) => (exited = error.message));
      child.once('exit', (code) => (exited = `exit code ${code}`));
      child.unref();
    } finally {
      closeSync(logFd);
    }
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    for (;;) {
      const socket = await connectHost(socketPath);
      if (socket) return socket;
      // A host that exited at once lost the race to another one, which will listen soon.
      if (Date.now() > deadline) {
        throw new TempfsError('PROCESS', `the terminal host did not start listening on ${socketPath} within ${this.options.startTimeoutMs ?? 10_000} ms${exited ? ` (${exited})` : ''}`, {
          hint: `see its log: ${hostLogPath(socketPath)}`,
        });
      }
      await sleep(20);
    }
  }

  private async call<R>(method: string, args: unknown[], options?: CallOptions): Promise<R> {
    return (await this.rpc()).call<R>(method, args, options);
  }

  execute(options: T.ExecuteOptions): Promise<T.ExecuteResult> {
    const { signal, onLine, ...rest } = options;
    return this.call('execute', [withHostCwd(rest)], { signal, onProgress: onLine });
  }

  background(options: T.BackgroundOptions): Promise<T.BackgroundResult> {
    return this.call('background', [options.terminalId === undefined ? withHostCwd(options) : options]);
  }

  started(processId: string): Promise<T.ProcessInfo> {
    return this.call('started', [processId]);
  }

  status(processId: string): Promise<T.ProcessInfo> {
    return this.call('status', [processId]);
  }

  list(): Promise<T.ProcessInfo[]> {
    return this.call('list', []);
  }

  logs(options: T.LogsOptions): Promise<T.LogsResult> {
    return this.call('logs', [options]);
  }

  raw(terminalId: string, offset?: number): Promise<{ raw: string; offset: number }> {
    return this.call('raw', [terminalId, offset]);
  }

  stop(processId: string, options?: T.StopOptions): Promise<T.ProcessInfo> {
    return this.call('stop', [processId, options]);
  }

  signal(processId: string, signal: NodeJS.Signals): Promise<{ sent: boolean }> {
    return this.call('signal', [processId, signal]);
  }

  wait(options: T.WaitOptions): Promise<T.WaitResult> {
    const { signal, ...rest } = options;
    return this.call('wait', [rest], { signal });
  }

  input(options: T.InputOptions): Promise<T.InputResult> {
    const { signal, ...rest } = options;
    return this.call('input', [rest], { signal });
  }

  create(options: T.TerminalOptions): Promise<T.TerminalInfo> {
    return this.call('create', [withHostCwd(options)]);
  }

  run(options: T.RunOptions): Promise<T.RunResult> {
    const { signal, onLine, ...rest } = options;
    return this.call('run', [rest], { signal, onProgress: onLine });
  }

  resize(terminalId: string, cols: number, rows: number): Promise<T.TerminalInfo> {
    return this.call('resize', [terminalId, cols, rows]);
  }

  history(terminalId: string): Promise<T.HistoryEntry[]> {
    return this.call('history', [terminalId]);
  }

  terminalList(): Promise<T.TerminalListing[]> {
    return this.call('terminalList', []);
  }

  lost(): Promise<T.LostTerminal[]> {
    return this.call('lost', []);
  }

  destroy(terminalId: string): Promise<number> {
    return this.call('destroy', [terminalId]);
  }

  detach(terminalId: string, ttl?: number): Promise<T.DetachResult> {
    return this.call('detach', [terminalId, ttl]);
  }

  reattach(terminalId: string): Promise<T.ReattachResult> {
    return this.call('reattach', [terminalId]);
  }

  /** Ends what this client holds and did not detach, then closes the connection (the host may then exit). */
  async dispose(): Promise<void> {
    const pending = this.connection;
    this.connection = Promise.reject(new TempfsError('PROCESS', 'this client of the terminal host was disposed'));
    this.connection.catch(() => {});
    const rpc = await pending?.catch(() => undefined);
    if (!rpc || rpc.closed) return;
    await rpc.call('dispose', []).catch(() => {});
    rpc.close();
  }
}

/** On the host, a command runs where this client runs unless told otherwise (the host's own cwd is another client's). */
function withHostCwd<O extends { cwd?: string; target?: T.ProcessTarget }>(options: O): O {
  if (options.cwd !== undefined || (options.target !== undefined && options.target.kind !== 'host')) return options;
  return { ...options, cwd: process.cwd() };
}
