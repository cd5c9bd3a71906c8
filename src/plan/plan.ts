/**
 * The dependency plan as data: which containers a run touches, in which order, and what
 * each waits for. Pure: it reads the recipe model and does no I/O. Execution is event
 * driven (a container starts as soon as its own dependencies are satisfied), so the order
 * here is a stable topological order for display and for `down`, not a set of waves.
 */
import { TempfsError } from '../errors.js';
import type { DependencyCondition, Project } from '../recipe/model.js';
import { describeCycle, findCycle } from '../shared/dependency-cycle.js';

export interface PlanWait {
  service: string;
  condition: DependencyCondition;
}

export interface PlanStep {
  service: string;
  /** Dependencies this container waits for, sorted by name. */
  waitsFor: PlanWait[];
  /** Longest chain of dependencies below it: steps of equal depth can run side by side. */
  depth: number;
}

export interface Plan {
  project: string;
  /** Topological order: dependencies first, ties by depth then name. */
  steps: PlanStep[];
}

/** Named services plus everything they depend on, transitively; all when none named. */
export function selectServices(project: Project, names: readonly string[] = []): Set<string> {
  if (names.length === 0) return new Set(Object.keys(project.containers));
  const selected = new Set<string>();
  const visit = (name: string, from?: string): void => {
    if (selected.has(name)) return;
    const spec = project.containers[name];
    if (!spec) {
      const where = from ? ` (a dependency of "${from}")` : '';
      throw new TempfsError('USAGE', `no container named "${name}"${where} in project "${project.name}"`, {
        hint: `containers: ${Object.keys(project.containers).sort().join(', ') || '(none)'}`,
      });
    }
    selected.add(name);
    for (const dep of Object.keys(spec.depends_on)) visit(dep, name);
  };
  for (const name of names) visit(name);
  return selected;
}

export function buildPlan(project: Project, names: readonly string[] = []): Plan {
  const selected = selectServices(project, names);
  const edges = new Map<string, string[]>();
  for (const name of selected) edges.set(name, Object.keys(project.containers[name]!.depends_on));
  const cycle = findCycle(edges);
  if (cycle) throw new TempfsError('RECIPE_INVALID', describeCycle(cycle));

  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const deps = edges.get(name) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depthOf));
    depth.set(name, d);
    return d;
  };

  const steps = [...selected]
    .map((service) => ({
      service,
      depth: depthOf(service),
      waitsFor: Object.entries(project.containers[service]!.depends_on)
        .map(([dep, { condition }]) => ({ service: dep, condition }))
        .sort((a, b) => a.service.localeCompare(b.service)),
    }))
    .sort((a, b) => a.depth - b.depth || a.service.localeCompare(b.service));
  return { project: project.name, steps };
}

/**
 * For `down`: each container with the containers that must be gone before it
 * (its dependents), so stopping walks the graph in reverse.
 */
export function dependentsOf(plan: Plan): Map<string, string[]> {
  const dependents = new Map<string, string[]>(plan.steps.map((s) => [s.service, []]));
  for (const step of plan.steps) {
    for (const wait of step.waitsFor) dependents.get(wait.service)?.push(step.service);
  }
  for (const list of dependents.values()) list.sort();
  return dependents;
}
