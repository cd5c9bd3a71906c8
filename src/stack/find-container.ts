/** The running container of a service in a project, or a clear error saying what to do. */
import { Labels, type ContainerEngine, type ContainerInfo } from '../engine/engine.js';
import { TempfsError } from '../errors.js';

export async function findRunningContainer(engine: ContainerEngine, project: string, service: string): Promise<ContainerInfo> {
  return pickRunning(await engine.listContainers({ project }), project, service);
}

/** The same, from a listing of the project's containers already at hand. */
export function pickRunning(all: readonly ContainerInfo[], project: string, service: string): ContainerInfo {
  const mine = all.filter((c) => c.labels[Labels.service] === service && c.labels[Labels.oneoff] !== 'true');
  const running = mine.find((c) => c.state === 'running');
  if (running) return running;
  if (mine.length > 0) {
    throw new TempfsError('NOT_RUNNING', `container ${mine[0]!.name} of service "${service}" is ${mine[0]!.state}`, {
      hint: `see its output with: tempfs logs ${service}`,
    });
  }
  const services = [...new Set(all.map((c) => c.labels[Labels.service]).filter(Boolean))];
  throw new TempfsError('NOT_FOUND', `no running container of service "${service}" in project ${project}`, {
    hint: services.length ? `running services: ${services.join(', ')}` : `start it with: tempfs up -d ${service}`,
  });
}
