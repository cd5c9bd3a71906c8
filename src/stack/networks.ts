/**
 * A project's networks: which ones a container joins, their engine names, and making them
 * (labelled as ours) where missing. Kept apart from objects.ts so that `down`, which only
 * needs the names, does not load the model downloads.
 */
import type { ContainerEngine } from '../engine/engine.js';
import { ownerLabels } from '../engine/labels.js';
import { projectNetworkName } from '../engine/naming.js';
import type { ContainerSpec, Project } from '../recipe/model.js';

/**
 * The key of the project's internal network (`network: internal`): it has no way out, its
 * containers join only it, and the project's `default` containers join it too so that they
 * stay reachable by name from the internal ones. Recipe keys cannot clash: they start with a letter or a digit.
 */
export const INTERNAL_NETWORK_KEY = '_internal';

/** The project has an internal network: a container asks for it, or the project declares it (agent sandboxes, built in memory, always do). */
export function hasInternalNetwork(project: Project): boolean {
  return INTERNAL_NETWORK_KEY in project.networks || Object.values(project.containers).some((c) => c.network === 'internal');
}

/** The network keys a container joins; empty for `network: none`. */
export function networkKeys(project: Project, spec: ContainerSpec): string[] {
  if (spec.network === 'none') return [];
  if (spec.network === 'internal') return [INTERNAL_NETWORK_KEY];
  const own = Object.keys(spec.networks);
  const keys = own.length === 0 ? ['default'] : own;
  return hasInternalNetwork(project) ? [...keys, INTERNAL_NETWORK_KEY] : keys;
}

/** The networks a container joins by name, when its recipe lists them or the policy asks (else: the default network only; `none`: see run-args). */
export function networkAttachments(project: Project, spec: ContainerSpec): { name: string; aliases: string[] }[] | undefined {
  const keys = networkKeys(project, spec);
  if (spec.network === 'none' || (keys.length === 1 && keys[0] === 'default')) return undefined;
  return keys.map((key) => ({ name: projectNetworkName(project.name, key, project.networks[key]), aliases: spec.networks[key]?.aliases ?? [] }));
}

/** The networks the selected containers join (the default one when they list none), made where missing; external ones exist already. */
export async function ensureSessionNetworks(engine: ContainerEngine, project: Project, specs: readonly ContainerSpec[], session: string): Promise<void> {
  const labels = ownerLabels(project.name, session);
  await Promise.all(ownNetworkKeys(project, specs).map((key) => ensureProjectNetwork(engine, project, key, labels)));
}

/** One project network as the recipe declares it (its name, labels, `internal`), made if missing; returns its name. */
export async function ensureProjectNetwork(engine: ContainerEngine, project: Project, key: string, labels: Record<string, string>): Promise<string> {
  const declared = project.networks[key];
  const name = projectNetworkName(project.name, key, declared);
  const internal = key === INTERNAL_NETWORK_KEY || declared?.internal;
  await engine.ensureNetwork(name, { ...labels, ...(declared?.labels ?? {}) }, { internal });
  return name;
}

/** The project's own networks that its containers join, by engine name. */
export function projectNetworks(project: Project): string[] {
  return ownNetworkKeys(project, Object.values(project.containers)).map((key) => projectNetworkName(project.name, key, project.networks[key]));
}

/** The keys of the networks these containers join, once each, but the external ones (not the project's to make or remove). */
function ownNetworkKeys(project: Project, specs: readonly ContainerSpec[]): string[] {
  const keys = new Set(specs.flatMap((spec) => networkKeys(project, spec)));
  return [...keys].filter((key) => !project.networks[key]?.external);
}
