/**
 * The normalised recipe model: what every layer below `recipe/` consumes.
 * Keys keep the recipe's (Compose-like) names so `tempfs config` reads like a recipe;
 * every default is filled in, sizes are bytes and durations are milliseconds,
 * so later layers never parse or guess.
 */

export type DependencyCondition = 'started' | 'ready' | 'completed_successfully';

export interface PortMapping {
  /** Host address to bind, '' for all addresses. */
  host_ip: string;
  /** Host port; null means "let Podman pick" (short form `"8080"`). */
  host: number | null;
  container: number;
  protocol: 'tcp' | 'udp';
}

/**
 * A mount. `options` are Podman's `-v` options beyond `ro` (`z`, `Z`, `nocopy`, a
 * propagation such as `rslave`). An anonymous volume has source '' (Podman makes one,
 * removed with the container).
 */
export type VolumeMount =
  | { type: 'volume'; source: string; target: string; read_only: boolean; options: string[] }
  | { type: 'bind'; source: string; target: string; read_only: boolean; options: string[] };

/** A Compose secret or config: a host file mounted read-only at `target`. */
export interface FileMount {
  /** The key under top-level `secrets:` / `configs:`. */
  name: string;
  /** Absolute host path. */
  source: string;
  target: string;
}

/** How a container joins one project network (key under top-level `networks:`). */
export interface NetworkAttachment {
  /** More names the container answers to on this network (its service name always). */
  aliases: string[];
}

/** A project network: `<project>_<key>` unless `name` is given; `external` ones are joined, never made or removed. */
export interface NetworkSpec {
  name: string | null;
  external: boolean;
  internal: boolean;
  labels: Record<string, string>;
}

/**
 * What a container may reach: `default` the project network (and through it the outside
 * world), `none` nothing but its own loopback, `internal` the project's containers only (an
 * internal network that the project's `default` containers join too, so they are reachable
 * by name; it has no route out).
 */
export type NetworkPolicy = 'default' | 'none' | 'internal';

export const NETWORK_POLICIES = ['default', 'none', 'internal'] as const satisfies readonly NetworkPolicy[];

export interface TmpfsMount {
  target: string;
  /** Size cap in bytes; null when the recipe gives none (ephemeral containers get a default). */
  size: number | null;
}

export interface Resources {
  cpus: number | null;
  /** Bytes. */
  memory: number | null;
  /** Bytes: memory plus swap, as Podman's --memory-swap. -1 means unlimited swap. */
  memory_swap: number | null;
  pids: number | null;
  /** GPUs passed in (`resources.gpus`): all, the first N, or these ids. Absent: none. */
  gpus?: Gpus;
}

export type Gpus = 'all' | number | string[];

export interface HttpProbe {
  url: string;
  status: number;
}

export interface ReadySpec {
  /** Regex source tested on every output line since this start. */
  log: string | null;
  /** How many lines must match `log`. */
  times: number;
  http: HttpProbe | null;
  /** A port to connect to: `host:port` or a bare container port published on the host. */
  tcp: { host: string; port: number } | null;
  /** argv run with `podman exec`; ready when it exits 0. */
  exec: string[] | null;
  /** Milliseconds between polls of http/tcp/exec. */
  interval: number;
  /** Milliseconds for all probes together. */
  timeout: number;
}

export interface DependsOn {
  condition: DependencyCondition;
}

export interface ContainerSpec {
  /** The service name, the key under `containers:`. */
  name: string;
  image: string;
  /** null: the image's own. */
  command: string[] | null;
  entrypoint: string[] | null;
  /** `env_file` values overlaid by `environment` (environment wins). */
  environment: Record<string, string>;
  /** Absolute paths, in order; already read into `environment`. */
  env_file: string[];
  ports: PortMapping[];
  volumes: VolumeMount[];
  tmpfs: TmpfsMount[];
  resources: Resources;
  /** null: no probes; the container is ready once started. */
  ready: ReadySpec | null;
  depends_on: Record<string, DependsOn>;
  profiles: string[];
  labels: Record<string, string>;
  user: string | null;
  working_dir: string | null;
  /** Milliseconds between SIGTERM and SIGKILL. Default 10000. */
  stop_grace_period: number;
  /** Run Podman's --init. Default true. */
  init: boolean;
  /** Read-only image, writable paths on tmpfs, removed on exit. */
  ephemeral: boolean;
  /** Model names mounted read-only at /models/<name>.gguf (or their `file`). */
  models: string[];
  roles: string[];
  /** Capabilities added back (ephemeral containers drop all). */
  cap_add: string[];
  /** Milliseconds after which a detached stack is removed; null: never. */
  ttl: number | null;
  /** Podman's container name; null: `<project>-<service>-1`. */
  container_name: string | null;
  /** Podman's `--restart` policy (`no`, `always`, `on-failure[:N]`, `unless-stopped`); null: none. */
  restart: string | null;
  cap_drop: string[];
  /** /dev/shm size in bytes; null: Podman's default. */
  shm_size: number | null;
  ulimits: Record<string, { soft: number; hard: number }>;
  /** `HOST:IP` entries for /etc/hosts. */
  extra_hosts: string[];
  /** Project networks joined, by key; empty: the project's default network. */
  networks: Record<string, NetworkAttachment>;
  /** The network policy (see NetworkPolicy); `default` unless the recipe says otherwise. */
  network: NetworkPolicy;
  /** Root filesystem read-only (ephemeral containers always are). */
  read_only: boolean;
  /** Signal `stop` sends first; null: the image's (SIGTERM). */
  stop_signal: string | null;
  secrets: FileMount[];
  configs: FileMount[];
}

export interface ModelSpec {
  name: string;
  /** Resolved http(s) URL (hf:// already mapped). */
  url: string;
  /** Lower-case hex, or null when not pinned. */
  sha256: string | null;
  /** File name in the cache and under /models. */
  file: string;
}

export interface VolumeSpec {
  name: string;
  labels: Record<string, string>;
}

/** A custom command declared in YAML (`commands:` entries that are objects). */
export interface YamlCommandSpec {
  name: string;
  aliases: string[];
  description: string;
  roles: string[];
  run: string[];
}

export interface Project {
  /** Normalised project name, `[a-z0-9][a-z0-9_-]*`. */
  name: string;
  /** Absolute paths of the recipe files, in merge order. */
  files: string[];
  /** Folder of the first recipe file: relative paths resolve against it. */
  dir: string;
  models: Record<string, ModelSpec>;
  volumes: Record<string, VolumeSpec>;
  /** Project networks declared under top-level `networks:` (the default network is implicit). */
  networks: Record<string, NetworkSpec>;
  /** Only the containers enabled by the active profiles, in file order. */
  containers: Record<string, ContainerSpec>;
  /** Absolute folders of custom command modules. */
  commands: string[];
  /** Custom commands declared inline. */
  yaml_commands: YamlCommandSpec[];
  /** Container the interactive shell opens by default, or null. */
  terminal: string | null;
  /** Default TTL for a detached stack in milliseconds, or null. */
  ttl: number | null;
  /** Profiles that were active when this model was built. */
  profiles: string[];
}

/** A warning found while loading (unset variable, unknown role): printed, never fatal. */
export interface RecipeWarning {
  message: string;
  file?: string;
  line?: number;
  col?: number;
}
