/**
 * Remove a project's containers in reverse dependency order: a container goes once every
 * container that depends on it is gone. Each wave of independent containers is one
 * `podman rm -f -t GRACE` call (Podman stops them in parallel: SIGTERM, SIGKILL after
 * the grace), which is much cheaper than a podman process per container.
 */
import { Labels, type ContainerEngine, type ContainerInfo } from '../../engine/engine.js';
import type { EventSink } from '../../events.js';
import type { Project } from '../../recipe/model.js';

export interface RemoveOptions {
  engine: ContainerEngine;
  containers: readonly ContainerInfo[];
  /** The recipe, when it could be loaded: gives dependencies and grace periods. */
  project: Project | null;
  events: EventSink;
  /** `down -t`: overrides every container's stop_grace_period. */
  graceMs?: number;
}

const DEFAULT_GRACE_MS = 10_000;

export async function removeInReverseOrder(options: RemoveOptions): Promise<string[]> {
  const remaining = new Map(options.containers.map((c) => [c.name, c]));
  const removed: string[] = [];
  while (remaining.size > 0) {
    const wave = [...remaining.values()].filter((c) => !hasRemainingDependent(c, remaining, options.project));
    // A cycle cannot reach Podman (the recipe is checked), but never loop forever on odd labels.
    const batch = wave.length > 0 ? wave : [...remaining.values()];
    const grace = Math.max(...batch.map((c) => graceOf(c, options)));
    for (const c of batch) options.events({ type: 'container', service: serviceOf(c), status: 'stopping' });
    const began = Date.now();
    await options.engine.removeContainers(batch.map((c) => c.name), grace);
    for (const c of batch) {
      remaining.delete(c.name);
      removed.push(c.name);
      options.events({ type: 'container', service: serviceOf(c), status: 'removed', elapsedMs: Date.now() - began });
    }
  }
  return removed;
}

function serviceOf(c: ContainerInfo): string {
  return c.labels[Labels.service] ?? c.name;
}

function graceOf(c: ContainerInfo, options: RemoveOptions): number {
  if (options.graceMs !== undefined) return options.graceMs;
  return options.project?.containers[serviceOf(c)]?.stop_grace_period ?? DEFAULT_GRACE_MS;
}

function hasRemainingDependent(c: ContainerInfo, remaining: Map<string, ContainerInfo>, project: Project | null): boolean {
  if (!project) return false;
  const service = serviceOf(c);
  for (const other of remaining.values()) {
    if (other === c) continue;
    const deps = project.containers[serviceOf(other)]?.depends_on ?? {};
    if (service in deps) return true;
  }
  return false;
}
