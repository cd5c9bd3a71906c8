/** The project network and the named volumes the selected containers use, labelled as ours. */
import type { ContainerEngine } from '../../engine/engine.js';
import { ownerLabels } from '../../engine/labels.js';
import { volumeName } from '../../engine/naming.js';
import type { ContainerSpec, Project } from '../../recipe/model.js';

export async function prepareProjectObjects(
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
