/**
 * The terminal host's state: one ProcessManager for a project, the clients connected to it,
 * and who holds what (ownership.ts). Each client gets a `HostSession`, the ProcessControl
 * it speaks: it sees and may use what it made and the detached terminals (which it must
 * take back first), and what it holds ends when it goes, unless detached. The socket
 * (host-server.ts) and the process (terminal-host-main.ts) are around this; tests use it
 * in-process.
 */
import { isTempfsError, TempfsError } from '../errors.js';
import type { ProcessManager } from './manager.js';
import { DETACH_TTL, Ownership, realClock, type Clock } from './ownership.js';
import type * as T from './types.js';

/** Lines of missed output a reattach returns at most (a ring keeps 1000). */
const MISSED_LINES = 1000;

export interface TerminalHostOptions {
  manager: ProcessManager;
  clock?: Clock;
  /** Something changed that the state file records. */
  onChange?: () => void;
  /** No client is connected and nothing is held: the host may go (after a grace). */
  onIdle?: () => void;
  /** Terminals a previous host lost (read from its state file). */
  lost?: T.LostTerminal[];
}

export class TerminalHost {
  readonly manager: ProcessManager;
  readonly ownership: Ownership;
  readonly lost: T.LostTerminal[];
  readonly clock: Clock;
  private readonly sessions = new Set<HostSession>();
  private nextClient = 1;
  private ending = false;

  constructor(private readonly options: TerminalHostOptions) {
    this.manager = options.manager;
    this.lost = options.lost ?? [];
    this.clock = options.clock ?? realClock;
    this.ownership = new Ownership(this.clock, (id) => {
      // A detached terminal nobody took back within its TTL.
      void this.manager.destroy(id).catch(() => 0).then(() => this.changed());
    });
  }

  /** Nothing to keep this host alive: no client, no terminal, no running process. */
  get idle(): boolean {
    return this.sessions.size === 0 && this.manager.terminalList().length === 0 && this.manager.list().every((p) => p.status !== 'running');
  }

  connect(): HostSession {
    if (this.ending) throw new TempfsError('PROCESS', 'the terminal host is ending everything (a `tempfs down` of the project)');
    const session = new HostSession(this, `c${this.nextClient++}`);
    this.sessions.add(session);
    return session;
  }

  /** A person's view of any terminal of the project (`tempfs attach`). */
  watch(terminalId: string): T.TerminalAttachment {
    return this.manager.attach(terminalId);
  }

  /** `tempfs down` or a signal: ends every terminal and process, whoever holds them. */
  async endAll(): Promise<void> {
    this.ending = true;
    this.ownership.clear();
    await this.manager.dispose();
    this.changed();
  }

  /** @internal HostSession's: it went. */
  forget(session: HostSession): void {
    this.sessions.delete(session);
    this.changed();
  }

  /** @internal */
  changed(): void {
    this.options.onChange?.();
    if (this.idle) this.options.onIdle?.();
  }
}

export class HostSession implements T.ProcessControl {
  private released = false;

  constructor(
    private readonly host: TerminalHost,
    readonly client: string,
  ) {}

  private get manager(): ProcessManager {
    return this.host.manager;
  }

  private get ownership(): Ownership {
    return this.host.ownership;
  }

  /** Refuses an id whose terminal or process another client holds, or that is detached. */
  private access(id: string): void {
    this.ownership.check(this.manager.terminalOf(id) ?? id, this.client);
  }

  private visibleProcess(info: T.ProcessInfo): boolean {
    if (info.terminalId !== undefined) return this.manager.terminalOf(info.terminalId) !== undefined && this.ownership.visible(info.terminalId, this.client);
    return this.ownership.visible(info.processId, this.client);
  }

  async execute(options: T.ExecuteOptions): Promise<T.ExecuteResult> {
    return this.manager.execute(options);
  }

  async background(options: T.BackgroundOptions): Promise<T.BackgroundResult> {
    if (options.terminalId !== undefined) this.access(options.terminalId);
    const result = this.manager.background(options);
    // One started with a terminalId goes with its terminal.
    if (options.terminalId === undefined) this.ownership.own('process', result.processId, this.client);
    this.host.changed();
    return result;
  }

  async started(processId: string): Promise<T.ProcessInfo> {
    this.access(processId);
    return this.manager.started(processId);
  }

  async status(processId: string): Promise<T.ProcessInfo> {
    this.access(processId);
    return this.manager.status(processId);
  }

  async list(): Promise<T.ProcessInfo[]> {
    return this.manager.list().filter((p) => this.visibleProcess(p));
  }

  async logs(options: T.LogsOptions): Promise<T.LogsResult> {
    this.access(options.processId);
    return this.manager.logs(options);
  }

  async raw(terminalId: string, offset?: number): Promise<{ raw: string; offset: number }> {
    this.access(terminalId);
    return this.manager.raw(terminalId, offset);
  }

  async stop(processId: string, options?: T.StopOptions): Promise<T.ProcessInfo> {
    this.access(processId);
    const info = await this.manager.stop(processId, options);
    this.host.changed();
    return info;
  }

  async signal(processId: string, signal: NodeJS.Signals): Promise<{ sent: boolean }> {
    this.access(processId);
    return this.manager.signal(processId, signal);
  }

