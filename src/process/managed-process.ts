/**
 * One process the manager owns: it (re)starts the command, feeds stdout and stderr
 * line by line into a ring buffer in arrival order, applies the restart policy, and
 * stops the whole tree on request. Emits `line` (LogEntry) and `end` (once, when no
 * restart will follow).
 */
import { EventEmitter, once } from 'node:events';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineSplitter } from '../shared/line-splitter.js';
import { exitShape } from './exit-shape.js';
import type { ExitInfo, Launched } from './launcher.js';
import { RingBuffer, type LogEntry } from './ring-buffer.js';
import type { ProcessInfo, ProcessStatus, ProcessTarget, RestartPolicy } from './types.js';
import { backoffDelay } from '../shared/backoff.js';

const MAX_BACKOFF_MS = 30_000;
/** Between SIGTERM and SIGKILL for what an exited command left running in its group. */
const LEFTOVER_GRACE_MS = 100;

export interface ManagedSpec {
  id: string;
  name?: string;
  command: string;
  target: ProcessTarget;
  terminalId?: string;
  launch: () => Launched;
  ringSize: number;
  /** Text the ring holds (default 1 MiB). */
  ringBytes?: number;
  now: () => number;
  restart?: RestartPolicy;
  maxRestarts?: number;
  backoffMs?: number;
}

export class ManagedProcess extends EventEmitter {
  readonly ring: RingBuffer;
  status: ProcessStatus = 'running';
  exit: ExitInfo | undefined;
  restarts = 0;
  startedAt = 0;
  endedAt: number | undefined;
  /** Settles when the process ended for good (no restart pending). */
  readonly finished: Promise<void>;
  private current: Launched | undefined;
  private stopping = false;
  private leftoversStopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private markFinished!: () => void;

  constructor(readonly spec: ManagedSpec) {
    super();
    this.ring = new RingBuffer(spec.ringSize, spec.ringBytes);
    this.finished = new Promise((resolve) => (this.markFinished = resolve));
    this.start();
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  /** Settles once the pid is known (inside a container it comes from the command itself). */
  async started(): Promise<void> {
    await this.current?.started;
  }

  get stdin() {
    return this.status === 'running' ? this.current?.stdin ?? null : null;
  }

  get ended(): boolean {
    return this.endedAt !== undefined && this.restartTimer === undefined;
  }

  info(): ProcessInfo {
    const { id, name, command, target, terminalId, now } = this.spec;
    const until = this.status === 'running' ? now() : (this.endedAt ?? now());
    return {
      processId: id,
      ...(name === undefined ? {} : { name }),
      command,
      target,
      ...(terminalId === undefined ? {} : { terminalId }),
      status: this.status,
      pid: this.pid,
      uptimeSec: Math.max(0, Math.round((until - this.startedAt) / 100) / 10),
      ...(this.exit ? exitShape(this.exit.code, this.exit.signal) : {}),
      ...(this.exit?.error ? { error: this.exit.error.message } : {}),
      restarts: this.restarts,
      startedAt: this.startedAt,
    };
  }

  /** One signal to the whole tree; no escalation. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.current && this.status === 'running') await this.current.kill(signal);
  }

  /** SIGTERM (or `signal`) to the tree, then SIGKILL after `graceMs` if still running. */
  async stop(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) this.giveUpRestart();
    const last = this.current;
    if (last && this.status === 'running') {
      await last.kill(signal);
      const ended = await Promise.race([this.finished.then(() => true), sleep(graceMs, false, { ref: false })]);
      if (!ended) await last.kill('SIGKILL');
    } else if (last && !this.leftoversStopped) {
      // The command has exited (or its local `podman exec` client was killed), but what
      // it started in its group may still run: `cmd &`, or everything in a container.
      this.leftoversStopped = true;
      await last.kill(signal, true);
      await sleep(Math.min(graceMs, LEFTOVER_GRACE_MS));
      await last.kill('SIGKILL', true);
    }
    await this.finished;
  }

  private start(): void {
    this.status = 'running';
    this.leftoversStopped = false;
    this.exit = undefined;
    this.endedAt = undefined;
    this.startedAt = this.spec.now();
    const launched = this.spec.launch();
    this.current = launched;
    const streams = [this.read(launched.stdout, 'stdout'), this.read(launched.stderr, 'stderr')];
    void Promise.all([launched.done, ...streams]).then(([exit]) => this.onExit(exit));
  }

  private async read(stream: Readable, name: LogEntry['stream']): Promise<void> {
    const splitter = new LineSplitter((line) => this.emit('line', this.ring.push(name, line)));
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    // 'close' also covers a stream destroyed before it ended (a grandchild held it).
    await Promise.race([once(stream, 'end'), once(stream, 'close')]).catch(() => {});
    splitter.end();
  }

  private onExit(exit: ExitInfo): void {
    this.exit = exit;
    this.endedAt = this.spec.now();
    // By signal on the host (Node reports the signal) or in a container (the shell's 128+N): the same.
    this.status = exit.error ? 'error' : this.stopping || exitShape(exit.code, exit.signal).signal ? 'killed' : 'exited';
    if (this.shouldRestart(exit)) {
      const delay = backoffDelay(this.restarts + 1, { baseMs: this.spec.backoffMs ?? 200, maxMs: MAX_BACKOFF_MS });
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.restarts++;
        this.start();
      }, delay);
      return;
    }
    this.finish();
  }

  private shouldRestart(exit: ExitInfo): boolean {
    const policy = this.spec.restart ?? 'no';
    if (this.stopping || policy === 'no' || exit.error) return false;
    if (this.restarts >= (this.spec.maxRestarts ?? 5)) return false;
    return policy === 'always' || exit.code !== 0;
  }

  private giveUpRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.finish();
  }

  private finish(): void {
    this.markFinished();
    this.emit('end');
  }
}
