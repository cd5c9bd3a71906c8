/**
 * A ContainerSpec with every field at the value a recipe gets when it leaves the field out:
 * the base of containers built in memory (an agent's sandboxes) and of literal specs in tests.
 * Pure.
 */
import type { ContainerSpec } from './model.js';

export const DEFAULT_STOP_GRACE_MS = 10_000;

export function containerDefaults(name: string, image: string): ContainerSpec {
  return {
    name,
    image,
    command: null,
    entrypoint: null,
    environment: {},
    env_file: [],
    ports: [],
    volumes: [],
    tmpfs: [],
    resources: { cpus: null, memory: null, memory_swap: null, pids: null },
    ready: null,
    depends_on: {},
    profiles: [],
    labels: {},
    user: null,
    working_dir: null,
    stop_grace_period: DEFAULT_STOP_GRACE_MS,
    init: true,
    ephemeral: false,
    models: [],
    roles: [],
    cap_add: [],
    ttl: null,
    container_name: null,
    restart: null,
    cap_drop: [],
    shm_size: null,
    ulimits: {},
    extra_hosts: [],
    networks: {},
    network: 'default',
    read_only: false,
    stop_signal: null,
    secrets: [],
    configs: [],
  };
}
