/**
 * The ContainerEngine interface: everything tempfs asks of a container runtime.
 * `readiness/`, `monitor/` and `commands/` depend on this interface only; `podman.ts`
 * and `docker.ts` implement it. Names are full container names (`<project>-<service>-1`).
 */
import type { ContainerSpec } from '../recipe/model.js';
import type { EngineConnection } from './connection.js';
import type { ImageUsers } from './image-users.js';

export type { ImageUsers } from './image-users.js';

/** The labels every object tempfs creates carries; state is read back by them. */
export const Labels = {
  project: 'io.tempfs.project',
  service: 'io.tempfs.service',
  session: 'io.tempfs.session',
  configHash: 'io.tempfs.config-hash',
  /** Milliseconds since epoch at which a detached stack expires (TTL), when set. */
  expires: 'io.tempfs.expires',
  /** `true` on containers started by `tempfs run` (one-off). */
  oneoff: 'io.tempfs.oneoff',
  /** `true` on volumes the session owns outright: the monitor and gc remove them with it. */
  ephemeral: 'io.tempfs.ephemeral',
} as const;

/** Selects objects carrying every one of these labels (all must match, for every kind of object). */
export type LabelFilter = Partial<Record<keyof typeof Labels, string>>;

export type ContainerState = 'created' | 'running' | 'paused' | 'exited' | 'stopping' | 'removing' | 'unknown';

export interface PublishedPort {
  host_ip: string;
  host: number;
  container: number;
  protocol: 'tcp' | 'udp';
}

/** One container as listed by the engine. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  exitCode: number | null;
  /** ISO time, or null when never started. */
  startedAt: string | null;
  labels: Record<string, string>;
  ports: PublishedPort[];
  /** The id of the Pod it belongs to (`tempfs kube --play`), else absent. */
  pod?: string;
}

/** The Pods these containers belong to, each once. */
export function podsOf(containers: readonly ContainerInfo[]): string[] {
  return [...new Set(containers.flatMap((c) => (c.pod ? [c.pod] : [])))];
}

/** What `createContainer` needs beyond the spec: the identity and wiring of this run. */
export interface CreateRequest {
  spec: ContainerSpec;
  /** Full container name, unique per project. */
  name: string;
  project: string;
  session: string;
  /** Network the container joins, with its service name as alias. */
  network: string;
  /** The project networks it joins instead (a compose file's `networks:`), each with its aliases. */
  networks?: { name: string; aliases: string[] }[];
  /** Extra labels (config hash, expiry, one-off). */
  labels: Record<string, string>;
  /**
   * Models to mount read-only: key -> absolute host file. The key is the model name
   * (mounted at `/models/<name>.gguf`) or a file name containing a dot (`/models/<file>`).
   */
  modelMounts?: Record<string, string>;
  /** Override the command (for `run`). */
  command?: string[];
  /** Keep stdin open / allocate a TTY (for `run` in a terminal). */
  interactive?: boolean;
  tty?: boolean;
  /** `--rm` regardless of `spec.ephemeral` (for one-off `run` containers). */
  autoRemove?: boolean;
  /** More `podman create` flags, placed before the image (e.g. `--timeout` for a TTL). */
  extraArgs?: string[];
  /**
   * Create and start in one Podman call (`podman run --detach`): one process instead of
   * two, which is most of the cost of `up`. `startContainer` is then not needed.
   */
  start?: boolean;
  /**
   * Issue the call now, create once this fulfils (see exec.ts, RunOptions.gate): the
   * engine's process is spawned while the project's network is still being made and runs
   * the moment it is there. A rejection is the call's error, and nothing is created.
   */
  after?: Promise<unknown>;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface LogOptions {
  follow?: boolean;
  /** Only the last N lines. */
  tail?: number;
  /** RFC 3339 time or a Go duration like `10m`, as Podman takes. */
  since?: string;
  signal?: AbortSignal;
}

export interface ExecOptions {
  signal?: AbortSignal;
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  /** Pass the caller's stdio through (interactive `tempfs exec`). */
  inherit?: boolean;
  tty?: boolean;
  /** Text written to the process's stdin, then closed. */
  input?: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One end of a copy: a path on this machine, or (with `container`) inside that container. */
export interface CopyPath {
  container?: string;
  path: string;
}

export interface AttachOptions {
  signal?: AbortSignal;
  /** Pass the caller's stdio through (default true); false captures stdout/stderr. */
  inherit?: boolean;
  /** Forward stdin to the container (it must have been created with `interactive`). */
  interactive?: boolean;
}

export interface ContainerEngine {
  /** Which engine and how it is reached (podman or docker, local or remote); absent on test fakes. */
  readonly connection?: EngineConnection;
  /**
   * The address at which published ports are reached from this machine when the engine runs
   * on another one (readiness probes use it instead of loopback); null or absent: this machine.
   */
  publishedHost?(): Promise<string | null>;
  /**
   * Published ports are answered by a proxy that accepts a connection before anything in
   * the container listens, then closes it (Docker's userland proxy): a TCP probe must see
   * the connection stay open, not just open.
   */
  readonly portProxy?: boolean;

