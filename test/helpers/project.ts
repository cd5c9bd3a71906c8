/** Literal Project / ContainerSpec builders for pure unit tests (every default spelled out). */
import { containerDefaults } from '../../src/recipe/container-defaults.js';
import type { ContainerSpec, DependencyCondition, Project, ReadySpec } from '../../src/recipe/model.js';

export function container(name: string, overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return { ...containerDefaults(name, 'localhost/tempfs-busybox:test'), ...overrides };
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
