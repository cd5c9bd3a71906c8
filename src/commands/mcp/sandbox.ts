/**
 * The sandbox container the tools run in by default: found running, or brought up with
 * `up -d --wait <service>` (with its dependencies) on demand, and brought down with
 * `down`. One start at a time: concurrent tool calls share the same start.
 */
import type { ContainerInfo } from '../../engine/engine.js';
import { isTempfsError, TempfsError } from '../../errors.js';
import type { MonitorHandle } from '../../monitor/launcher.js';
import type { CommandContext } from '../context.js';
import { downCommand } from '../down.js';
import { createEngine } from '../stack/engine.js';
import { findRunningContainer } from '../stack/find-container.js';
import { upCommand } from '../up.js';
import { guardSession } from './guard.js';

export interface SandboxState {
  project: string;
  service: string;
  /** The container's name once known. */
  container: string | undefined;
  /** This server brought it up (and so brings it down on exit). */
  startedHere: boolean;
}

/** What the tools need from the sandbox; `Sandbox` is the real one, tests may fake it. */
export interface SandboxControl {
  state(): SandboxState;
  /** The running container's name; `started` when this call had to bring it up. */
  ensure(): Promise<{ container: string; started: boolean }>;
  /** Brings the whole project down (the sandbox and its dependencies). */
  stop(): Promise<void>;
}

export interface SandboxOptions {
  project: string;
  service: string;
  /** A context whose stdout is not the protocol stream, cancelled when the server closes. */
  context: (signal?: AbortSignal) => CommandContext;
  /** `up` gives up when not ready within this (default 5 min). */
  startTimeoutMs?: number;
  /** The project's longest stop_grace_period, for the monitor's cleanup. */
  graceMs: number;
}

export class Sandbox implements SandboxControl {
  private container: string | undefined;
  private startedHere = false;
  private guard: MonitorHandle | undefined;
  private starting: Promise<{ container: string; started: boolean }> | undefined;

  constructor(private readonly options: SandboxOptions) {}

  state(): SandboxState {
    const { project, service } = this.options;
    return { project, service, container: this.container, startedHere: this.startedHere };
  }

  ensure(): Promise<{ container: string; started: boolean }> {
    if (this.container) return Promise.resolve({ container: this.container, started: false });
    this.starting ??= this.bringUp().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => {});
    // `down` must work while the server itself is being cancelled: its own deadline only.
    await downCommand(this.options.context(AbortSignal.timeout(60_000)), { volumes: false });
    // `down` stopped the guarding monitor too.
    this.guard = undefined;
    this.container = undefined;
    this.startedHere = false;
  }

  private async bringUp(): Promise<{ container: string; started: boolean }> {
    const ctx = this.options.context();
    const running = await this.findRunning(ctx);
    if (running) {
      this.container = running.name;
      return { container: running.name, started: false };
    }
    const code = await upCommand(ctx, {
      services: [this.options.service],
      detach: true,
      wait: true,
      waitTimeoutMs: this.options.startTimeoutMs ?? 300_000,
      parallel: Number.POSITIVE_INFINITY,
      keepOnFailure: false,
      ttlMs: null,
    });
    if (code !== 0) throw new TempfsError('CANCELLED', `starting the sandbox ${this.options.service} was cancelled`);
    this.startedHere = true;
    const container = await this.findRunning(ctx);
    if (!container) throw new TempfsError('NOT_RUNNING', `the sandbox ${this.options.service} stopped right after it started`);
    // Held, not only started: the monitor removes the sandbox when this end of its pipe closes.
    this.guard = await guardSession(ctx, this.options.project, container, this.options.graceMs).catch((error: unknown) => {
      ctx.events({ type: 'message', level: 'warn', text: `no monitor guards the sandbox if this server is killed: ${(error as Error).message}` });
      return undefined;
    });
    this.container = container.name;
    return { container: container.name, started: true };
  }

  private async findRunning(ctx: CommandContext): Promise<ContainerInfo | undefined> {
    try {
      return await findRunningContainer(createEngine(ctx), this.options.project, this.options.service);
    } catch (error) {
      if (isTempfsError(error, 'NOT_FOUND') || isTempfsError(error, 'NOT_RUNNING')) return undefined;
      throw error;
    }
  }
}