  /**
   * Version string (`4.3.1`); throws PODMAN_MISSING / PODMAN_TOO_OLD with a fix. `cached`:
   * an answer remembered for the same binary (path, mtime, size) will do, where the engine
   * keeps one (a local Podman per binary, a local Docker per daemon socket; a remote engine is asked each time).
   */
  version(options?: { cached?: boolean }): Promise<string>;

  ensureNetwork(name: string, labels: Record<string, string>, options?: { internal?: boolean }): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** `tmpfs`: the volume lives in memory (what `tempfs kube --play` gives an emptyDir of medium Memory). */
  ensureVolume(name: string, labels: Record<string, string>, options?: { tmpfs?: boolean }): Promise<void>;
  removeVolume(name: string): Promise<void>;
  listVolumes(filter: LabelFilter): Promise<string[]>;
  listNetworks(filter: LabelFilter): Promise<string[]>;
  /**
   * The networks carrying these labels that no container uses any more, removed in one call
   * with no listing (`network prune --filter`); the names removed. One in use stays, silently.
   * At least one label (an empty filter is refused). `after`: issued now, run once it
   * fulfils (see CreateRequest.after); a rejection is the call's error, and nothing goes.
   */
  pruneNetworks(filter: LabelFilter, options?: { after?: Promise<unknown> }): Promise<string[]>;

  /** Create (not start) a container; returns its id. */
  createContainer(request: CreateRequest): Promise<string>;
  startContainer(name: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; then remove. Missing containers are not an error. */
  removeContainers(names: string[], graceMs: number): Promise<void>;
  /**
   * Every container carrying these labels, stopped with `graceMs` first and removed, with no
   * listing on the way where the engine can filter itself (Podman's `rm --filter`): the one
   * call of a `down` whose containers need no order, and the first thing a monitor does when
   * its CLI died. At least one label (an empty filter is refused). Resolves to the ids removed.
   */
  removeLabelled(filter: LabelFilter, graceMs: number): Promise<string[]>;
  listContainers(filter: LabelFilter): Promise<ContainerInfo[]>;
  inspectContainer(name: string): Promise<ContainerInfo | null>;
  /** Raw `podman inspect` JSON of one container, for tests and `ps --json` details. */
  inspectRaw(name: string): Promise<Record<string, unknown> | null>;
  /**
   * Starts a created container attached to it (`podman start --attach`) and resolves to its
   * exit code when it ends: the race-free way to run a one-off, including `--rm` ones
   * (which `waitContainer` may find already removed). `inherit` (default) passes the
   * caller's stdio through, `interactive` keeps stdin open; otherwise output is captured.
   */
  startAttached(name: string, options?: AttachOptions): Promise<ExecResult>;
  /** Waits for the container to exit; resolves to its exit code. */
  waitContainer(name: string, signal?: AbortSignal): Promise<number>;
  logs(name: string, options?: LogOptions): AsyncIterable<LogLine>;
  exec(name: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** `podman cp`: a file or folder between this machine and a container (either way); throws PODMAN_FAILED with the engine's message. */
  copy(from: CopyPath, to: CopyPath, options?: { signal?: AbortSignal }): Promise<void>;
  imageExists(image: string): Promise<boolean>;
  /** The image's configured user and, where cheap, its /etc/passwd; null when the image is not present. Absent on test fakes. */
  imageUsers?(image: string): Promise<ImageUsers | null>;

  // Pods, for `tempfs kube --play` (and the cleanups that must find what it made).
  /** `podman kube play FILE` on `network` (none: the Pods' own, e.g. hostNetwork); resolves once every Pod (and its init containers) has started. */
  playKube(file: string, options: { network?: string; annotations?: Record<string, string>; signal?: AbortSignal }): Promise<void>;
  /** Ids of the Pods carrying every one of these labels. */
  listPods(filter: LabelFilter): Promise<string[]>;
  /** Remove Pods with what is left in them (their infra containers); missing ones are not an error. */
  removePods(names: string[], graceMs: number): Promise<void>;
}
