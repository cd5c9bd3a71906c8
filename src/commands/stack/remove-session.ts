/**
 * Remove everything of one session: its containers in reverse dependency order, then its
 * ephemeral volumes and the project network when no other session still uses it. Named volumes of the recipe stay (until `down -v`).
 */
import type { ContainerEngine } from '../../engine/engine.js';
import type { EventSink } from '../../events.js';
import type { Project } from '../../recipe/model.js';
import { sessionNetworks } from '../../monitor/cleanup.js';
import { removeInReverseOrder } from './remove-stack.js';

export interface RemoveSessionOptions {
  graceMs?: number;
  events: EventSink;
  project: Project | null;
}

export async function removeSession(engine: ContainerEngine, session: string, options: RemoveSessionOptions): Promise<void> {
  const containers = await engine.listContainers({ session });
  await removeInReverseOrder({ engine, containers, project: options.project, events: options.events, graceMs: options.graceMs });
  const [networks, volumes] = await Promise.all([
    sessionNetworks(engine, session, options.project?.name),
    engine.listVolumes({ session, ephemeral: 'true' }),
  ]);
  await Promise.all([...networks.map((n) => engine.removeNetwork(n)), ...volumes.map((v) => engine.removeVolume(v))]);
}
