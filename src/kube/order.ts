/**
 * The order of the containers to translate: dependencies first, recipe order among equals
 * (the manifests' order). Which containers is the caller's choice (plan's selectServices,
 * as `up` selects them), so kube/ depends on the recipe model only.
 */
import type { ContainerSpec, Project } from '../recipe/model.js';

/** The `wanted` containers (every one with 'all'), dependencies before their dependents. */
export function selectContainers(project: Project, wanted: ReadonlySet<string> | 'all'): ContainerSpec[] {
  const all = Object.values(project.containers);

  const out: ContainerSpec[] = [];
  const placed = new Set<string>();
  const place = (spec: ContainerSpec, path: Set<string>) => {
    if (placed.has(spec.name) || path.has(spec.name)) return; // cycles are the recipe layer's error
    path.add(spec.name);
    for (const dep of Object.keys(spec.depends_on)) {
      const d = project.containers[dep];
      if (d) place(d, path);
    }
    placed.add(spec.name);
    out.push(spec);
  };
  for (const spec of all) if (wanted === 'all' || wanted.has(spec.name)) place(spec, new Set());
  return out;
}

/** Containers some selected container waits on to complete: Jobs, not long-running workloads. */
export function oneShots(selected: readonly ContainerSpec[]): Set<string> {
  return new Set(
    selected.flatMap((c) => Object.entries(c.depends_on).filter(([, d]) => d.condition === 'completed_successfully').map(([name]) => name)),
  );
}
