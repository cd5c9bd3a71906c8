/**
 * A ContainerEngine that loads the real one on first use. The monitor starts beside the
 * containers of an `up` and competes with them for CPU: loading the Podman engine (execa
 * and its modules, ~65 ms of CPU here) is put off until the monitor has something to ask
 * Podman, which for a foreground `up` that ends well is never.
 */
import type {
  AttachOptions,
  ContainerEngine,
  ContainerInfo,
  CreateRequest,
  ExecOptions,
  ExecResult,
  LabelFilter,
  LogLine,
  LogOptions,
} from '../engine/engine.js';
import type { EngineConnection } from '../engine/connection.js';

export class LazyEngine implements ContainerEngine {
  private loaded: Promise<ContainerEngine> | undefined;

  constructor(
    private readonly load: () => Promise<ContainerEngine>,
    readonly connection?: EngineConnection,
  ) {}

  async publishedHost(): Promise<string | null> {
    const engine = await this.engine;
    return engine.publishedHost ? engine.publishedHost() : null;
  }

  /** Loads the engine now, so that a later first call does not pay for it (see main.ts). */
  preload(): void {
    this.engine.catch(() => {}); // a failure is seen again by the first real call
  }

  private get engine(): Promise<ContainerEngine> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  async version(options?: { cached?: boolean }): Promise<string> {
    return (await this.engine).version(options);
  }
  async ensureNetwork(name: string, labels: Record<string, string>, options?: { internal?: boolean }): Promise<void> {
    return (await this.engine).ensureNetwork(name, labels, options);
  }
  async removeNetwork(name: string): Promise<void> {
    return (await this.engine).removeNetwork(name);
  }
  async ensureVolume(name: string, labels: Record<string, string>, options?: { tmpfs?: boolean }): Promise<void> {
    return (await this.engine).ensureVolume(name, labels, options);
  }
  async removeVolume(name: string): Promise<void> {
    return (await this.engine).removeVolume(name);
  }
  async listVolumes(filter: LabelFilter): Promise<string[]> {
    return (await this.engine).listVolumes(filter);
  }
  async listNetworks(filter: LabelFilter): Promise<string[]> {
    return (await this.engine).listNetworks(filter);
  }
  async createContainer(request: CreateRequest): Promise<string> {
    return (await this.engine).createContainer(request);
  }
  async startContainer(name: string): Promise<void> {
    return (await this.engine).startContainer(name);
  }
  async removeContainers(names: string[], graceMs: number): Promise<void> {
    return (await this.engine).removeContainers(names, graceMs);
  }
  async removeLabelled(filter: LabelFilter, graceMs: number): Promise<void> {
    const engine = await this.engine;
    if (engine.removeLabelled) return engine.removeLabelled(filter, graceMs);
    return engine.removeContainers((await engine.listContainers(filter)).map((c) => c.name), graceMs);
  }
  async listContainers(filter: LabelFilter): Promise<ContainerInfo[]> {
    return (await this.engine).listContainers(filter);
  }
  async inspectContainer(name: string): Promise<ContainerInfo | null> {
    return (await this.engine).inspectContainer(name);
  }
  async inspectRaw(name: string): Promise<Record<string, unknown> | null> {
    return (await this.engine).inspectRaw(name);
  }
  async startAttached(name: string, options?: AttachOptions): Promise<ExecResult> {
    const engine = await this.engine;
    return engine.startAttached(name, options);
  }
  async waitContainer(name: string, signal?: AbortSignal): Promise<number> {
    return (await this.engine).waitContainer(name, signal);
  }
  async *logs(name: string, options?: LogOptions): AsyncIterable<LogLine> {
    yield* (await this.engine).logs(name, options);
  }
  async exec(name: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    return (await this.engine).exec(name, argv, options);
  }
  async copy(...args: Parameters<ContainerEngine['copy']>): Promise<void> {
    return (await this.engine).copy(...args);
  }
  async imageExists(image: string): Promise<boolean> {
    return (await this.engine).imageExists(image);
  }
  async playKube(file: string, options: Parameters<ContainerEngine['playKube']>[1]): Promise<void> {
    return (await this.engine).playKube(file, options);
  }
  async listPods(filter: LabelFilter): Promise<string[]> {
    return (await this.engine).listPods(filter);
  }
  async removePods(names: string[], graceMs: number): Promise<void> {
    return (await this.engine).removePods(names, graceMs);
  }
}
