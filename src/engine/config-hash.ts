/**
 * A stable hash of what decides how a container is created, so a second `up -d` can keep
 * containers whose recipe entry did not change and recreate the ones that did. Readiness,
 * dependencies, roles, profiles and TTL do not change the container and are left out.
 */
import { createHash } from 'node:crypto';
import type { ContainerSpec } from '../recipe/model.js';

export function configHash(spec: ContainerSpec, extra: Record<string, unknown> = {}): string {
  const relevant = {
    name: spec.name,
    image: spec.image,
    command: spec.command,
    entrypoint: spec.entrypoint,
    environment: spec.environment,
    ports: spec.ports,
    volumes: spec.volumes,
    tmpfs: spec.tmpfs,
    resources: spec.resources,
    labels: spec.labels,
    user: spec.user,
    working_dir: spec.working_dir,
    stop_grace_period: spec.stop_grace_period,
    init: spec.init,
    ephemeral: spec.ephemeral,
    models: spec.models,
    cap_add: spec.cap_add,
    // Compose's fields only when set, so the hash of a recipe that does not use them is unchanged.
    container_name: spec.container_name ?? undefined,
    restart: spec.restart ?? undefined,
    cap_drop: nonEmpty(spec.cap_drop),
    shm_size: spec.shm_size ?? undefined,
    ulimits: nonEmpty(spec.ulimits),
    extra_hosts: nonEmpty(spec.extra_hosts),
    networks: nonEmpty(spec.networks),
    read_only: spec.read_only || undefined,
    stop_signal: spec.stop_signal ?? undefined,
    secrets: nonEmpty(spec.secrets),
    configs: nonEmpty(spec.configs),
    extra,
  };
  return createHash('sha256').update(canonicalJson(relevant)).digest('hex').slice(0, 16);
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}

/** JSON with object keys sorted at every level, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
