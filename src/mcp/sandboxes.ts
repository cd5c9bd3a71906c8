/**
 * Sandboxes on demand: every `container_start` with arguments makes a new hardened container
 * (see sandbox-spec.ts) through the orchestrator's `up`, so each is a session of its own under
 * its own monitor: labelled, removed when the server stops, by its TTL (the monitor and
 * Podman's `--timeout`), by an idle timeout when one was asked for, or by the monitor should
 * the server be killed. All of a server's sandboxes share one project (`mcp-<hex>`) and so
 * its networks, which a server without a recipe makes beside its handshake and keeps until it
 * stops (`prepare`). Only the sandboxes this server started can be used or stopped here.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerEngine, ImageUsers } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { NetworkPolicy } from '../recipe/model.js';
import { holdNetworks, up, type MonitorSettings, type NetworkHold, type StackHandle } from '../stack/index.js';
import { INTERNAL_NETWORK_KEY } from '../stack/networks.js';
import { DEFAULT_CPUS, DEFAULT_MEMORY_BYTES, DEFAULT_NETWORK, DEFAULT_TTL_MS, sandboxProject, sandboxSpec } from './sandbox-spec.js';
import { pickUser } from './sandbox-user.js';
import { workspaceMounts, type VolumeRequest } from './workspace.js';

export interface SandboxesOptions {
  engine: ContainerEngine;
  /** The workspace folders (real paths); volumes must be inside one. */
  roots: string[];
  /** When a call names no image: the recipe's sandbox image, else DEFAULT_SANDBOX_IMAGE. */
  defaultImage: string;
  /** Aborted when the server closes: a start in progress gives up. */
  signal: AbortSignal;
  events: EventSink;
  env: Record<string, string | undefined>;
  monitor?: MonitorSettings;
  /** The project name the sandboxes share (default `mcp-<8 hex>`). */
  project?: string;
  /** A start gives up after this (default 2 min). */
  startTimeoutMs?: number;
}

export interface StartRequest {
  image?: string;
  volumes?: VolumeRequest[];
  network?: NetworkPolicy;
  ports?: number[];
  /** Milliseconds. */
  ttl?: number;
  /** Milliseconds without a command before it is removed; none by default. */
  idleTimeout?: number;
  /** Bytes. */
  memory?: number;
  cpus?: number;
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
}

export interface SandboxView {
  containerId: string;
  image: string;
  status: string;
  ports: { container: number; url: string }[];
  /** The TTL asked for, and what is left of it (ms). */
  ttl: number;
  ttlLeft: number;
  network: NetworkPolicy;
  user: string;
  /** Seconds since it started. */
  uptime: number;
  volumes: { source: string; target: string; mode: 'ro' | 'rw' }[];
  idleTimeout?: number;
}

interface Box {
  view: Omit<SandboxView, 'status' | 'ttlLeft' | 'uptime'>;
  handle: StackHandle;
  startedAt: number;
  idleTimer?: NodeJS.Timeout;
}

export class Sandboxes {
  readonly project: string;
  private readonly boxes = new Map<string, Box>();
  private readonly images = new Map<string, Promise<ImageUsers | null>>();
  private count = 0;
  private version: Promise<string> | undefined;
  /** Starts in progress: the project's networks stay while one may be about to join them. */
  private starting = 0;
  /** The project's networks, made ahead by `prepare()` and kept until `dispose()`; null: made by the first start. */
  private held: Promise<NetworkHold | null> = Promise.resolve(null);

  constructor(private readonly options: SandboxesOptions) {
    this.project = options.project ?? `mcp-${randomBytes(4).toString('hex')}`;
  }

  /**
   * What the first sandbox would otherwise wait for, begun now (the server has just started,
   * the agent is not waiting yet): the project's two networks under a monitor of their own
   * (see stack/hold.ts), the engine's version, the default image's users. Each failure is
   * left for a start to meet again and report.
   */
  prepare(): void {
    const { engine, events } = this.options;
    this.held = holdNetworks({
      engine,
      project: sandboxProject(this.project, this.options.roots[0] ?? process.cwd()),
      keys: ['default', INTERNAL_NETWORK_KEY],
      signal: this.options.signal,
      events,
      env: this.options.env,
      monitor: this.options.monitor,
    }).catch((error: unknown) => {
      events({ type: 'message', level: 'info', text: `the sandboxes' networks are made by the first sandbox: ${(error as Error).message}` });
      return null;
    });
    this.engineFor(true).version().catch(() => {});
    this.imageUsers(this.options.defaultImage).catch(() => {});
  }

