/**
 * An agent's sandbox as a recipe container, built in memory: the `ephemeral: true`
 * hardening (read-only image, size-capped tmpfs for /tmp, /run, /var/tmp and HOME,
 * cap-drop ALL, no-new-privileges, a pids limit), memory and cpu limits, a process that
 * only waits (`sleep infinity` under `--init`), and the project all of a server's sandboxes
 * share: one project network for `default` ones, and its internal network (declared, so
 * `default` sandboxes join it too and stay reachable by name from `internal` ones). Pure.
 */
import { containerDefaults } from '../recipe/container-defaults.js';
import { EPHEMERAL_PIDS_LIMIT } from '../recipe/ephemeral.js';
import type { ContainerSpec, NetworkPolicy, Project, VolumeMount } from '../recipe/model.js';
import { INTERNAL_NETWORK_KEY } from '../stack/networks.js';
import type { SandboxUser } from './sandbox-user.js';

/** The image when neither the call nor a recipe names one. */
export const DEFAULT_SANDBOX_IMAGE = 'docker.io/library/ubuntu:24.04';
export const DEFAULT_TTL_MS = 3_600_000;
export const DEFAULT_MEMORY_BYTES = 2 * 1024 ** 3;
export const DEFAULT_CPUS = 1;
/** Agents install packages and fetch code: see the README (MCP, sandboxes) for why this is not `none`. */
export const DEFAULT_NETWORK: NetworkPolicy = 'default';
/**
 * Removing a sandbox discards everything in it (its writable paths are tmpfs), and nothing
 * in it asked for a clean stop: SIGKILL at once (`rm -t 0`), on container_stop, TTL and the
 * monitor's removal after the server died alike.
 */
const STOP_GRACE_MS = 0;

export interface SandboxSpecInput {
  /** The service name (unique in the server's project). */
  service: string;
  image: string;
  volumes: VolumeMount[];
  network: NetworkPolicy;
  /** Container ports published on 127.0.0.1 (a free host port each). */
  ports: number[];
  memory: number;
  cpus: number;
  env: Record<string, string>;
  workdir: string | null;
  user: SandboxUser;
}

export function sandboxSpec(input: SandboxSpecInput): ContainerSpec {
  const environment = { ...(input.user.home ? { HOME: input.user.home } : {}), ...input.env };
  return {
    ...containerDefaults(input.service, input.image),
    command: ['infinity'],
    entrypoint: ['sleep'],
    environment,
    ports: input.ports.map((container) => ({ host_ip: '127.0.0.1', host: null, container, protocol: 'tcp' })),
    volumes: input.volumes,
    // tmpfs stays empty: ephemeralMounts() adds /tmp, /var/tmp, /run and HOME with their caps.
    resources: { cpus: input.cpus, memory: input.memory, memory_swap: input.memory, pids: EPHEMERAL_PIDS_LIMIT },
    user: input.user.user,
    working_dir: input.workdir,
    stop_grace_period: STOP_GRACE_MS,
    ephemeral: true,
    network: input.network,
    read_only: true,
  };
}

/** The project one sandbox is started in: the server's project name, that one container (none: the project's networks alone), the internal network declared. */
export function sandboxProject(name: string, dir: string, spec?: ContainerSpec): Project {
  return {
    name,
    files: [],
    dir,
    models: {},
    volumes: {},
    networks: { [INTERNAL_NETWORK_KEY]: { name: null, external: false, internal: true, labels: {} } },
    containers: spec ? { [spec.name]: spec } : {},
    commands: [],
    yaml_commands: [],
    terminal: null,
    ttl: null,
    profiles: [],
  };
}
