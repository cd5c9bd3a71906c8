/**
 * Which containers to translate: the selection of plan/ (pure, as kube/ is), dependencies
 * first, recipe order among equals (the manifests' order).
 */
import { selectServices } from '../plan/plan.js';
import type { ContainerSpec, Project } from '../recipe/model.js';

/** The named containers and everything they depend on (all of them when none is named), as `up` selects them. */
export function selectContainers(project: Project, names: readonly string[]): ContainerSpec[] {
  const all = Object.values(project.containers);
  const wanted = selectServices(project, names);

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
  for (const spec of all) if (wanted.has(spec.name)) place(spec, new Set());
  return out;
}

/** Containers some selected container waits on to complete: Jobs, not long-running workloads. */
export function oneShots(selected: readonly ContainerSpec[]): Set<string> {
  return new Set(
    selected.flatMap((c) => Object.entries(c.depends_on).filter(([, d]) => d.condition === 'completed_successfully').map(([name]) => name)),
  );
}