  /** Starts a new sandbox; on any failure nothing of it is left. */
  async start(request: StartRequest, signal?: AbortSignal): Promise<SandboxView> {
    const image = request.image ?? this.options.defaultImage;
    // Everything that can be refused is refused before anything starts.
    const volumes = await workspaceMounts(request.volumes ?? [], this.options.roots);
    const users = await this.imageUsers(image);
    const user = pickUser(request.user, users);
    const service = `box${++this.count}`;
    const spec = sandboxSpec({
      service,
      image,
      volumes,
      network: request.network ?? DEFAULT_NETWORK,
      ports: request.ports ?? [],
      memory: request.memory ?? DEFAULT_MEMORY_BYTES,
      cpus: request.cpus ?? DEFAULT_CPUS,
      env: request.env ?? {},
      workdir: request.workdir ?? null,
      user,
    });
    const ttl = request.ttl ?? DEFAULT_TTL_MS;
    const cancel = AbortSignal.any([this.options.signal, ...(signal ? [signal] : [])]);
    const upOnce = (networksKnown: boolean) =>
      up({
        engine: this.engineFor(networksKnown),
        project: sandboxProject(this.project, this.options.roots[0] ?? process.cwd(), spec),
        services: [service],
        signal: cancel,
        events: this.options.events,
        env: this.options.env,
        monitor: this.options.monitor,
        waitTimeoutMs: this.options.startTimeoutMs ?? 120_000,
        ttlMs: ttl,
      });
    this.starting++;
    // While they are held, or another sandbox of this server runs, the project's networks
    // exist (a session's removal leaves them while the project has containers): not made
    // again. Should they be gone after all (a monitor removed the last sandbox by its TTL
    // just now), one more try makes them.
    const held = await this.held;
    const networksKnown = held !== null || this.boxes.size > 0;
    const handle = await upOnce(networksKnown)
      .catch((error: unknown) => {
        if (!networksKnown || cancel.aborted) throw error;
        return upOnce(false);
      })
      .finally(() => this.starting--);
    const containerId = handle.containers[service]!;
    try {
      const box: Box = {
        handle,
        startedAt: Date.now(),
        view: {
          containerId,
          image,
          ports: await this.portUrls(containerId, spec.ports.length > 0),
          ttl,
          network: spec.network,
          user: user.shown,
          volumes: volumes.map((v) => ({ source: v.source, target: v.target, mode: v.read_only ? 'ro' : 'rw' })),
          ...(request.idleTimeout === undefined ? {} : { idleTimeout: request.idleTimeout }),
        },
      };
      this.boxes.set(containerId, box);
      this.touch(containerId);
      return this.show(box, 'running');
    } catch (error) {
      await handle.down();
      throw error;
    }
  }

  /** The container to run in; refuses what this server did not start. Counts as use for the idle timeout. */
  use(id: string): string {
    this.need(id);
    this.touch(id);
    return id;
  }

  async stop(id: string): Promise<SandboxView> {
    const box = this.need(id);
    this.boxes.delete(id);
    clearTimeout(box.idleTimer);
    const held = await this.held;
    await box.handle.down({ keepNetworks: held !== null });
    if (!held) await this.removeNetworksIfIdle();
    return this.show(box, 'removed');
  }

  /**
   * A session's removal leaves the shared networks while another sandbox of the project
   * exists; sandboxes removed together each see the others, so the last one out sweeps.
   */
  private async removeNetworksIfIdle(): Promise<void> {
    if (this.boxes.size > 0 || this.starting > 0) return;
    const { engine } = this.options;
    const [networks, containers] = await Promise.all([engine.listNetworks({ project: this.project }), engine.listContainers({ project: this.project })]);
    if (containers.length > 0 || this.boxes.size > 0 || this.starting > 0) return;
    await Promise.all(networks.map((n) => engine.removeNetwork(n).catch(() => {})));
  }

  /** This server's sandboxes with their state as the engine reports it; ones gone by their TTL are reported once as removed. */
  async list(): Promise<SandboxView[]> {
    if (this.boxes.size === 0) return [];
    const listed = await this.options.engine.listContainers({ project: this.project });
    const states = new Map(listed.map((c) => [c.name, c.state]));
    return [...this.boxes.entries()].map(([id, box]) => {
      const state = states.get(id);
      if (state === undefined) {
        this.boxes.delete(id);
        clearTimeout(box.idleTimer);
      }
      return this.show(box, state ?? 'removed');
    });
  }

