/**
 * The sandbox container the tools run in by default: found running, or brought up (with
 * its dependencies, ready) through the orchestrator on demand. What this server brings up
 * is one session under one monitor held by this process: it goes when the server stops,
 * and with the server should the agent host kill it. One start at a time: concurrent tool
 * calls share the same start.
 */
import type { ContainerEngine, ContainerInfo } from '../engine/engine.js';
import { isTempfsError, TempfsError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Project } from '../recipe/model.js';
import { findRunningContainer } from '../stack/find-container.js';
import { down, up, type MonitorSettings, type StackHandle } from '../stack/index.js';

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
  engine: ContainerEngine;
  project: Project;
  service: string;
  /** Cancelled when the server closes. */
  signal: AbortSignal;
  /** Progress of the start (never on the protocol stream). */
  events: EventSink;
  env: Record<string, string | undefined>;
  /** Default: in the state folder of `env`, on the engine's own connection. */
  monitor?: MonitorSettings;
  /** The start gives up when not ready within this (default 5 min). */
  startTimeoutMs?: number;
}

export class Sandbox implements SandboxControl {
  private container: string | undefined;
  private stack: StackHandle | undefined;
  private starting: Promise<{ container: string; started: boolean }> | undefined;

  constructor(private readonly options: SandboxOptions) {}

  /** The recipe's image for the sandbox: what container_start uses when a call names none. */
  get image(): string {
    return this.options.project.containers[this.options.service]!.image;
  }

  state(): SandboxState {
    return { project: this.options.project.name, service: this.options.service, container: this.container, startedHere: this.stack !== undefined };
  }

  ensure(): Promise<{ container: string; started: boolean }> {
    if (this.container) return Promise.resolve({ container: this.container, started: false });
    this.starting ??= this.bringUp().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => {});
    const stack = this.stack;
    this.stack = undefined;
    this.container = undefined;
    if (stack) return stack.down();
    // Found running, not started here: `container_stop` still removes the project, as `tempfs down` does.
    const { engine, project, events, env, monitor } = this.options;
    await down({ engine, project, events, env, monitor });
  }

  private async bringUp(): Promise<{ container: string; started: boolean }> {
    const { engine, project, service } = this.options;
    const running = await this.findRunning();
    if (running) {
      this.container = running.name;
      return { container: running.name, started: false };
    }
    const stack = await up({
      engine,
      project,
      services: [service],
      signal: this.options.signal,
      events: this.options.events,
      env: this.options.env,
      monitor: this.options.monitor,
      waitTimeoutMs: this.options.startTimeoutMs ?? 300_000,
      ttlMs: project.ttl,
      // Dependencies another session already runs are used as they are.
      join: true,
    }).catch((error: unknown) => {
      if (this.options.signal.aborted) throw new TempfsError('CANCELLED', `starting the sandbox ${service} was cancelled`, { cause: error });
      throw error;
    });
    this.stack = stack;
    // The handle names what `up` just made ready: no second listing.
    this.container = stack.containers[service]!;
    return { container: this.container, started: true };
  }

  private async findRunning(): Promise<ContainerInfo | undefined> {
    try {
      return await findRunningContainer(this.options.engine, this.options.project.name, this.options.service);
    } catch (error) {
      if (isTempfsError(error, 'NOT_FOUND') || isTempfsError(error, 'NOT_RUNNING')) return undefined;
      throw error;
    }
  }
}
