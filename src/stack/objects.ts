/**
 * What a session needs before its containers: the models fetched, and the project network
 * and the named volumes the selected containers use, labelled as ours. They are
 * independent, so they run side by side (and `up` begins the networks even earlier).
 */
import type { ContainerEngine } from '../engine/engine.js';
import { ownerLabels } from '../engine/labels.js';
import { projectNetworkName, volumeName } from '../engine/naming.js';
import type { ContainerSpec, Project } from '../recipe/model.js';
import type { EventSink } from '../events.js';
import { ensureModel, resolveModelsDir } from '../models/index.js';

export interface PreparedSession {
  network: string;
  /** Model name -> host file. */
  modelPaths: Record<string, string>;
}

export interface PrepareInputs {
  engine: ContainerEngine;
  project: Project;
  specs: readonly ContainerSpec[];
  session: string;
  signal: AbortSignal;
  events: EventSink;
  /** Where the model cache is, the Hugging Face token. */
  env: Record<string, string | undefined>;
  /** The networks, when the caller has already begun making them (ensureSessionNetworks). */
  networks?: Promise<void>;
}

export async function prepareSession(inputs: PrepareInputs): Promise<PreparedSession> {
  const { engine, project, specs, session } = inputs;
  const network = projectNetworkName(project.name, 'default', project.networks.default);
  const labels = ownerLabels(project.name, session);
  const [modelPaths] = await Promise.all([
    ensureProjectModels(inputs),
    inputs.networks ?? ensureSessionNetworks(engine, project, specs, session),
    ensureProjectVolumes(engine, project, specs, labels),
  ]);
  return { network, modelPaths };
}

/** Fetch (or find in the cache) every model the selected containers mount, in parallel: model name -> host file. */
async function ensureProjectModels({ project, specs, signal, env, events }: PrepareInputs): Promise<Record<string, string>> {
  const names = [...new Set(specs.flatMap((s) => s.models))];
  if (names.length === 0) return {};
  const cacheDir = resolveModelsDir(env);
  const entries = await Promise.all(
    names.map(async (name) => {
      const result = await ensureModel(project.models[name]!, { cacheDir, signal, env, onProgress: events });
      return [name, result.path] as const;
    }),
  );
  return Object.fromEntries(entries);
}

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

/** The read-only model mounts of one container: model name -> host file. */
export function modelMounts(spec: ContainerSpec, modelPaths: Record<string, string>): Record<string, string> {
  return Object.fromEntries(spec.models.filter((m) => modelPaths[m]).map((m) => [m, modelPaths[m]!]));
}

/** The networks the selected containers join (the default one when they list none), made where missing; external ones exist already. */
export async function ensureSessionNetworks(engine: ContainerEngine, project: Project, specs: readonly ContainerSpec[], session: string): Promise<void> {
  const labels = ownerLabels(project.name, session);
  const keys = new Set(specs.flatMap((s) => networkKeys(project, s)));
  const networks = [...keys].filter((key) => !project.networks[key]?.external);
  await Promise.all(networks.map((key) => ensureProjectNetwork(engine, project, key, labels)));
}

/** The named volumes the selected containers use, labelled as ours, made where missing. */
async function ensureProjectVolumes(engine: ContainerEngine, project: Project, specs: readonly ContainerSpec[], labels: Record<string, string>): Promise<void> {
  const volumes = new Set(specs.flatMap((s) => s.volumes.filter((v) => v.type === 'volume' && v.source !== '').map((v) => v.source)));
  await Promise.all([...volumes].map((key) => engine.ensureVolume(volumeName(project.name, key), { ...labels, ...(project.volumes[key]?.labels ?? {}) })));
}

/** One project network as the recipe declares it (its name, labels, `internal`), made if missing; returns its name. */
export async function ensureProjectNetwork(engine: ContainerEngine, project: Project, key: string, labels: Record<string, string>): Promise<string> {
  const declared = project.networks[key];
  const name = projectNetworkName(project.name, key, declared);
  const internal = key === INTERNAL_NETWORK_KEY || declared?.internal;
  await engine.ensureNetwork(name, { ...labels, ...(declared?.labels ?? {}) }, { internal });
  return name;
}