  /** Removes every sandbox (the server stops); bounded like the rest of the shutdown, the monitors being the net under what is left. */
  async dispose(log: (line: string) => void, boundMs = 30_000): Promise<void> {
    const ids = [...this.boxes.keys()];
    if (ids.length > 0) log(`removing ${ids.length} sandbox(es): ${ids.join(', ')}`);
    const release = async () => {
      const held = await this.held;
      await held?.release().catch((error: unknown) => log(`removing the sandboxes' networks failed: ${(error as Error).message}`));
    };
    const removal = Promise.all(ids.map((id) => this.stop(id).catch((error: unknown) => log(`removing ${id} failed: ${(error as Error).message}`)))).then(release);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), boundMs)));
    if ((await Promise.race([removal, bound])) === 'timeout') log(`removing the sandboxes did not finish within ${boundMs / 1000}s; their monitors remove them`);
    clearTimeout(timer);
  }

  private need(id: string): Box {
    const box = this.boxes.get(id);
    if (box) return box;
    const mine = [...this.boxes.keys()];
    throw new TempfsError('NOT_FOUND', `containerId ${JSON.stringify(id)} is not a sandbox of this server${mine.length ? ` (its sandboxes: ${mine.join(', ')})` : ' (it has none running)'}`, {
      hint: 'use a containerId returned by container_start (see container_list); containers of other sessions are never touched',
    });
  }

  private touch(id: string): void {
    const box = this.boxes.get(id);
    if (!box?.view.idleTimeout) return;
    clearTimeout(box.idleTimer);
    box.idleTimer = setTimeout(() => {
      this.options.events({ type: 'message', level: 'info', text: `sandbox ${id} idle for ${box.view.idleTimeout} ms: removing it` });
      void this.stop(id).catch(() => {});
    }, box.view.idleTimeout);
    box.idleTimer.unref();
  }

  private show(box: Box, status: string): SandboxView {
    const now = Date.now();
    return {
      ...box.view,
      status,
      uptime: Math.round((now - box.startedAt) / 1000),
      ttlLeft: status === 'removed' ? 0 : Math.max(0, box.startedAt + box.view.ttl - now),
    };
  }

  /**
   * The engine as `up` sees it for a sandbox: its version checked once per server, and the
   * shared networks' creation skipped when they are known to exist. Each start of a sandbox
   * otherwise pays three engine calls before its `run`, on the path the agent waits on.
   */
  private engineFor(networksKnown: boolean): ContainerEngine {
    const { engine } = this.options;
    const view = Object.create(engine) as ContainerEngine;
    view.version = () =>
      (this.version ??= engine.version().catch((error: unknown) => {
        this.version = undefined;
        throw error;
      }));
    if (networksKnown) view.ensureNetwork = async () => {};
    return view;
  }

  /** The image's users, looked up once per image; refuses an image that is not on this machine. */
  private async imageUsers(image: string): Promise<ImageUsers | null> {
    const { engine } = this.options;
    let found = this.images.get(image);
    if (!found) {
      found = engine.imageUsers ? engine.imageUsers(image) : engine.imageExists(image).then((ok) => (ok ? { configured: null, passwd: null } : null));
      this.images.set(image, found);
    }
    const users = await found.catch((error: unknown) => {
      this.images.delete(image);
      throw error;
    });
    if (users) return users;
    this.images.delete(image);
    throw new TempfsError('IMAGE_MISSING', `image ${image} is not on this machine: sandboxes start from local images only`, {
      hint: `pick one from \`podman images\`, or ask the user to \`podman pull ${image}\``,
    });
  }

  /** `http://127.0.0.1:<host port>` for each published port. */
  private async portUrls(container: string, any: boolean): Promise<{ container: number; url: string }[]> {
    if (!any) return [];
    const { engine } = this.options;
    const [info, remoteHost] = await Promise.all([engine.inspectContainer(container), engine.publishedHost?.() ?? null]);
    const host = remoteHost ?? '127.0.0.1';
    return (info?.ports ?? []).map((p) => ({ container: p.container, url: `http://${host}:${p.host}` }));
  }
}
