/**
 * A ContainerEngine that loads the real one on first use. The monitor starts beside the
 * containers of an `up` and competes with them for CPU: loading the engine's modules is
 * put off until the monitor has something to ask the engine, which for a foreground `up`
 * that ends well is never.
 */
import type { ContainerEngine } from '../engine/engine.js';
import type { EngineConnection } from '../engine/connection.js';

/** The arguments of a ContainerEngine method: each one below passes them on as they are. */
type Args<K extends keyof ContainerEngine> = NonNullable<ContainerEngine[K]> extends (...args: infer A) => unknown ? A : never;

export class LazyEngine implements ContainerEngine {
  private loaded: Promise<ContainerEngine> | undefined;

  constructor(
    private readonly load: () => Promise<ContainerEngine>,
    readonly connection?: EngineConnection,
  ) {}

  /** Loads the engine now, so that a later first call does not pay for it (see main.ts). */
  preload(): void {
    this.engine.catch(() => {}); // a failure is seen again by the first real call
  }

  private get engine(): Promise<ContainerEngine> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  async publishedHost(): Promise<string | null> {
    const engine = await this.engine;
    return engine.publishedHost ? engine.publishedHost() : null;
  }
  async *logs(...args: Args<'logs'>) {
    yield* (await this.engine).logs(...args);
  }
  async version(...args: Args<'version'>) {
    return (await this.engine).version(...args);
  }
  async ensureNetwork(...args: Args<'ensureNetwork'>) {
    return (await this.engine).ensureNetwork(...args);
  }
  async removeNetwork(...args: Args<'removeNetwork'>) {
    return (await this.engine).removeNetwork(...args);
  }
  async ensureVolume(...args: Args<'ensureVolume'>) {
    return (await this.engine).ensureVolume(...args);
  }
  async removeVolume(...args: Args<'removeVolume'>) {
    return (await this.engine).removeVolume(...args);
  }
  async listVolumes(...args: Args<'listVolumes'>) {
    return (await this.engine).listVolumes(...args);
  }
  async listNetworks(...args: Args<'listNetworks'>) {
    return (await this.engine).listNetworks(...args);
  }
  async createContainer(...args: Args<'createContainer'>) {
    return (await this.engine).createContainer(...args);
  }
  async startContainer(...args: Args<'startContainer'>) {
    return (await this.engine).startContainer(...args);
  }
  async removeContainers(...args: Args<'removeContainers'>) {
    return (await this.engine).removeContainers(...args);
  }
  async pruneNetworks(...args: Args<'pruneNetworks'>) {
    return (await this.engine).pruneNetworks(...args);
  }
  async removeLabelled(...args: Args<'removeLabelled'>) {
    return (await this.engine).removeLabelled(...args);
  }
  async listContainers(...args: Args<'listContainers'>) {
    return (await this.engine).listContainers(...args);
  }
  async inspectContainer(...args: Args<'inspectContainer'>) {
    return (await this.engine).inspectContainer(...args);
  }
  async inspectRaw(...args: Args<'inspectRaw'>) {
    return (await this.engine).inspectRaw(...args);
  }
  async startAttached(...args: Args<'startAttached'>) {
    return (await this.engine).startAttached(...args);
  }
  async waitContainer(...args: Args<'waitContainer'>) {
    return (await this.engine).waitContainer(...args);
  }
  async exec(...args: Args<'exec'>) {
    return (await this.engine).exec(...args);
  }
  async copy(...args: Args<'copy'>) {
    return (await this.engine).copy(...args);
  }
  async imageExists(...args: Args<'imageExists'>) {
    return (await this.engine).imageExists(...args);
  }
  async playKube(...args: Args<'playKube'>) {
    return (await this.engine).playKube(...args);
  }
  async listPods(...args: Args<'listPods'>) {
    return (await this.engine).listPods(...args);
  }
  async removePods(...args: Args<'removePods'>) {
    return (await this.engine).removePods(...args);
  }
}
