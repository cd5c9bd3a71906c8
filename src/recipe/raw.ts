/** The recipe document as the schema admits it: before normalisation, after interpolation. */
import type { NetworkPolicy } from './model.js';
import type { LongPort } from './ports.js';

export type Scalar = string | number | boolean | null;
export type Argv = string | Scalar[];
export type StringMap = Record<string, Scalar> | string[];
export type Size = string | number;

export interface RawReady {
  log?: string;
  times?: number;
  http?: string | { url: string; status?: number };
  tcp?: number | string;
  exec?: Argv;
  interval?: string;
  timeout?: string;
}

export interface RawMount {
  type?: 'volume' | 'bind' | 'tmpfs';
  /** Omitted on a `volume`: an anonymous volume; on a `tmpfs`: none. */
  source?: string;
  target: string;
  read_only?: boolean;
  bind?: { propagation?: string; selinux?: 'z' | 'Z'; create_host_path?: boolean };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: Size; mode?: number };
}

export type RawEnvFile = string | { path: string; required?: boolean; format?: 'raw' };

/** Compose's `healthcheck:` (becomes an exec readiness probe). */
export interface RawHealthcheck {
  test?: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface RawLimits {
  cpus?: number | string;
  memory?: Size;
  pids?: number;
}

/** Compose's short (`name`) or long form of a secret or config reference. */
export type RawFileRef = string | { source: string; target?: string; uid?: string; gid?: string; mode?: number };

export type DependencyConditionName = 'started' | 'ready' | 'completed_successfully' | 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface RawContainer {
  image: string;
  command?: Argv;
  entrypoint?: Argv;
  environment?: StringMap;
  env_file?: RawEnvFile | RawEnvFile[];
  ports?: (number | string | LongPort)[];
  volumes?: (string | RawMount)[];
  tmpfs?: Record<string, Size | null> | string[] | string;
  resources?: { cpus?: number | string; memory?: Size; memory_swap?: Size; pids?: number; gpus?: RawGpus };
  ready?: RawReady;
  depends_on?: string[] | Record<string, { condition?: DependencyConditionName; required?: boolean; restart?: boolean } | null>;
  profiles?: string[];
  labels?: StringMap;
  user?: string | number;
  working_dir?: string;
  stop_grace_period?: string;
  init?: boolean;
  ephemeral?: boolean;
  models?: string[];
  roles?: string[];
  ttl?: string;
  cap_add?: string[];
  // Compose's spellings and fields (a compose file's services use them; recipes may too).
  healthcheck?: RawHealthcheck;
  mem_limit?: Size;
  memswap_limit?: Size;
  cpus?: number | string;
  pids_limit?: number;
  deploy?: { resources?: { limits?: RawLimits } };
  restart?: string;
  container_name?: string;
  cap_drop?: string[];
  shm_size?: Size;
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  extra_hosts?: string[] | Record<string, string | string[]>;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  network?: NetworkPolicy;
  /** Compose's; only `none` is read (checked in compose-unsupported.ts). */
  network_mode?: string;
  read_only?: boolean;
  stop_signal?: string;
  secrets?: RawFileRef[];
  configs?: RawFileRef[];
}

export interface RawCommand {
  name: string;
  aliases?: string[];
  description?: string;
  roles?: string[];
  run: string | string[];
}

export interface RawRecipe {
  name?: string;
  env_file?: string | string[];
  models?: Record<string, { url: string; sha256?: string; file?: string }>;
  volumes?: Record<string, { labels?: StringMap } | null>;
  containers?: Record<string, RawContainer>;
  /** A compose file's name for `containers` (one of the two). */
  services?: Record<string, RawContainer>;
  networks?: Record<string, { name?: string; external?: boolean; internal?: boolean; driver?: string; labels?: StringMap } | null>;
  secrets?: Record<string, { file: string }>;
  configs?: Record<string, { file: string }>;
  /** Obsolete in Compose; accepted and ignored. */
  version?: string | number;
  commands?: (string | RawCommand)[];
  terminal?: string;
  ttl?: string;
}

/** `all`, `none` or `""` (an unset `${VAR}`), a count (0: none), or GPU ids and indexes. */
export type RawGpus = string | number | (string | number)[];
