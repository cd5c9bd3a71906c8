/**
 * Which containers are on: those without `profiles`, those with an active profile, those
 * named on the command line, and everything they depend on.
 */
import type { ContainerSpec } from './model.js';

export function enabledContainers(
  all: Record<string, ContainerSpec>,
  profiles: readonly string[],
  named: readonly string[],
): Set<string> {
  const active = new Set(profiles);
  const on = new Set<string>();
  const enable = (name: string) => {
    if (on.has(name) || !all[name]) return;
    on.add(name);
    for (const dep of Object.keys(all[name].depends_on)) enable(dep);
  };
  for (const spec of Object.values(all)) {
    if (spec.profiles.length === 0 || active.has('*') || spec.profiles.some((p) => active.has(p))) enable(spec.name);
  }
  for (const name of named) enable(name);
  return on;
}
