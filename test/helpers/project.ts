/** Literal Project / ContainerSpec builders for pure unit tests (every default spelled out). */
import type { ContainerSpec, DependencyCondition, Project, ReadySpec } from '../../src/recipe/model.js';

export function container(name: string, overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name,
    image: 'localhost/tempfs-busybox:test',
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
    stop_grace_period: 10_000,
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
    read_only: false,
    stop_signal: null,
    secrets: [],
    configs: [],
    ...overrides,
  };
}

export function ready(overrides: Partial<ReadySpec> = {}): ReadySpec {
  return { log: null, times: 1, http: null, tcp: null, exec: null, interval: 500, timeout: 60_000, ...overrides };
}

/** `deps('a', 'b:ready')` -> depends_on map. */
export function deps(...specs: string[]): ContainerSpec['depends_on'] {
  return Object.fromEntries(
    specs.map((s) => {
      const [name, condition = 'started'] = s.split(':');
      return [name!, { condition: condition as DependencyCondition }];
    }),
  );
}

export function project(name: string, containers: ContainerSpec[]): Project {
  return {
    name,
    files: [`/tmp/${name}/tempfs.yaml`],
    dir: `/tmp/${name}`,
    models: {},
    volumes: {},
    networks: {},
    containers: Object.fromEntries(containers.map((c) => [c.name, c])),
    commands: [],
    yaml_commands: [],
    terminal: null,
    ttl: null,
    profiles: [],
  };
}
