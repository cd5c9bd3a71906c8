/**
 * What a session needs before its containers: the models fetched, and the project network
 * and the named volumes the selected containers use, labelled as ours. The two are
 * independent, so they run side by side.
 */
import type { ContainerEngine } from '../../engine/engine.js';
import { ownerLabels } from '../../engine/labels.js';
import { networkName, volumeName } from '../../engine/naming.js';
import type { ContainerSpec, Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';
import { ensureProjectModels } from './models.js';

export interface PreparedSession {
  network: string;
  /** Model name -> host file. */
  modelPaths: Record<string, string>;
}

export async function prepareSession(
  ctx: CommandContext,
  engine: ContainerEngine,
  project: Project,
  specs: readonly ContainerSpec[],
  session: string,
  signal: AbortSignal,
): Promise<PreparedSession> {
  const network = networkName(project.name);
  const [modelPaths] = await Promise.all([
    ensureProjectModels(ctx, project, specs, signal),
    prepareProjectObjects(engine, project, specs, session, network),
  ]);
  return { network, modelPaths };
}

/** The read-only model mounts of one container: model name -> host file. */
export function modelMounts(spec: ContainerSpec, modelPaths: Record<string, string>): Record<string, string> {
  return Object.fromEntries(spec.models.filter((m) => modelPaths[m]).map((m) => [m, modelPaths[m]!]));
}

async function prepareProjectObjects(
  engine: ContainerEngine,
  project: Project,
  specs: readonly ContainerSpec[],
  session: string,
  network: string,
): Promise<void> {
  const labels = ownerLabels(project.name, session);
  const volumes = new Set(specs.flatMap((s) => s.volumes.filter((v) => v.type === 'volume').map((v) => v.source)));
  await Promise.all([
    engine.ensureNetwork(network, labels),
    ...[...volumes].map((key) => engine.ensureVolume(volumeName(project.name, key), { ...labels, ...(project.volumes[key]?.labels ?? {}) })),
  ]);
}