  async wait(options: T.WaitOptions): Promise<T.WaitResult> {
    this.access(options.processId);
    return this.manager.wait(options);
  }

  async input(options: T.InputOptions): Promise<T.InputResult> {
    this.access(options.processId);
    return this.manager.input(options);
  }

  async create(options: T.TerminalOptions): Promise<T.TerminalInfo> {
    try {
      const info = await this.manager.create(options);
      if (this.released) {
        await this.manager.destroy(info.terminalId).catch(() => 0);
        throw new TempfsError('PROCESS', 'the client went while its terminal was opening');
      }
      this.ownership.own('terminal', info.terminalId, this.client);
      this.host.changed();
      return info;
    } catch (error) {
      if (!isTempfsError(error, 'NAME_CONFLICT') || this.manager.terminalOf(options.name) !== options.name) throw error;
      const detached = this.ownership.detached(options.name);
      throw new TempfsError('NAME_CONFLICT', `terminal ${options.name} already exists${detached ? ' (detached)' : this.ownership.visible(options.name, this.client) ? '' : ' (another client of this project holds it)'}`, {
        hint: detached ? `take it back with terminal_attach {"terminalId": "${options.name}"}` : 'use it, or choose another name',
      });
    }
  }

  async run(options: T.RunOptions): Promise<T.RunResult> {
    this.access(options.terminalId);
    try {
      return await this.manager.run(options);
    } finally {
      this.host.changed();
    }
  }

  async resize(terminalId: string, cols: number, rows: number): Promise<T.TerminalInfo> {
    this.access(terminalId);
    return this.manager.resize(terminalId, cols, rows);
  }

  async history(terminalId: string): Promise<T.HistoryEntry[]> {
    if (this.manager.terminalOf(terminalId) !== terminalId) {
      const lost = this.host.lost.find((t) => t.terminalId === terminalId);
      if (lost) return lost.history;
    }
    this.access(terminalId);
    return this.manager.history(terminalId);
  }

  async terminalList(): Promise<T.TerminalListing[]> {
    return this.manager
      .terminalList()
      .filter((t) => this.ownership.visible(t.terminalId, this.client))
      .map((t) => {
        const d = this.ownership.detached(t.terminalId);
        return d ? { ...t, detached: { detachedAt: d.detachedAt, expiresAt: d.expiresAt, remainingMs: d.remainingMs } } : t;
      });
  }

  async lost(): Promise<T.LostTerminal[]> {
    return this.host.lost;
  }

  async destroy(terminalId: string): Promise<number> {
    this.access(terminalId);
    const killed = await this.manager.destroy(terminalId);
    await this.forgetProcessesOf(terminalId);
    this.ownership.drop(terminalId);
    this.host.changed();
    return killed;
  }

  async detach(terminalId: string, ttl: number = DETACH_TTL.defaultMs): Promise<T.DetachResult> {
    if (this.manager.terminalOf(terminalId) !== terminalId) throw new TempfsError('NOT_FOUND', `no terminal ${terminalId}`, { hint: 'List terminals with terminal_list.' });
    const cursor = this.manager.logs({ processId: terminalId, lines: 0 }).cursor;
    const d = this.ownership.detach(terminalId, this.client, ttl, cursor);
    this.host.changed();
    return { terminalId, detached: true, ttl, expiresAt: d.expiresAt };
  }

  async reattach(terminalId: string): Promise<T.ReattachResult> {
    if (this.manager.terminalOf(terminalId) !== terminalId) throw new TempfsError('NOT_FOUND', `no terminal ${terminalId}`, { hint: 'List terminals with terminal_list (a detached one whose TTL ran out is gone).' });
    const d = this.ownership.reattach(terminalId, this.client);
    this.host.changed();
    const terminal = this.manager.terminalList().find((t) => t.terminalId === terminalId)!;
    if (!d) {
      const cursor = this.manager.logs({ processId: terminalId, lines: 0 }).cursor;
      return { terminal, missed: '', lineCount: 0, cursor, dropped: 0, detachedMs: 0 };
    }
    const logs = this.manager.logs({ processId: terminalId, since: d.cursor, lines: MISSED_LINES });
    const lines = logs.logs.map((l) => l.text);
    if (logs.partial) lines.push(logs.partial);
    return {
      terminal,
      missed: lines.join('\n'),
      lineCount: logs.lineCount,
      ...(logs.partial ? { partial: logs.partial } : {}),
      cursor: logs.cursor,
      dropped: logs.dropped,
      detachedMs: Math.max(0, this.host.clock.now() - d.detachedAt),
    };
  }

  /** The client went (or said it is done): what it holds and did not detach ends. */
  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const { terminals, processes } = this.ownership.release(this.client);
    await Promise.all([
      ...terminals.map(async (id) => {
        await this.manager.destroy(id).catch(() => 0);
        await this.forgetProcessesOf(id);
      }),
      ...processes.map((id) => this.manager.remove(id).catch(() => {})),
    ]);
    this.host.forget(this);
  }

  /** A destroyed terminal's background processes are stopped; nobody lists them any more. */
  private async forgetProcessesOf(terminalId: string): Promise<void> {
    await Promise.all(this.manager.list().filter((p) => p.terminalId === terminalId).map((p) => this.manager.remove(p.processId)));
  }
}
