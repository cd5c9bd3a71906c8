/**
 * What a session needs before its containers: the models fetched, and the project network
 * and the named volumes the selected containers use, labelled as ours. They are
 * independent, so they run side by side (and `up` begins the networks even earlier); the
 * containers need the models to be described, the networks and volumes only to be created.
 */
import type { ContainerEngine } from '../engine/engine.js';
import { ownerLabels } from '../engine/labels.js';
import { projectNetworkName, volumeName } from '../engine/naming.js';
import type { ContainerSpec, Project } from '../recipe/model.js';
import type { EventSink } from '../events.js';
import { ensureSessionNetworks } from './networks.js';

export interface PreparedSession {
  network: string;
  /** Model name -> host file. */
  modelPaths: Record<string, string>;
  /**
   * The networks and named volumes, made once this fulfils. Not awaited here: containers
   * can be issued before (`CreateRequest.after`), their engine processes spawned meanwhile.
   */
  made: Promise<void>;
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
  const made = Promise.all([inputs.networks ?? ensureSessionNetworks(engine, project, specs, session), ensureProjectVolumes(engine, project, specs, labels)]).then(() => {});
  made.catch(() => {}); // its failure is reported by whoever awaits it (the containers' creation)
  // A failed model waits for the networks to settle, so the cleanup that follows finds them.
  const modelPaths = await ensureProjectModels(inputs).catch(async (error: unknown) => {
    await made.catch(() => {});
    throw error;
  });
  return { network, modelPaths, made };
}

/** Fetch (or find in the cache) every model the selected containers mount, in parallel: model name -> host file. */
async function ensureProjectModels({ project, specs, signal, env, events }: PrepareInputs): Promise<Record<string, string>> {
  const names = [...new Set(specs.flatMap((s) => s.models))];
  if (names.length === 0) return {};
  // The downloader (node:https, node:tls) loads only for a recipe with models.
  const { ensureModel, resolveModelsDir } = await import('../models/index.js');
  const cacheDir = resolveModelsDir(env);
  const entries = await Promise.all(
    names.map(async (name) => {
      const result = await ensureModel(project.models[name]!, { cacheDir, signal, env, onProgress: events });
      return [name, result.path] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The read-only model mounts of one container: model name -> host file. */
export function modelMounts(spec: ContainerSpec, modelPaths: Record<string, string>): Record<string, string> {
  return Object.fromEntries(spec.models.filter((m) => modelPaths[m]).map((m) => [m, modelPaths[m]!]));
}

/** The named volumes the selected containers use, labelled as ours, made where missing. */
async function ensureProjectVolumes(engine: ContainerEngine, project: Project, specs: readonly ContainerSpec[], labels: Record<string, string>): Promise<void> {
  const volumes = new Set(specs.flatMap((s) => s.volumes.filter((v) => v.type === 'volume' && v.source !== '').map((v) => v.source)));
  await Promise.all([...volumes].map((key) => engine.ensureVolume(volumeName(project.name, key), { ...labels, ...(project.volumes[key]?.labels ?? {}) })));
}
